from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_team import SALES_CHANNELS

RFM_SEGMENTS = [
    ("champion", "Champion"),
    ("loyal", "Loyal"),
    ("promising", "Promising"),
    ("new", "New"),
    ("at_risk", "At risk"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("active", "Active"),
    ("loyal", "Loyal"),
    ("at_risk", "At risk"),
    ("lost", "Lost"),
]
PARETO_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]
MARKETING_CHANNELS = ("email", "sms", "phone", "whatsapp", "post")

# One statement recomputes every customer of the given cooperatives (M-4, M-5), from the
# purchase ledger (coop.purchase._coop_purchase_sql, filtered on the cooperatives and on
# the days up to the reference day). %(date_ref)s: reference day; %(date_12m)s: the day
# 12 months before it (the 12-month window is ]date_12m, date_ref]).
# The purchases are aggregated per customer first (one pass over the ledger), then
# joined to the customers; a customer row is written only when one of its figures
# changes (IS DISTINCT FROM, compared with the figures read with the customers, so only
# the changed rows are looked up again), so a daily recompute rewrites the few customers
# who bought or crossed a threshold, not the whole cooperative. Nothing stored depends
# on the day itself: the days since the last purchase and the statistics date are
# computed when read (see _compute_coop_recency_days). RFM: each score is the quintile
# (ntile(5)) of the first position of the customer's value in the ascending order,
# computed from rank() and the number of buyers n (with q = n / 5 and m = mod(n, 5), the
# first m quintiles hold q + 1 customers): tied values always get the same score,
# whatever the ids. Pareto: a customer's class is read from the revenue of the
# customers before them (higher 12-month revenue); customers with the same revenue are
# one group that takes the class of its middle (the revenue of the higher ones plus
# half of the group's others), never a class decided by their ids.
QUINTILE_SQL = """CASE WHEN {rank} <= mod(b.n, 5) * (b.n / 5 + 1)
                 THEN ({rank} - 1) / (b.n / 5 + 1) + 1
                 ELSE mod(b.n, 5)
                      + ({rank} - 1 - mod(b.n, 5) * (b.n / 5 + 1)) / (b.n / 5) + 1
            END"""
