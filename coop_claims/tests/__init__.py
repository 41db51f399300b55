from . import test_claim_lifecycle
from . import test_claim_deadline
from . import test_claim_access
from . import test_claim_resolution
from . import test_claim_indicators
from . import test_claim_portal
from . import test_claim_letters
from . import test_claim_query_count
