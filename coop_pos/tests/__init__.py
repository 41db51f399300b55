from . import test_coop_pos
from . import test_coop_pos_tour
