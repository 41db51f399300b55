from . import test_coop_pos
from . import test_coop_pos_tour
from . import test_pos_demo
