from . import coop_region
from . import coop_activity_sector
from . import coop_identity_mixin
from . import res_company
from . import res_partner
from . import coop_membership