CUSTOMER_STATS_SQL = """
UPDATE res_partner p
   SET coop_first_purchase_date = r.first_day,
       coop_last_purchase_date = r.last_day,
       coop_order_count_12m = r.orders_12m,
       coop_amount_12m = r.amount_12m,
       coop_average_basket = r.basket,
       coop_rfm_recency = r.r,
       coop_rfm_frequency = r.f,
       coop_rfm_monetary = r.m,
       coop_rfm_segment = r.segment,
       coop_pareto_class = r.pareto,
       coop_lifecycle_stage = r.lifecycle,
       coop_lifetime_revenue = r.revenue_lifetime,
       coop_cost_to_serve = r.cost_to_serve,
       coop_profit = r.revenue_lifetime - r.cost_to_serve,
       coop_unprofitable = r.revenue_lifetime < r.cost_to_serve,
       coop_first_sales_channel = r.first_channel
  FROM (
    WITH customer AS (
        SELECT p.id AS partner_id, p.company_id,
               (p.coop_first_purchase_date, p.coop_last_purchase_date,
                p.coop_order_count_12m, p.coop_amount_12m, p.coop_average_basket,
                p.coop_rfm_recency, p.coop_rfm_frequency, p.coop_rfm_monetary,
                p.coop_rfm_segment::text, p.coop_pareto_class::text,
                p.coop_lifecycle_stage::text, p.coop_lifetime_revenue,
                p.coop_cost_to_serve, p.coop_first_sales_channel::text) AS stored
          FROM res_partner p
         WHERE p.company_id = ANY(%(company_ids)s)
           AND p.active
           AND p.id = p.commercial_partner_id
           AND NOT COALESCE(p.is_cooperative, FALSE)
           AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM res_users u
                            WHERE u.partner_id = p.id AND NOT u.share)
    ), purchase AS (
        SELECT pu.partner_id, pu.company_id,
               MIN(pu.date) FILTER (WHERE pu.amount >= 0) AS first_day,
               MAX(pu.date) FILTER (WHERE pu.amount >= 0) AS last_day,
               COUNT(*) FILTER (WHERE pu.amount >= 0 AND pu.date > %(date_12m)s)
                   AS orders_12m,
               SUM(pu.amount) FILTER (WHERE pu.date > %(date_12m)s) AS amount_12m,
               SUM(pu.amount) AS amount_lifetime,
               (array_agg(pu.coop_sales_channel ORDER BY pu.date, pu.id)
                    FILTER (WHERE pu.amount >= 0))[1] AS first_channel
          FROM %(ledger)s AS pu
         GROUP BY pu.partner_id, pu.company_id
    ), service AS (
        SELECT sv.partner_id, sv.company_id, SUM(sv.revenue) AS revenue,
               SUM(sv.cost) AS cost
          FROM (%(service)s) AS sv
         GROUP BY sv.partner_id, sv.company_id
    ), behaviour AS (
        SELECT c.partner_id, c.company_id, c.stored, pu.first_day, pu.last_day,
               COALESCE(pu.orders_12m, 0) AS orders_12m,
               COALESCE(pu.amount_12m, 0) AS amount_12m,
               ROUND((COALESCE(pu.amount_lifetime, 0)
                      + COALESCE(sv.revenue, 0))::numeric, 2) AS revenue_lifetime,
               ROUND(COALESCE(sv.cost, 0)::numeric, 2) AS cost_to_serve,
               pu.first_channel
          FROM customer c
          LEFT JOIN purchase pu ON pu.partner_id = c.partner_id
                               AND pu.company_id = c.company_id
          LEFT JOIN service sv ON sv.partner_id = c.partner_id
                              AND sv.company_id = c.company_id
    ), ranked AS (
        SELECT b.partner_id,
               rank() OVER (PARTITION BY b.company_id ORDER BY b.last_day) AS r_rank,
               rank() OVER (PARTITION BY b.company_id ORDER BY b.orders_12m) AS f_rank,
               rank() OVER (PARTITION BY b.company_id ORDER BY b.amount_12m) AS m_rank,
               COUNT(*) OVER (PARTITION BY b.company_id) AS n,
               COALESCE(SUM(b.amount_12m) OVER (
                            PARTITION BY b.company_id ORDER BY b.amount_12m DESC
                            RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                            EXCLUDE GROUP), 0)
               + (SUM(b.amount_12m) OVER (PARTITION BY b.company_id, b.amount_12m)
                  - b.amount_12m) / 2
                   AS revenue_before,
               SUM(b.amount_12m) OVER (PARTITION BY b.company_id) AS revenue_total
          FROM behaviour b
         WHERE b.first_day IS NOT NULL
    ), scored AS (
        SELECT b.partner_id, b.revenue_before, b.revenue_total,
               %(r_tile)s AS r, %(f_tile)s AS f, %(m_tile)s AS m
          FROM ranked b
    )
    , result AS (
    SELECT b.partner_id, b.stored, b.first_day, b.last_day, b.orders_12m, b.amount_12m,
           b.revenue_lifetime, b.cost_to_serve, b.first_channel,
           CASE WHEN b.orders_12m > 0 THEN ROUND(b.amount_12m / b.orders_12m, 2)
                ELSE 0 END
               AS basket,
           COALESCE(s.r, 0) AS r, COALESCE(s.f, 0) AS f, COALESCE(s.m, 0) AS m,
           CASE WHEN s.partner_id IS NULL THEN NULL
                WHEN s.r >= 4 AND s.f >= 4 AND s.m >= 4 THEN 'champion'
                WHEN s.r >= 3 AND s.f >= 3 THEN 'loyal'
                WHEN s.r >= 4 AND s.f = 1 THEN 'new'
                WHEN s.r >= 3 THEN 'promising'
                WHEN s.f >= 3 THEN 'at_risk'
                WHEN s.r = 2 THEN 'hibernating'
                ELSE 'lost' END AS segment,
           CASE WHEN s.partner_id IS NULL THEN NULL
                WHEN b.amount_12m > 0 AND s.revenue_before
                     < s.revenue_total * co.coop_pareto_a_percent / 100 THEN 'A'
                WHEN b.amount_12m > 0 AND s.revenue_before
                     < s.revenue_total * (co.coop_pareto_a_percent
                                          + co.coop_pareto_b_percent) / 100 THEN 'B'
                ELSE 'C' END AS pareto,
           CASE WHEN b.first_day IS NULL THEN 'prospect'
                WHEN %(date_ref)s::date - b.last_day > co.coop_lifecycle_lost_days
                    THEN 'lost'
                WHEN %(date_ref)s::date - b.last_day > co.coop_lifecycle_at_risk_days
                    THEN 'at_risk'
                WHEN %(date_ref)s::date - b.first_day <= co.coop_lifecycle_new_days
                    THEN 'new'
                WHEN b.orders_12m >= co.coop_lifecycle_loyal_orders THEN 'loyal'
                ELSE 'active' END AS lifecycle
      FROM behaviour b
      JOIN res_company co ON co.id = b.company_id
      LEFT JOIN scored s ON s.partner_id = b.partner_id
    )
    SELECT * FROM result
     WHERE stored IS DISTINCT FROM
           (first_day, last_day, orders_12m::int, amount_12m, basket, r::int, f::int,
            m::int, segment, pareto, lifecycle, revenue_lifetime, cost_to_serve,
            first_channel::text)
  ) r
 WHERE p.id = r.partner_id
"""

