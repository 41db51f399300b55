from . import test_training
from . import test_portal
from . import test_ui
from . import test_certificate_layout
from . import test_training_isolation
from . import test_register_members
from . import test_trainer_customers
from . import test_training_report
