from . import test_cooperative
from . import test_membership
from . import test_customer_file
from . import test_access
