from . import coop_claim_report
from . import coop_claim_indicator_xlsx
