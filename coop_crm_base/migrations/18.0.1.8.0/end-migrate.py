"""18.0.1.8.0 (issues #15 and #17): stored figures change meaning or are new.

- Customers with the same 12-month revenue share their Pareto class (the class of
  their group's middle); before, their ids decided between them. This changes the
  customers' Pareto class and the class A figures of the indicators.
- An order's invoice credited and invoiced again counts once in the purchase ledger
  (before, the credit note cancelled the purchase), which changes the revenue figures
  of the customers and indicators of such orders.
- The customers' lifetime revenue, cost to serve, profit and first sales channel are
  new, stored with the customer statistics (R-3).

Recompute every cooperative's customer statistics on the reference day of its last
recompute and every stored indicator row in place. At the end of the upgrade, when the
addons that add ledger and cost sources are loaded and migrated too.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].search([("coop_stats_reference_date", "!=", False)])
    for day, day_companies in companies.grouped("coop_stats_reference_date").items():
        env["res.partner"]._coop_recompute_customer_stats(day_companies, day)
    env["coop.indicator"]._coop_recompute_stored_rows()
