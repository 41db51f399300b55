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
]
