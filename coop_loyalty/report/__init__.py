from . import coop_loyalty_profitability_report
