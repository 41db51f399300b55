"""18.0.1.4.0 (issue #15): the customer statistics change meaning.

They are read from the purchase ledger: customer invoices without order count as
purchases and credit notes lower the 12-month revenue (before, only confirmed sale
orders counted), and tied RFM values now get the same score (before, ties were broken by
the other measures and the partner id). Recompute every cooperative's statistics on the
reference day of its last recompute, so that the stored figures follow the new
definition at once. This runs at the end of the upgrade, when the addons that add
sources to the ledger or leave entries out of it are loaded and migrated too.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].search([("coop_stats_reference_date", "!=", False)])
    for day, day_companies in companies.grouped("coop_stats_reference_date").items():
        env["res.partner"]._coop_recompute_customer_stats(day_companies, day)
