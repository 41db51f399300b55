from dateutil.relativedelta import relativedelta
from psycopg2.extras import Json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.models import parse_read_group_spec
from odoo.tools import SQL, date_utils

PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]
# how many periods of each type the scheduled job keeps up to date (current one
# included)
REFRESHED_PERIODS = {"month": 13, "quarter": 8, "year": 3}

# The rates of a row, as (fields added, fields subtracted) / denominator field x 100.
# The numerators and denominators are stored, so that a group of rows (a pivot's total,
# several cooperatives, several periods) gets its rate recomputed from their sums: a sum
# or a mean of rates is no rate. A rate without denominator is blank (NULL), not 0 %.
RATES = {
    "retention_rate": (("customers_retained",), (), "customers_previous"),
    "attrition_rate": (
        ("customers_previous",),
        ("customers_retained",),
        "customers_previous",
    ),
    "class_a_share": (("class_a_revenue",), (), "revenue"),
    "class_a_customer_share": (("class_a_customers",), (), "active_customers"),
    "csat": (("csat_satisfied",), (), "csat_answers"),
    "nps": (("nps_promoters",), ("nps_detractors",), "nps_answers"),
}
# the counts and amounts of a row: summed over the cooperatives' rows of a group, never
# over a union's consolidated row and its cooperatives' rows together
ADDITIVE = (
    "customers_previous",
    "customers_retained",
    "active_customers",
    "new_customers",
    "revenue",
    "class_a_customers",
    "class_a_revenue",
    "csat_answers",
    "csat_satisfied",
    "nps_answers",
    "nps_promoters",
    "nps_detractors",
)


def _rate(values, fname):
    """The rate ``fname`` (see :data:`RATES`) of a dict of figures; False without
    denominator."""
    added, subtracted, denominator = RATES[fname]
    if not values[denominator]:
        return False
    numerator = sum(values[f] for f in added) - sum(values[f] for f in subtracted)
    return round(100.0 * float(numerator) / float(values[denominator]), 2)


class IndicatorRate(fields.Float):
    """A percentage of the indicators: blank (NULL in the table, False when read) when
    it has no denominator, instead of the 0 a Float field makes of an empty value. Its
    aggregate in grouped reads is recomputed from the numerators and denominators (see
    ``CoopIndicator._read_group_select``)."""

    def convert_to_column(self, value, record, values=None, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values, validate)

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_export(self, value, record):
        return "" if value is None or value is False else value


