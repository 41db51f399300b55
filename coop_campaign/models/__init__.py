from . import coop_campaign_recipient
from . import utm_campaign
from . import mailing_mailing
from . import res_partner
