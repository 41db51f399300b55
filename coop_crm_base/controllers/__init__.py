from . import portal
from . import main
from . import short_link
