from . import test_cooperative
from . import test_membership
from . import test_customer_file
from . import test_access
from . import test_customer_stats
from . import test_indicators
from . import test_interactions
from . import test_privacy
