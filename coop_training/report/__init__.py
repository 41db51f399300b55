from . import coop_training_report
from . import coop_training_share_report
from . import training_certificate
