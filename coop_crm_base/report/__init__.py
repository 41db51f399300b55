from . import coop_columns_xlsx
from . import coop_customer_xlsx
from . import coop_indicator_xlsx
from . import coop_purchase