# Indicators of one period for several "scopes". A scope is a company that gets a row
# (scope_company) and the companies whose sales it covers (scope_member), with the rate
# from the member's currency to the scope's (1 when they are the same): a cooperative
# covers itself, a union itself and all its branches (consolidated figures).
# One pass over the sales up to the end of the period gives one row per scope and
# customer (first purchase ever, bought in the previous period, in the period, amount in
# the period); the counts are then filtered aggregates of those rows per scope.
# The sales rows come from ``CoopIndicator._coop_sales_query`` only: the purchase
# ledger, where a row with an amount >= 0 is a purchase and a negative one a credit
# note. A credit note makes no customer (no first purchase, not bought in a period) but
# lowers the revenue of its period, also of a customer who bought nothing in that
# period.
# The scopes, from the arrays of CoopIndicatorPeriod._coop_scope_arrays: the first CTE
# of the statements of every indicator table.
SCOPE_CTE = """
WITH scope AS (
    SELECT * FROM unnest(%(scope_company)s::int[], %(scope_member)s::int[],
                         %(scope_rate)s::numeric[])
        AS s(company_id, member_id, rate)
)"""
INDICATOR_SQL = (
    SCOPE_CTE
    + """, customer AS (
    SELECT s.company_id, sale.partner_id,
           MIN(sale.date) FILTER (WHERE sale.amount >= 0) AS first_day,
           COALESCE(bool_or(sale.amount >= 0
                            AND sale.date BETWEEN %(prev_start)s AND %(prev_end)s),
                    FALSE) AS in_prev,
           COALESCE(bool_or(sale.amount >= 0
                            AND sale.date BETWEEN %(date_start)s AND %(date_end)s),
                    FALSE) AS in_cur,
           SUM(ROUND(sale.amount * s.rate, 2))
               FILTER (WHERE sale.date BETWEEN %(date_start)s AND %(date_end)s)
               AS amount
      FROM (%(sales)s) sale
      JOIN scope s ON s.member_id = sale.company_id
     WHERE sale.date <= %(date_end)s
     GROUP BY s.company_id, sale.partner_id
), counts AS (
    SELECT company_id,
           COUNT(*) FILTER (WHERE in_prev) AS customers_previous,
           COUNT(*) FILTER (WHERE in_prev AND in_cur) AS customers_retained,
           COUNT(*) FILTER (WHERE in_cur) AS active_customers,
           COUNT(*) FILTER (WHERE in_cur AND first_day >= %(date_start)s)
               AS new_customers,
           COALESCE(SUM(amount), 0) AS revenue
      FROM customer
     GROUP BY company_id
), pareto AS (
    SELECT c.company_id, c.partner_id, c.amount,
           -- customers with the same revenue take the class of their group's
           -- middle, as on the customers (CUSTOMER_STATS_SQL)
           COALESCE(SUM(c.amount) OVER (
                        PARTITION BY c.company_id ORDER BY c.amount DESC
                        RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                        EXCLUDE GROUP), 0)
           + (SUM(c.amount) OVER (PARTITION BY c.company_id, c.amount) - c.amount)
             / 2 AS before,
           SUM(c.amount) OVER (PARTITION BY c.company_id) AS total
      FROM customer c
     WHERE c.in_cur
), class_a AS (
    SELECT pa.company_id, COUNT(*) AS customers, SUM(pa.amount) AS revenue
      FROM pareto pa
      JOIN res_company co ON co.id = pa.company_id
     WHERE pa.amount > 0 AND pa.before < pa.total * co.coop_pareto_a_percent / 100
     GROUP BY pa.company_id
), satisfaction AS (
    SELECT s.company_id,
           COUNT(*) FILTER (WHERE q.coop_kpi = 'csat') AS csat_answers,
           COUNT(*) FILTER (WHERE q.coop_kpi = 'csat' AND l.value_scale >= 4)
               AS csat_satisfied,
           COUNT(*) FILTER (WHERE q.coop_kpi = 'nps') AS nps_answers,
           COUNT(*) FILTER (WHERE q.coop_kpi = 'nps' AND l.value_scale >= 9)
               AS promoters,
           COUNT(*) FILTER (WHERE q.coop_kpi = 'nps' AND l.value_scale <= 6)
               AS detractors
      FROM scope s
      JOIN survey_user_input ui ON ui.coop_company_id = s.member_id
      JOIN survey_user_input_line l ON l.user_input_id = ui.id
      JOIN survey_question q ON q.id = l.question_id
     WHERE ui.state = 'done' AND NOT COALESCE(ui.test_entry, FALSE)
       AND NOT COALESCE(l.skipped, FALSE) AND q.coop_kpi IS NOT NULL
       AND COALESCE(ui.end_datetime, ui.write_date)::date
           BETWEEN %(date_start)s AND %(date_end)s
     GROUP BY s.company_id
)
SELECT sc.company_id,
       COALESCE(n.customers_previous, 0) AS customers_previous,
       COALESCE(n.customers_retained, 0) AS customers_retained,
       COALESCE(n.active_customers, 0) AS active_customers,
       COALESCE(n.new_customers, 0) AS new_customers,
       COALESCE(n.revenue, 0) AS revenue,
       COALESCE(a.customers, 0) AS class_a_customers,
       COALESCE(a.revenue, 0) AS class_a_revenue,
       COALESCE(sat.csat_answers, 0) AS csat_answers,
       COALESCE(sat.csat_satisfied, 0) AS csat_satisfied,
       COALESCE(sat.nps_answers, 0) AS nps_answers,
       COALESCE(sat.promoters, 0) AS nps_promoters,
       COALESCE(sat.detractors, 0) AS nps_detractors
  FROM (SELECT DISTINCT company_id FROM scope) sc
  LEFT JOIN counts n ON n.company_id = sc.company_id
  LEFT JOIN class_a a ON a.company_id = sc.company_id
  LEFT JOIN satisfaction sat ON sat.company_id = sc.company_id
"""
)


