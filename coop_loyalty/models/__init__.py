from . import loyalty_program
from . import loyalty_card
from . import res_partner
from . import sale_order
from . import coop_ristourne_policy
from . import coop_ristourne_policy_tier
from . import coop_ristourne_run
from . import coop_ristourne_line
