"""The suite's addons, in dependency order: the one list that the test runner, the
root tests and the translation workflow read (the upgrade test keeps its own: the
addons of the previous release)."""

ADDONS = [
    "coop_crm_base",
    "coop_loyalty",
    "coop_claims",
    "coop_training",
    "coop_pos",
    "coop_pos_claims",
    "coop_campaign",
]

# Odoo modules that `make demo` (and the test command with --demo-modules) installs
# beside the suite when they are there, for its demo data: not dependencies of any addon
# (a cooperative of another country keeps other books). coop_pos's demo loads the chart
# of accounts of the demo cooperatives' country, Morocco, when l10n_ma is installed,
# Odoo's generic one else.
DEMO_MODULES = ["l10n_ma"]
