"""18.0.1.2.0 (issue #17, C-4): claim indicators stored per cooperative and period
(``coop.claim.indicator``).

The new table gets its rows for the periods and companies of the customer indicators
already kept, as the scheduled job would write them, so that the screens show them
right after the upgrade rather than after the next night. This runs at the end of the
upgrade, when the addons that add sources to the purchase ledger are loaded and
migrated too.
"""

from odoo import SUPERUSER_ID, api, fields


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Row = env["coop.claim.indicator"]
    today = fields.Date.context_today(Row)
    cr.execute("""
        SELECT period_type, date_start, array_agg(DISTINCT company_id),
               array_agg(DISTINCT company_id) FILTER (WHERE is_consolidated)
          FROM coop_indicator
         GROUP BY period_type, date_start
    """)
    vals_list = []
    for period_type, date_start, company_ids, consolidated in cr.fetchall():
        companies = env["res.company"].browse(company_ids).exists()
        figures = Row._coop_compute_claim_indicators(
            companies, period_type, date_start, today=today
        )
        for company_id, vals in figures.items():
            vals_list.append(
                dict(
                    vals,
                    company_id=company_id,
                    is_consolidated=company_id in (consolidated or []),
                )
            )
    Row.search([]).unlink()
    Row.create(vals_list)
