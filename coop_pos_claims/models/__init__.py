from . import coop_claim
from . import pos_order
