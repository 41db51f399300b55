from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL, date_utils

from odoo.addons.coop_crm_base.models.coop_indicator import (
    REFRESHED_PERIODS,
    IndicatorRate,
)

from .coop_claim_report import _coop_ratio

# The rates of a row as (numerator, denominator, factor): stored with their numerators
# and denominators, so that a group of rows (a pivot's total, several cooperatives,
# several periods) gets its rate recomputed from their sums, as the customer
# indicators do (RATES of coop_crm_base).
CLAIM_RATES = {
    "claim_rate": ("rate_claims", "rate_transactions", 100.0),
    "loss_rate": ("claim_cost", "revenue", 100.0),
    "in_time_share": ("claims_in_time", "claims_due", 100.0),
    "mean_resolution_days": ("resolution_days_total", "claims_closed", 1.0),
}
CLAIM_ADDITIVE = (
    "claims_received",
    "rate_claims",
    "rate_transactions",
    "claim_cost",
    "revenue",
    "claims_due",
    "claims_in_time",
    "claims_closed",
    "resolution_days_total",
)


class CoopClaimIndicator(models.Model):
    """Claim indicators of a cooperative (or a union, consolidated over its branches)
    for a period (C-4, R-4, issue #17): claim rate, loss rate, share answered within
    the deadline and mean resolution time in working days.

    Rows are rewritten with the customer indicators (``coop.indicator``) by the
    scheduled job and the *Recompute* button, from the figures the claims' indicators
    on demand are made of (``coop.claim._coop_indicators``): a claim created later in
    another period changes nothing of a period already written.
    """

    _name = "coop.claim.indicator"
    _inherit = ["coop.indicator.period"]
    _description = "Claim indicators per period"
    _coop_additive = CLAIM_ADDITIVE
    _order = "date_start desc, period_type, company_id"
    _rec_name = "period_name"

    claims_received = fields.Integer(
        "Claims", readonly=True, help="Claims received in the period."
    )
    claim_rate_basis = fields.Selection(
        [("orders", "Orders"), ("customers", "Customers"), ("units", "Units sold")],
        "Claim rate basis",
        readonly=True,
        help="What the claim rate counts claims against, as set on the cooperative "
        "when the row was computed.",
    )
    rate_claims = fields.Integer(
        "Claims (claim rate)",
        readonly=True,
        help="Claims of the period, or the customers who made them when the claim "
        "rate is counted against customers.",
    )
    rate_transactions = fields.Float(
        "Orders, customers or units",
        readonly=True,
        help="What the claim rate counts claims against: confirmed orders, customers "
        "or units sold in the period.",
    )
    claim_rate = IndicatorRate(
        "Claim rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Claims / orders (or customers, or units) x 100; blank without orders.",
    )
    claim_cost = fields.Monetary(
        "Cost of claims",
        readonly=True,
        help="Compensations of the claims received in the period, cancelled ones "
        "excepted.",
    )
    revenue = fields.Monetary(
        readonly=True,
        help="Untaxed purchases of the period, less credit notes.",
    )
    loss_rate = IndicatorRate(
        "Loss rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Cost of claims / revenue x 100; blank without revenue.",
    )
    claims_due = fields.Integer(
        "Claims due",
        readonly=True,
        help="Claims received in the period that are closed or past their answer "
        "deadline.",
    )
    claims_in_time = fields.Integer(
        "Answered in time",
        readonly=True,
        help="Claims closed on or before their answer deadline.",
    )
    in_time_share = IndicatorRate(
        "Answered within the deadline (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Claims answered in time / claims due x 100; blank when no claim is due.",
    )
    claims_closed = fields.Integer(
        "Closed claims",
        readonly=True,
        help="Claims received in the period and closed.",
    )
    resolution_days_total = fields.Float(
        "Resolution time, total (working days)",
        readonly=True,
        help="Working days from reception to closure of the closed claims, added up.",
    )
    mean_resolution_days = IndicatorRate(
        "Mean resolution time (working days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Working days from reception to closure, on the cooperative's working "
        "calendar as for the answer deadline, averaged over the closed claims; blank "
        "when none is closed.",
    )

    # ------------------------------------------------------------------ grouped reads
    def _read_group_select(self, aggregate_spec, query):
        """Totals of a pivot, a graph or a grouped list: counts and amounts without the
        union's consolidated rows beside their branches; rates and the mean resolution
        time recomputed from the sums of their numerators and denominators, whichever
        of sum or avg is asked."""
        if aggregate_spec != "__count":
            fname, __, func = parse_read_group_spec(aggregate_spec)
            if fname in CLAIM_RATES and func in ("sum", "avg"):
                numerator, denominator, factor = CLAIM_RATES[fname]
                return SQL(
                    "ROUND((%s * %s / NULLIF(%s, 0))::numeric, 2)",
                    factor,
                    self._coop_group_sum(numerator, query),
                    self._coop_group_sum(denominator, query),
                )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------ computation
    @api.model
    def _coop_compute_claim_indicators(self, companies, period_type, day, today=None):
        """Claim indicators of the period (month, quarter, year) containing ``day`` for
        each company of ``companies`` (a union: consolidated over its branches), with
        the definitions of the indicators on demand (``coop.claim._coop_indicators``)
        and their numerators and denominators; ``today`` decides which open claims
        are past their deadline (the day of the refresh).

        :return: {company id: dict of the row's fields}
        """
        date_start, date_end = self._coop_period_bounds(period_type, day)
        Claim = self.env["coop.claim"].sudo()
        result = {}
        for company in companies.sudo():
            args = (company, date_start, date_end)
            rate_claims, transactions = Claim._coop_claim_rate_figures(*args)
            cost, revenue = Claim._coop_loss_figures(*args)
            in_time, due = Claim._coop_in_time_figures(*args, today=today)
            days, closed = Claim._coop_resolution_figures(*args)
            result[company.id] = {
                "period_type": period_type,
                "period_name": self._coop_period_name(period_type, date_start),
                "date_start": date_start,
                "date_end": date_end,
                "claims_received": Claim.search_count(Claim._coop_claims_domain(*args)),
                "claim_rate_basis": company.coop_claim_rate_basis or "orders",
                "rate_claims": rate_claims,
                "rate_transactions": float(transactions or 0.0),
                "claim_rate": _coop_ratio(rate_claims, transactions),
                "claim_cost": cost,
                "revenue": revenue,
                "loss_rate": _coop_ratio(cost, revenue),
                "claims_due": due,
                "claims_in_time": in_time,
                "in_time_share": _coop_ratio(in_time, due),
                "claims_closed": closed,
                "resolution_days_total": days,
                "mean_resolution_days": _coop_ratio(days, closed, factor=1.0),
            }
        return result

    @api.model
    def _coop_refresh_claim_indicators(self, companies, day=None, periods=None):
        """Rewrite the rows of ``companies`` (the cooperatives and unions as given: see
        ``coop.indicator._coop_refresh_indicators``) for the last periods of each type
        (:data:`REFRESHED_PERIODS`)."""
        day = day or fields.Date.context_today(self)
        companies = companies.sudo()
        vals_list = []
        for period_type, count in (periods or REFRESHED_PERIODS).items():
            start = date_utils.start_of(day, period_type)
            for _index in range(count):
                figures = self._coop_compute_claim_indicators(
                    companies, period_type, start, today=day
                )
                for company in companies:
                    vals_list.append(
                        dict(
                            figures[company.id],
                            company_id=company.id,
                            is_consolidated=bool(company.child_ids),
                        )
                    )
                start = date_utils.start_of(start - relativedelta(days=1), period_type)
        self.sudo().search([("company_id", "in", companies.ids)]).unlink()
        return self.sudo().create(vals_list)


class CoopIndicator(models.Model):
    _inherit = "coop.indicator"

    @api.model
    def _coop_refresh_indicators(self, companies, day=None, periods=None):
        """Also rewrite the claim indicators of ``companies`` and their unions for the
        same periods (C-4, issue #17)."""
        records = super()._coop_refresh_indicators(companies, day, periods)
        companies = companies.sudo()
        self.env["coop.claim.indicator"]._coop_refresh_claim_indicators(
            companies | companies.parent_ids, day, periods
        )
        return records
