from . import coop_training_topic
from . import coop_training_program
from . import event_event
from . import event_registration
from . import event_mail
from . import coop_training_attendance
from . import coop_training_need
from . import res_partner