class CoopIndicatorPeriod(models.AbstractModel):
    """What the cooperatives' indicator tables share: a row per cooperative (or union,
    consolidated over its branches) and period; the periods and scopes they are computed
    for; grouped reads that never add a union's consolidated row to its branches' rows.

    A model inheriting it lists its summed counts and amounts in ``_coop_additive``.
    """

    _name = "coop.indicator.period"
    _description = "Cooperative figures per period"
    _coop_additive = ()

    company_id = fields.Many2one(
        "res.company", "Cooperative", required=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_consolidated = fields.Boolean(
        "Consolidated",
        readonly=True,
        help="Figures of a union: all its branches together.",
    )
    period_type = fields.Selection(
        PERIOD_TYPES, "Period type", required=True, readonly=True
    )
    period_name = fields.Char(
        "Period",
        required=True,
        readonly=True,
        translate=True,
        help="Written in each installed language when the row is computed: a quarter "
        "reads 2026-Q2 in English, 2026-T2 in French.",
    )
    date_start = fields.Date("Start", required=True, readonly=True)
    date_end = fields.Date("End", required=True, readonly=True)

    # ------------------------------------------------------------------ grouped reads
    def _coop_group_sum(self, fname, query):
        """SUM of ``fname`` over the cooperatives' rows of a group, or over its
        consolidated rows when it has no cooperative's row: a union's consolidated row
        is never added to its branches' rows (they are the same sales)."""
        column = self._field_to_sql(self._table, fname, query)
        consolidated = self._field_to_sql(self._table, "is_consolidated", query)
        return SQL(
            "COALESCE(SUM(%s) FILTER (WHERE NOT %s), SUM(%s))",
            column,
            consolidated,
            column,
        )

    def _read_group_select(self, aggregate_spec, query):
        """Totals of a pivot, a graph or a grouped list: the counts and amounts of
        ``_coop_additive`` summed without the union's consolidated rows beside their
        branches."""
        if aggregate_spec != "__count":
            fname, __, func = parse_read_group_spec(aggregate_spec)
            if fname in self._coop_additive and func == "sum":
                return self._coop_group_sum(fname, query)
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------ periods
    @api.model
    def _coop_period_bounds(self, period_type, day):
        """(first day, last day) of the month, quarter or year containing ``day``."""
        if period_type not in dict(PERIOD_TYPES):
            raise UserError(_("Unknown period type: %s", period_type))
        return date_utils.start_of(day, period_type), date_utils.end_of(
            day, period_type
        )

    @api.model
    def _coop_period_name(self, period_type, date_start):
        """The period's name in the environment's language: 2026-06, 2026-Q2 (a
        translated term: 2026-T2 in French, no Latin capital in Arabic), 2026. The year
        comes first so that names sort as the periods do."""
        if period_type == "month":
            return date_start.strftime("%Y-%m")
        if period_type == "quarter":
            return self.env._(
                "%(year)s-Q%(quarter)s",
                year=date_start.year,
                quarter=(date_start.month - 1) // 3 + 1,
            )
        return str(date_start.year)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._coop_name_periods()
        return records

    def _coop_name_periods(self):
        """Write the rows' period names in every installed language, one UPDATE per
        period (the rows of a refresh share a few periods)."""
        if not self:
            return
        langs = {"en_US", *(code for code, __ in self.env["res.lang"].get_installed())}
        periods = {}
        for record in self:
            key = (record.period_type, record.date_start)
            periods.setdefault(key, []).append(record.id)
        self.flush_recordset()
        for (period_type, date_start), ids in periods.items():
            names = {
                lang: self.with_context(lang=lang)._coop_period_name(
                    period_type, date_start
                )
                for lang in sorted(langs)
            }
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET period_name = %s WHERE id = ANY(%s)",
                    SQL.identifier(self._table),
                    Json(names),
                    ids,
                )
            )
        self.invalidate_recordset(["period_name"])

    # ------------------------------------------------------------------ sales
    @api.model
    def _coop_sales_query(self, company_ids=None, date_from=None, date_to=None):
        """The sales the indicators count, as an SQL query of rows (``company_id``,
        ``partner_id``: the commercial partner, ``date``, ``amount``: untaxed, in the
        company's currency, negative for a credit note, ``coop_sales_channel``,
        ``res_model``, ``res_id``: the source document): the purchase ledger
        (``coop.purchase._coop_purchase_sql``), where a sale order and its invoice are
        one purchase, a posted invoice without order is one and a credit note lowers
        them. The one place where the indicators (and the claim rates and loss rate of
        coop_claims) read what customers bought.

        :param company_ids, date_from, date_to: bounds passed on to the ledger (all
            companies, no date bound when ``None``); callers flush first.
        """
        ledger = self.env["coop.purchase"]._coop_purchase_sql(
            company_ids, date_from, date_to
        )
        return SQL(
            "SELECT pu.company_id, pu.partner_id, pu.date, pu.amount,"
            " pu.coop_sales_channel, pu.res_model, pu.res_id FROM %s AS pu",
            ledger,
        )

    # ------------------------------------------------------------------ scopes
    @api.model
    def _coop_scopes(self, companies):
        """[(row company, companies covered)]: a cooperative covers itself, a company
        with branches (union) itself and all its branches."""
        companies = companies.sudo()
        scopes = []
        for company in companies:
            members = (
                self.env["res.company"].sudo().search([("id", "child_of", company.id)])
            )
            scopes.append((company, members))
        return scopes

    @api.model
    def _coop_scope_arrays(self, companies, day):
        """The scopes of ``companies`` (:meth:`_coop_scopes`) as the SQL arrays
        ``scope_company``, ``scope_member`` and ``scope_rate`` (the rate from the
        member's currency to the row company's on ``day``, 1 when they are the same)."""
        arrays = {"scope_company": [], "scope_member": [], "scope_rate": []}
        Currency = self.env["res.currency"]
        for company, members in self._coop_scopes(companies):
            for member in members:
                arrays["scope_company"].append(company.id)
                arrays["scope_member"].append(member.id)
                arrays["scope_rate"].append(
                    1.0
                    if member.currency_id == company.currency_id
                    else Currency._get_conversion_rate(
                        member.currency_id, company.currency_id, company, day
                    )
                )
        return arrays