# stored figures written by CUSTOMER_STATS_SQL, and the fields computed from them
STATS_FIELDS = [
    "coop_first_purchase_date",
    "coop_last_purchase_date",
    "coop_recency_days",
    "coop_order_count_12m",
    "coop_amount_12m",
    "coop_average_basket",
    "coop_rfm_recency",
    "coop_rfm_frequency",
    "coop_rfm_monetary",
    "coop_rfm_segment",
    "coop_pareto_class",
    "coop_lifecycle_stage",
    "coop_stats_date",
    "coop_lifetime_revenue",
    "coop_cost_to_serve",
    "coop_profit",
    "coop_unprofitable",
    "coop_first_sales_channel",
]


class ResPartner(models.Model):
    """Customer behaviour, segmentation and marketing consent (M-4, M-5, M-9).

    The figures are stored and recomputed in batch, per cooperative, by
    :meth:`_coop_recompute_customer_stats` (scheduled action, and the button
    *Recompute customer statistics* of the cooperative). A customer is a
    commercial partner owned by the cooperative (``company_id``); its purchases
    are the rows of the purchase ledger (``coop.purchase``) of that cooperative:
    confirmed sale orders and customer invoices without order, placed for it or for
    one of its contacts, minus the credit notes.
    """

    _inherit = "res.partner"

    coop_currency_id = fields.Many2one(
        "res.currency", compute="_compute_coop_currency_id"
    )
    coop_stats_date = fields.Date(
        "Statistics date",
        compute="_compute_coop_recency_days",
        help="Reference day of the last recompute of the customer statistics.",
    )
    coop_first_purchase_date = fields.Date(
        "First purchase",
        readonly=True,
        copy=False,
        help="Day of the customer's first purchase from the cooperative (a confirmed "
        "sale order or an invoice without order).",
    )
    coop_last_purchase_date = fields.Date(
        "Last purchase",
        readonly=True,
        copy=False,
        help="Day of the last purchase up to the statistics date.",
    )
    coop_recency_days = fields.Integer(
        "Days since last purchase",
        compute="_compute_coop_recency_days",
        help="Statistics date minus last purchase date, in days.",
    )
    coop_order_count_12m = fields.Integer(
        "Orders (12 months)",
        readonly=True,
        copy=False,
        help="Purchases (confirmed sale orders and invoices without order) in the 12 "
        "months up to the statistics date; credit notes are not purchases.",
    )
    coop_amount_12m = fields.Monetary(
        "Revenue (12 months)",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        help="Untaxed amount of the purchases of those 12 months minus their credit "
        "notes, in the cooperative's currency.",
    )
    coop_average_basket = fields.Monetary(
        "Average basket",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        help="Revenue (12 months) / orders (12 months); 0 without order.",
    )
    coop_rfm_recency = fields.Integer(
        "R score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Recency quintile (5 = most recent buyers) within the cooperative; "
        "customers with the same last purchase day have the same score; 0: no "
        "purchase.",
    )
    coop_rfm_frequency = fields.Integer(
        "F score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Frequency quintile (5 = most orders in 12 months) within the "
        "cooperative.",
    )
    coop_rfm_monetary = fields.Integer(
        "M score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Monetary quintile (5 = highest 12-month revenue) within the cooperative.",
    )
    coop_rfm_score = fields.Char(
        "RFM",
        compute="_compute_coop_rfm_score",
        help="Three digits from 1 to 5, compared with the cooperative's other buyers: "
        "Recency (5 = bought most recently), Frequency (5 = most orders in 12 "
        "months), Monetary (5 = highest 12-month revenue). 555 is the best customer, "
        "111 one who bought little, rarely and long ago; empty: no purchase yet.",
    )
    coop_rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="Segment",
        readonly=True,
        copy=False,
        index=True,
        help="RFM segment: a name for the three RFM digits, which compare the "
        "customer with the cooperative's other buyers (e.g. Champion: bought "
        "recently, often and much). Not the lifecycle stage, which only follows the "
        "dates of the purchases: a customer may be at the 'Loyal' stage and in the "
        "'At risk' segment.",
    )
    coop_pareto_class = fields.Selection(
        PARETO_CLASSES,
        string="Pareto class",
        readonly=True,
        copy=False,
        index=True,
        help="A: the best customers who together make the first share (80% by default) "
        "of the cooperative's 12-month revenue; B: the next share (15% by default); "
        "C: the rest, including customers without purchases. The shares are set in the "
        "cooperative's settings.",
    )
    coop_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Lifecycle stage",
        readonly=True,
        copy=False,
        index=True,
        help="Where the customer stands, from the dates of their purchases only: "
        "prospect (no purchase), new, active, loyal (many orders in 12 months), at "
        "risk or lost (no purchase for a while; thresholds in the cooperative's "
        "settings). Not the RFM segment, which compares the customer with the other "
        "buyers.",
    )

    # R-3 (issue #17): what the customer brought and what keeping them cost
    coop_lifetime_revenue = fields.Monetary(
        "Lifetime revenue",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="Untaxed purchases of the customer from the cooperative since the first "
        "one, up to the statistics date, net of returns, in the cooperative's "
        "currency; the discounts of rewards and the refunds of claims are not "
        "deducted here: they are in the cost to serve.",
    )
    coop_cost_to_serve = fields.Monetary(
        "Cost to serve",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="What keeping the customer cost the cooperative up to the statistics "
        "date: compensations of their claims, rewards and vouchers they used, "
        "ristournes paid to them.",
    )
    coop_profit = fields.Monetary(
        "Profit",
        currency_field="coop_currency_id",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="Lifetime revenue minus cost to serve.",
    )
    coop_unprofitable = fields.Boolean(
        "Not profitable",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="The customer cost the cooperative more than they brought in.",
    )
    coop_first_sales_channel = fields.Selection(
        SALES_CHANNELS,
        "First sales channel",
        readonly=True,
        copy=False,
        groups="coop_crm_base.group_coop_user",
        help="Sales channel of the customer's first purchase: where the cooperative "
        "won them.",
    )

    coop_interaction_ids = fields.One2many(
        "coop.interaction", "partner_id", "Interactions"
    )
    coop_interaction_count = fields.Integer(compute="_compute_coop_interaction_count")

    def _compute_coop_interaction_count(self):
        counts = dict(
            self.env["coop.interaction"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.coop_interaction_count = counts.get(partner._origin, 0)

    def action_coop_open_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_crm_base.action_coop_interaction"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_company_id": (self.company_id or self.env.company).id,
        }
        return action

    def action_coop_schedule_appointment(self):
        """Open a new calendar appointment with this customer (M-6)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Appointment with %s", self.display_name),
            "res_model": "calendar.event",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_coop_partner_id": self.id,
                "default_name": _("Appointment with %s", self.display_name),
                "default_partner_ids": [self.env.user.partner_id.id, self.id],
            },
        }

    @api.depends("company_id")
    def _compute_coop_currency_id(self):
        for partner in self:
            partner.coop_currency_id = (
                partner.company_id or self.env.company
            ).currency_id

    @api.depends(
        "company_id.coop_stats_reference_date",
        "coop_lifecycle_stage",
        "coop_last_purchase_date",
    )
    def _compute_coop_recency_days(self):
        """Statistics date and days since the last purchase, from the stored figures.

        Neither is stored: both change every day for every customer, and storing them
        made each recompute rewrite every customer row (issue 8). The statistics date
        of a scored customer (it has a lifecycle stage) is the reference day of its
        cooperative's last recompute; the days since the last purchase are counted up
        to that day, as the stored stages are.
        """
        days = {
            company.id: company.coop_stats_reference_date for company in self.company_id
        }
        for partner in self:
            day = partner.coop_lifecycle_stage and days.get(partner.company_id.id)
            partner.coop_stats_date = day or False
            last = partner.coop_last_purchase_date
            partner.coop_recency_days = (day - last).days if day and last else 0

    @api.depends("coop_rfm_recency", "coop_rfm_frequency", "coop_rfm_monetary")
    def _compute_coop_rfm_score(self):
        for partner in self:
            scores = (
                partner.coop_rfm_recency,
                partner.coop_rfm_frequency,
                partner.coop_rfm_monetary,
            )
            partner.coop_rfm_score = "".join(map(str, scores)) if all(scores) else False

    # ------------------------------------------------------------------ recompute
    @api.model
    def _coop_recompute_customer_stats(self, companies, date_ref=None):
        """Recompute the behaviour and segmentation of the customers of ``companies``.

        One SQL statement for all the cooperatives, whatever their size (no loop per
        partner); it writes only the customers whose figures change. The purchases are
        the rows of the purchase ledger (:meth:`coop.purchase._coop_purchase_sql`, in
        the cooperative's currency, for the commercial partner); a row with a negative
        amount is a credit note, not a purchase. With D the reference day (``date_ref``,
        today by default) and the 12-month window ]D - 12 months, D]:

        * first / last purchase: min / max day of the customer's purchases <= D;
        * days since last purchase = D - last purchase (computed when read, from the
          cooperative's reference day D, not stored);
        * orders (12 months) = number of purchases in the window;
        * revenue (12 months) = sum of the ledger's amounts in the window (credit notes
          included);
        * average basket = revenue (12 months) / orders (12 months), 0 if no order.

        RFM (customers with at least one purchase, per cooperative): each score is the
        quintile of the customer in the ascending order of last purchase day (R),
        purchases in 12 months (F), revenue in 12 months (M): with n customers, as
        ``ntile(5)``, the first ceil(n/5) positions get 1, and so on up to 5; customers
        with the same value share the score of the first position of that value (ties
        are never broken by another measure or by the id, so a customer with one
        purchase scores like every other customer with one purchase).

        Segment, first rule that matches: R>=4, F>=4, M>=4 champion; R>=3, F>=3 loyal;
        R>=4, F=1 new; R>=3 promising; F>=3 at risk; R=2 hibernating; else lost.

        Pareto: customers sorted by decreasing 12-month revenue; a customer is A when
        the revenue before it is < a% of the total, B when it is < (a+b)% and C
        otherwise (C also holds customers without revenue in 12 months); a, b: company
        settings. The revenue before a customer is that of the customers with a higher
        revenue, plus half that of the others with the same revenue: customers with the
        same revenue are in the class of their group's middle, never split by id.

        Profitability (R-3): lifetime revenue = the ledger's amounts up to D plus the
        revenue the cost sources add back (the discounts of rewards, the refunds of
        claims, counted in the ledger as lower sales); cost to serve = the sum of the
        cost sources (:meth:`_coop_cost_to_serve_sources`); profit = revenue - cost;
        not profitable when the profit is negative. The first sales channel is that of
        the first purchase.

        Lifecycle, first rule that matches (company settings in days / orders):
        no purchase: prospect; D - last purchase > lost days: lost; > at-risk days:
        at risk; D - first purchase <= new days: new; orders (12 months) >= loyal
        orders: loyal; else active.

        :return: the number of customers whose figures changed (and were written)
        """
        companies = companies.sudo()
        if not companies:
            return 0
        date_ref = date_ref or fields.Date.context_today(self)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                CUSTOMER_STATS_SQL,
                company_ids=companies.ids,
                date_ref=date_ref,
                date_12m=date_ref - relativedelta(months=12),
                ledger=self.env["coop.purchase"]._coop_purchase_sql(
                    companies.ids, date_to=date_ref
                ),
                service=self._coop_cost_to_serve_sql(companies.ids, date_ref),
                r_tile=SQL(QUINTILE_SQL.format(rank="b.r_rank")),
                f_tile=SQL(QUINTILE_SQL.format(rank="b.f_rank")),
                m_tile=SQL(QUINTILE_SQL.format(rank="b.m_rank")),
            )
        )
        changed = self.env.cr.rowcount
        companies.write(
            {
                "coop_stats_date": fields.Datetime.now(),
                "coop_stats_reference_date": date_ref,
            }
        )
        self.invalidate_model(STATS_FIELDS)
        return changed

    @api.model
    def _coop_cost_to_serve_sources(self, company_ids, date_to):
        """Extension point (R-3): what serving each customer cost, a list of SQL
        ``SELECT company_id, partner_id, revenue, cost`` (``partner_id`` the commercial
        partner; amounts in the cooperative's currency), for the cooperatives
        ``company_ids`` and the days up to ``date_to``. ``cost`` adds to the customer's
        cost to serve; ``revenue`` adds to their lifetime revenue what the purchase
        ledger counts as a lower sale but is a cost (a reward's discount, a claim's
        refund), so that it is counted once, as a cost. An addon adds its own::

            def _coop_cost_to_serve_sources(self, company_ids, date_to):
                return super()._coop_cost_to_serve_sources(company_ids, date_to) + [
                    SQL("SELECT ... WHERE x.company_id = ANY(%s) ...", company_ids)
                ]
        """
        return []

    @api.model
    def _coop_cost_to_serve_sql(self, company_ids, date_to):
        sources = self._coop_cost_to_serve_sources(list(company_ids), date_to)
        if not sources:
            return SQL(
                "SELECT NULL::int AS company_id, NULL::int AS partner_id,"
                " 0::numeric AS revenue, 0::numeric AS cost WHERE FALSE"
            )
        return SQL(" UNION ALL ").join(
            SQL(
                "SELECT source.company_id, source.partner_id,"
                " source.revenue::numeric, source.cost::numeric FROM (%s) AS source",
                source,
            )
            for source in sources
        )

    # ------------------------------------------------------------------ consent (M-9)
    def _coop_with_consent(self, channel):
        """The partners of ``self`` that may receive marketing on ``channel``.

        A partner qualifies when its consent for the channel is on and, for email,
        SMS and WhatsApp, it has an address or a mobile/phone number.
        """
        if channel not in MARKETING_CHANNELS:
            raise UserError(_("Unknown marketing channel: %s", channel))
        domain = [("id", "in", self.ids), (f"coop_consent_{channel}", "=", True)]
        if channel == "email":
            domain.append(("email", "!=", False))
        elif channel in ("sms", "whatsapp", "phone"):
            domain += ["|", ("mobile", "!=", False), ("phone", "!=", False)]
        return self.search(domain)

    def action_coop_mail_segment(self):
        """Open Odoo's mail composer in mass mode on the consenting partners of
        ``self``.

        Partners without email consent (or without an email address) are left out.
        """
        recipients = self._coop_with_consent("email")
        if not recipients:
            raise UserError(
                _(
                    "None of the %(count)s selected partners has given consent to "
                    "receive emails (or has an email address).",
                    count=len(self),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Send an email to %(count)s consenting partners (%(skipped)s left out)",
                count=len(recipients),
                skipped=len(self) - len(recipients),
            ),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_composition_mode": "mass_mail",
                "default_model": "res.partner",
                "default_res_ids": recipients.ids,
                "coop_skipped_partner_ids": (self - recipients).ids,
            },
        }

    def action_coop_sms_segment(self):
        """Open Odoo's SMS composer in mass mode on the consenting partners of ``self``.

        Partners without SMS consent (or without a mobile or phone number) are left out.
        """
        recipients = self._coop_with_consent("sms")
        if not recipients:
            raise UserError(
                _(
                    "None of the %(count)s selected partners has given consent to "
                    "receive text messages (or has a phone number).",
                    count=len(self),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Send an SMS to %(count)s consenting partners (%(skipped)s left out)",
                count=len(recipients),
                skipped=len(self) - len(recipients),
            ),
            "res_model": "sms.composer",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_composition_mode": "mass",
                "default_res_model": "res.partner",
                "default_res_ids": repr(recipients.ids),
                "default_mass_keep_log": True,
                "coop_skipped_partner_ids": (self - recipients).ids,
            },
        }
