from . import test_training
from . import test_portal
from . import test_ui
