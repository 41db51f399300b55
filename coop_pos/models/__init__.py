from . import pos_config
from . import res_config_settings
from . import pos_order
from . import coop_purchase
from . import res_partner
from . import loyalty
