from . import coop_claim_indicators
