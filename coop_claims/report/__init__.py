from . import coop_claim_report