class CoopIndicator(models.Model):
    """Customer indicators of a cooperative (or a union, consolidated) for a period
    (M-8).

    Rows are (re)written by the scheduled job and the cooperative's *Recompute* button
    from :meth:`_coop_compute_indicators`; they are read in pivot and graph views.
    """

    _name = "coop.indicator"
    _inherit = ["coop.indicator.period"]
    _description = "Cooperative customer indicators per period"
    _coop_additive = ADDITIVE
    _order = "date_start desc, period_type, company_id"
    _rec_name = "period_name"

    customers_previous = fields.Integer(
        "Customers of previous period",
        readonly=True,
        help="Customers with a purchase in the previous period.",
    )
    customers_retained = fields.Integer(
        "Retained customers",
        readonly=True,
        help="Customers of the previous period who bought again in this period.",
    )
    # rates: aggregated as the ratio of the summed numerators and denominators
    retention_rate = IndicatorRate(
        "Retention (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Retained customers / customers of the previous period x 100; blank when "
        "the previous period had no customer.",
    )
    attrition_rate = IndicatorRate(
        "Attrition (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="100 - retention; blank when the previous period had no customer.",
    )
    active_customers = fields.Integer("Active customers", readonly=True)
    new_customers = fields.Integer("New customers", readonly=True)
    revenue = fields.Monetary(
        readonly=True,
        help="Untaxed purchases of the period, less credit notes, in the currency of "
        "the cooperative (of the union for its consolidated figures).",
    )
    class_a_customers = fields.Integer("Class A customers", readonly=True)
    class_a_revenue = fields.Monetary("Class A revenue", readonly=True)
    class_a_share = IndicatorRate(
        "Class A revenue share (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Revenue of the class A customers of the period / revenue x 100.",
    )
    class_a_customer_share = IndicatorRate(
        "Class A customer share (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Class A customers / active customers x 100 (the '20' of the 80/20 rule).",
    )

    csat_answers = fields.Integer("CSAT answers", readonly=True)
    csat_satisfied = fields.Integer(
        "Satisfied CSAT answers",
        readonly=True,
        help="CSAT answers scoring 4 or 5.",
    )
    csat = IndicatorRate(
        "CSAT (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Answers scoring 4 or 5 to the CSAT questions / CSAT answers x 100; blank "
        "without answers.",
    )
    nps_answers = fields.Integer("NPS answers", readonly=True)
    nps_promoters = fields.Integer(
        "NPS promoters",
        readonly=True,
        help="NPS answers scoring 9 or 10.",
    )
    nps_detractors = fields.Integer(
        "NPS detractors",
        readonly=True,
        help="NPS answers scoring 0 to 6.",
    )
    nps = IndicatorRate(
        "NPS",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="(answers scoring 9-10 - answers scoring 0-6) / NPS answers x 100, from "
        "-100 to 100; blank without answers.",
    )

    # ------------------------------------------------------------------ grouped reads
    def _read_group_select(self, aggregate_spec, query):
        """Totals of a pivot, a graph or a grouped list: counts and amounts without the
        union's consolidated rows beside their branches; rates recomputed from the sums
        of their numerators and denominators (a weighted mean, like Odoo's purchase
        report does for its average price), whichever of sum or avg is asked."""
        if aggregate_spec == "__count":
            return super()._read_group_select(aggregate_spec, query)
        fname, __, func = parse_read_group_spec(aggregate_spec)
        if fname in RATES and func in ("sum", "avg"):
            added, subtracted, denominator = RATES[fname]
            numerator = SQL(" - ").join(
                [
                    SQL(" + ").join(self._coop_group_sum(f, query) for f in added),
                    *(self._coop_group_sum(f, query) for f in subtracted),
                ]
            )
            return SQL(
                "ROUND(100.0 * (%s) / NULLIF(%s, 0), 2)",
                numerator,
                self._coop_group_sum(denominator, query),
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------ computation
    @api.model
    def _coop_compute_indicators(self, companies, period_type, day):
        """Indicators of the period (month, quarter, year) containing ``day``.

        For each company C of ``companies`` (a union: consolidated over its branches),
        with P the period and P-1 the previous period of the same type, the sales read
        from the purchase ledger (:meth:`_coop_sales_query`), a customer being a
        commercial partner with a purchase (a ledger row of C with an amount >= 0: a
        confirmed sale order, or a posted invoice without order; not a credit note), and
        amounts untaxed in C's currency (a branch's amounts converted at the end of P
        when its currency is not its union's):

        * customers_previous = |customers with a purchase in P-1|;
        * customers_retained = |customers with a purchase in P-1 and in P|;
        * retention_rate = customers_retained / customers_previous x 100
          (blank, False, when customers_previous = 0);
        * attrition_rate = 100 - retention_rate (blank when customers_previous = 0);
        * active_customers = |customers with a purchase in P|;
        * new_customers = |active customers whose first purchase ever is in P|;
        * revenue = sum of the ledger's amounts of P (purchases, less credit notes);
        * class A: customers of P sorted by decreasing revenue in P, the smallest set
          reaching the company's class A share (80%) of the revenue;
          class_a_share = their revenue / revenue x 100 (blank without revenue);
          class_a_customer_share = their number / active_customers x 100 (blank without
          active customers);
        * satisfaction, from the completed survey answers (``survey.user_input`` done,
          not test entries) of C's cooperatives finished in P, on the questions marked
          CSAT (scale 1-5) or NPS (scale 0-10):
          csat = csat_satisfied (answers scoring 4 or 5) / CSAT answers x 100;
          nps = (nps_promoters (9 or 10) - nps_detractors (0 to 6)) / NPS answers x 100;
          both blank without answers.

        The rates are those of :data:`RATES`, from the numerators and denominators
        returned with them.

        :return: {company id: dict of the indicator fields above}
        """
        date_start, date_end = self._coop_period_bounds(period_type, day)
        prev_start, prev_end = self._coop_period_bounds(
            period_type, date_start - relativedelta(days=1)
        )
        scope = self._coop_scope_arrays(companies, date_end)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                INDICATOR_SQL,
                sales=self._coop_sales_query(
                    sorted(set(scope["scope_member"])), None, date_end
                ),
                **scope,
                date_start=date_start,
                date_end=date_end,
                prev_start=prev_start,
                prev_end=prev_end,
            )
        )
        result = {}
        for row in self.env.cr.dictfetchall():
            figures = dict(
                row,
                revenue=float(row["revenue"]),
                class_a_revenue=float(row["class_a_revenue"]),
            )
            figures.pop("company_id")
            figures.update({fname: _rate(figures, fname) for fname in RATES})
            figures.update(
                {
                    "period_type": period_type,
                    "period_name": self._coop_period_name(period_type, date_start),
                    "date_start": date_start,
                    "date_end": date_end,
                }
            )
            result[row["company_id"]] = figures
        return result

    @api.model
    def _coop_recompute_stored_rows(self):
        """Compute again every figure of the stored rows, in place (same rows, every
        period kept), for their company and period: used by the migrations whose
        change of a definition changes the figures (one grouped query per period)."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("""
            SELECT period_type, date_start, array_agg(DISTINCT company_id)
              FROM coop_indicator
             GROUP BY period_type, date_start
        """)
        for period_type, date_start, company_ids in cr.fetchall():
            figures = self._coop_compute_indicators(
                self.env["res.company"].browse(company_ids), period_type, date_start
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
                        "UPDATE coop_indicator SET %s WHERE company_id = %s"
                        " AND period_type = %s AND date_start = %s",
                        assignments,
                        company_id,
                        period_type,
                        date_start,
                    )
                )
        self.env.invalidate_all()

    @api.model
    def _coop_refresh_indicators(self, companies, day=None, periods=None):
        """Rewrite the indicator rows of ``companies`` (and of their parent unions,
        consolidated) for the last periods of each type (:data:`REFRESHED_PERIODS`), and
        their figures per sales channel (``coop.indicator.channel``).

        One grouped query per period for all the companies together.
        """
        day = day or fields.Date.context_today(self)
        periods = periods or REFRESHED_PERIODS
        companies = companies.sudo()
        companies |= companies.parent_ids
        vals_list = []
        for period_type, count in periods.items():
            start = date_utils.start_of(day, period_type)
            for _index in range(count):
                figures = self._coop_compute_indicators(companies, period_type, start)
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
        self.env["coop.indicator.channel"]._coop_refresh_channels(
            companies, day, periods
        )
        return self.sudo().create(vals_list)
