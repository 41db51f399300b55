from . import test_loyalty_card
from . import test_ristourne
from . import test_access
from . import test_portal
from . import test_profitability
from . import test_ui
from . import test_reports
from . import test_query_counts
