from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, date_utils

from .coop_indicator import REFRESHED_PERIODS, SCOPE_CTE
from .crm_team import SALES_CHANNELS

# The figures of one period per scope (see INDICATOR_SQL in coop_indicator.py) and sales
# channel, in one pass over the sales up to the end of the period. A customer's rows per
# channel give what they bought there in the period and when they first bought there; a
# customer is new in a channel when their first purchase ever is in the period and was
# made through it (on a first day with several channels, the first by its code), so
# that the new customers of the channels add up to the period's new customers. A
# purchase without channel (an invoice without sales team) is in the row without
# channel.
CHANNEL_SQL = (
    SCOPE_CTE
    + """, by_channel AS (
    SELECT s.company_id, sale.partner_id, sale.coop_sales_channel AS channel,
           MIN(sale.date) FILTER (WHERE sale.amount >= 0) AS first_day,
           COALESCE(bool_or(sale.amount >= 0
                            AND sale.date BETWEEN %(date_start)s AND %(date_end)s),
                    FALSE) AS in_cur,
           SUM(ROUND(sale.amount * s.rate, 2))
               FILTER (WHERE sale.date BETWEEN %(date_start)s AND %(date_end)s)
               AS amount
      FROM (%(sales)s) sale
      JOIN scope s ON s.member_id = sale.company_id
     WHERE sale.date <= %(date_end)s
     GROUP BY s.company_id, sale.partner_id, sale.coop_sales_channel
), first_channel AS (
    SELECT DISTINCT ON (company_id, partner_id)
           company_id, partner_id, channel, first_day
      FROM by_channel
     WHERE first_day IS NOT NULL
     ORDER BY company_id, partner_id, first_day, channel NULLS LAST
)
SELECT c.company_id, c.channel AS coop_sales_channel,
       COUNT(*) FILTER (WHERE c.in_cur) AS active_customers,
       COUNT(*) FILTER (WHERE c.in_cur AND f.first_day >= %(date_start)s
                        AND f.channel IS NOT DISTINCT FROM c.channel) AS new_customers,
       COALESCE(SUM(c.amount), 0) AS revenue
  FROM by_channel c
  LEFT JOIN first_channel f
         ON f.company_id = c.company_id AND f.partner_id = c.partner_id
 GROUP BY c.company_id, c.channel
HAVING COUNT(*) FILTER (WHERE c.in_cur) > 0 OR COALESCE(SUM(c.amount), 0) <> 0
"""
)


class CoopIndicatorChannel(models.Model):
    """Revenue, customers and new customers of a cooperative (or a union, consolidated)
    per sales channel and period (M-8, issue #15), from the purchase ledger.

    Rows are rewritten with the customer indicators (``coop.indicator``) by the
    scheduled job and the *Recompute* button; they are read in pivot and graph views and
    on the customer dashboard.
    """

    _name = "coop.indicator.channel"
    _inherit = ["coop.indicator.period"]
    _description = "Cooperative sales per channel and period"
    _coop_additive = ("active_customers", "new_customers", "revenue")
    _order = "date_start desc, period_type, company_id, coop_sales_channel"
    _rec_name = "period_name"

    coop_sales_channel = fields.Selection(
        SALES_CHANNELS, "Sales channel", readonly=True
    )
    active_customers = fields.Integer(
        "Customers",
        readonly=True,
        help="Customers who bought through this channel in the period. A customer who "
        "bought through several channels counts in each: added over the channels, "
        "customers are counted more than once.",
    )
    new_customers = fields.Integer(
        "New customers",
        readonly=True,
        help="Customers whose first purchase ever is in the period and was made "
        "through this channel: added over the channels, they give the period's new "
        "customers.",
    )
    revenue = fields.Monetary(
        readonly=True,
        help="Untaxed purchases of the period through this channel, less credit notes, "
        "in the currency of the cooperative (of the union for its consolidated "
        "figures).",
    )

    @api.model
    def _coop_compute_channels(self, companies, period_type, day):
        """Figures per sales channel of the period (month, quarter, year) containing
        ``day``, for each company of ``companies`` (a union: consolidated over its
        branches), read from the purchase ledger like the customer indicators
        (``coop.indicator._coop_compute_indicators``): a customer is a commercial
        partner with a purchase (a ledger row with an amount >= 0), amounts are untaxed
        in the company's currency (a branch's converted at the end of the period).

        :return: list of dicts (``company_id``, ``coop_sales_channel``: False without
            channel, ``active_customers``, ``new_customers``, ``revenue``), one per
            company and channel with a purchase or a credit note in the period
        """
        date_start, date_end = self._coop_period_bounds(period_type, day)
        scope = self._coop_scope_arrays(companies, date_end)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                CHANNEL_SQL,
                sales=self._coop_sales_query(
                    sorted(set(scope["scope_member"])), None, date_end
                ),
                **scope,
                date_start=date_start,
                date_end=date_end,
            )
        )
        return [
            dict(
                row,
                coop_sales_channel=row["coop_sales_channel"] or False,
                revenue=float(row["revenue"]),
                period_type=period_type,
                period_name=self._coop_period_name(period_type, date_start),
                date_start=date_start,
                date_end=date_end,
            )
            for row in self.env.cr.dictfetchall()
        ]

    @api.model
    def _coop_refresh_channels(self, companies, day=None, periods=None):
        """Rewrite the rows of ``companies`` (the cooperatives and unions as given: see
        ``coop.indicator._coop_refresh_indicators``) for the last periods of each type
        (:data:`REFRESHED_PERIODS`)."""
        day = day or fields.Date.context_today(self)
        companies = companies.sudo()
        consolidated = set(companies.filtered("child_ids").ids)
        vals_list = []
        for period_type, count in (periods or REFRESHED_PERIODS).items():
            start = date_utils.start_of(day, period_type)
            for _index in range(count):
                for vals in self._coop_compute_channels(companies, period_type, start):
                    vals["is_consolidated"] = vals["company_id"] in consolidated
                    vals_list.append(vals)
                start = date_utils.start_of(start - relativedelta(days=1), period_type)
        self.sudo().search([("company_id", "in", companies.ids)]).unlink()
        return self.sudo().create(vals_list)
