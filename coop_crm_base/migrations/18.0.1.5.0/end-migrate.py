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
from odoo.tools import SQL

from odoo.addons.coop_crm_base.models.coop_indicator import ADDITIVE, RATES


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Indicator = env["coop.indicator"]
    cr.execute("""
        SELECT period_type, date_start, array_agg(DISTINCT company_id)
          FROM coop_indicator
         GROUP BY period_type, date_start
    """)
    for period_type, date_start, company_ids in cr.fetchall():
        figures = Indicator._coop_compute_indicators(
            env["res.company"].browse(company_ids), period_type, date_start
        )
        for company_id, values in figures.items():
            assignments = SQL(", ").join(
                SQL(
                    "%s = %s",
                    SQL.identifier(fname),
                    None if values[fname] is False else values[fname],
                )
                for fname in (*ADDITIVE, *RATES)
            )
            cr.execute(
                SQL(
                    "UPDATE coop_indicator SET %s"
                    " WHERE company_id = %s AND period_type = %s AND date_start = %s",
                    assignments,
                    company_id,
                    period_type,
                    date_start,
                )
            )
    env.invalidate_all()
