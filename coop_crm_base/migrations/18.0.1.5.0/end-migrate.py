"""18.0.1.5.0 (issues #15 and #21, M-8): the indicators read the purchase ledger.

Before, they counted the confirmed sale orders only; now the purchase ledger
(``coop.purchase``): a posted customer invoice without order is a purchase, a credit
note lowers the revenue of its period (it makes no customer), a business customer's
contacts count for the business. Every figure of the rows kept is computed again for
its company and period, in place (same rows): the customers of the previous period,
retained, active and new, the revenue, the class A figures, the satisfaction numerators
(new columns, see post-migrate.py) and the rates. This runs at the end of the upgrade,
when the addons that add sources to the ledger or leave lines out of it are loaded and
migrated too.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["coop.indicator"]._coop_recompute_stored_rows()
