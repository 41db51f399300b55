from . import coop_campaign_xlsx
