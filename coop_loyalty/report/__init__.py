from . import coop_loyalty_profitability_report
from . import coop_loyalty_operation_xlsx
