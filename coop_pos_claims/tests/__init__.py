from . import test_coop_pos_claims
from . import test_coop_pos_claims_tour
