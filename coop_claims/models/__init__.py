from . import res_company
from . import coop_claim_category
from . import coop_claim
from . import coop_claim_compensation
from . import coop_claim_action
from . import res_partner
from . import coop_claim_report
from . import ir_actions_report
