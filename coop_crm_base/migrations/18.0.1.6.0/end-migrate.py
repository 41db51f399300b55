"""18.0.1.6.0 (issue #15, M-8): figures per sales channel (``coop.indicator.channel``).

The new table gets its rows for the periods and companies of the customer indicators
already kept, as the scheduled job would write them, so that the screens and the
dashboard show them right after the upgrade rather than after the next night. This runs
at the end of the upgrade, when the addons that add sources to the purchase ledger are
loaded and migrated too.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Channel = env["coop.indicator.channel"]
    cr.execute("""
        SELECT period_type, date_start, array_agg(DISTINCT company_id),
               array_agg(DISTINCT company_id) FILTER (WHERE is_consolidated)
          FROM coop_indicator
         GROUP BY period_type, date_start
    """)
    vals_list = []
    for period_type, date_start, company_ids, consolidated in cr.fetchall():
        companies = env["res.company"].browse(company_ids)
        for vals in Channel._coop_compute_channels(companies, period_type, date_start):
            vals["is_consolidated"] = vals["company_id"] in (consolidated or [])
            vals_list.append(vals)
    Channel.search([]).unlink()
    Channel.create(vals_list)
