from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.models import check_company_domain_parent_of
from odoo.tools import SQL

TIERS = [("bronze", "Bronze"), ("silver", "Silver"), ("gold", "Gold")]


class LoyaltyProgram(models.Model):
    """Cooperative card settings on Odoo's loyalty programs (L-1 to L-5, L-9)."""

    _inherit = "loyalty.program"

    coop_card = fields.Boolean(
        string="Cooperative card",
        help="Cards of this program are sold cards with a holder number, a barcode, a "
        "validity, a fee, tiers and a grace period.",
    )
    coop_fee_product_id = fields.Many2one(
        "product.product",
        string="Card fee product",
        check_company=True,
        help="Product added to the order when a card is issued or renewed (e.g. 250 "
        "MAD).",
    )
    coop_fee_earns_points = fields.Boolean(
        string="Card fee earns points",
        help="When set, the card fee (issue and renewal) earns points like any "
        "product; by default it earns none.",
    )
    coop_validity_months = fields.Integer(string="Validity (months)", default=12)
    coop_grace_days = fields.Integer(
        string="Grace period (days)",
        default=30,
        help="Days after the expiry during which confirmed orders still earn points "
        "and earned points can still be used.",
    )
    coop_reminder_days = fields.Integer(
        string="Reminder (days before expiry)",
        default=30,
        help="The holder is reminded this many days before the expiry (0: no "
        "reminder).",
    )
    coop_card_cost = fields.Monetary(
        string="Cost of a card",
        help="What one card costs the cooperative (printing, "
        "distribution); counted in the profitability analysis.",
    )
    # L-10 retention of holders over the last 12 months against the 12 before ------
    coop_holders_previous = fields.Integer(
        string="Buying holders (previous 12 months)", compute="_compute_coop_retention"
    )
    coop_holders_retained = fields.Integer(
        string="Of whom bought again (last 12 months)",
        compute="_compute_coop_retention",
    )
    coop_retention_rate = fields.Float(
        string="Retention (%)", compute="_compute_coop_retention", digits=(5, 2)
    )
    coop_attrition_rate = fields.Float(
        string="Attrition (%)", compute="_compute_coop_retention", digits=(5, 2)
    )
    coop_nonholder_retention_rate = fields.Float(
        string="Retention of customers without a card (%)",
        compute="_compute_coop_retention",
        digits=(5, 2),
        help="Of the customers without a card of the program who bought in the 12 "
        "months before the last 12, the share who bought again in the last 12 months.",
    )
    coop_nonholder_attrition_rate = fields.Float(
        string="Attrition of customers without a card (%)",
        compute="_compute_coop_retention",
        digits=(5, 2),
    )
    # R-2 the loyalty operation over the last 12 months ----------------------------
    coop_baseline = fields.Selection(
        [
            ("own", "Holders' own purchases before their card"),
            ("non_holders", "Customers without a card"),
        ],
        string="Baseline",
        default="own",
        required=True,
        help="What the holders would have bought without the card: their own purchases "
        "over the same length of time before they took it, or what as many customers "
        "without a card bought (their average per buying customer).",
    )
    coop_op_holder_revenue = fields.Monetary(
        string="Holders' revenue",
        compute="_compute_coop_operation",
        help="Untaxed purchases of the holders since they took the card, over the last "
        "12 months, before the discounts of rewards and without the card fees.",
    )
    coop_op_baseline_revenue = fields.Monetary(
        string="Baseline revenue", compute="_compute_coop_operation"
    )
    coop_op_extra_revenue = fields.Monetary(
        string="Extra revenue",
        compute="_compute_coop_operation",
        help="Holders' revenue minus the baseline.",
    )
    coop_op_cost = fields.Monetary(
        string="Cost of the operation",
        compute="_compute_coop_operation",
        help="Rewards and vouchers used, cards issued (at the cost of a card) and "
        "ristournes paid to holders, over the last 12 months.",
    )
    coop_op_fees = fields.Monetary(
        string="Card fees", compute="_compute_coop_operation"
    )
    coop_op_net_result = fields.Monetary(
        string="Net result of the operation",
        compute="_compute_coop_operation",
        help="Extra revenue minus the cost of the operation, plus the card fees.",
    )
    coop_op_roi = fields.Float(
        string="Return on the operation (%)",
        compute="_compute_coop_operation",
        digits=(7, 2),
        help="Net result / cost of the operation; blank without cost.",
    )
    # L-5 tiers ------------------------------------------------------------------
    coop_silver_threshold = fields.Monetary(
        string="Silver from (12-month spend)",
        default=2000.0,
        help="Untaxed amount of confirmed orders over the last 12 months.",
    )
    coop_gold_threshold = fields.Monetary(
        string="Gold from (12-month spend)", default=5000.0
    )
    coop_bronze_multiplier = fields.Float(string="Bronze multiplier", default=1.0)
    coop_silver_multiplier = fields.Float(string="Silver multiplier", default=1.5)
    coop_gold_multiplier = fields.Float(string="Gold multiplier", default=2.0)
    # L-4 conversion ---------------------------------------------------------------
    coop_conversion_points = fields.Float(
        string="Convert every (points)",
        help="When a card reaches this many points, they are converted into a voucher "
        "(0: no automatic conversion).",
    )
    coop_conversion_program_id = fields.Many2one(
        "loyalty.program",
        string="Voucher program",
        check_company=True,
        domain="[('program_type', 'in', ('coupons', 'gift_card', 'ewallet')),"
        " ('id', '!=', id)]",
        help="Coupon, gift card or eWallet program in which the vouchers are issued.",
    )
    coop_conversion_amount = fields.Monetary(
        string="Voucher value",
        help="Value of one voucher (gift card / eWallet amount; coupons get the "
        "points of their cheapest reward).",
    )
    # L-9 referral ---------------------------------------------------------------------
    coop_referral_points = fields.Float(
        string="Referral reward (points)",
        help="Points given to the referrer's card on the first confirmed order of a "
        "customer they referred.",
    )

    @api.constrains("company_id", "coop_fee_product_id", "coop_conversion_program_id")
    def _check_coop_companies(self):
        """X-1: the fee product and the voucher program belong to the program's
        cooperative (or to none); loyalty.program does not check its companies by
        itself."""
        self._check_company(["coop_fee_product_id", "coop_conversion_program_id"])

    @api.constrains(
        "coop_validity_months",
        "coop_grace_days",
        "coop_reminder_days",
        "coop_silver_threshold",
        "coop_gold_threshold",
        "coop_bronze_multiplier",
        "coop_silver_multiplier",
        "coop_gold_multiplier",
        "coop_conversion_points",
        "coop_conversion_amount",
        "coop_referral_points",
    )
    def _check_coop_card_settings(self):
        for program in self.filtered("coop_card"):
            if program.coop_validity_months <= 0:
                raise ValidationError(
                    _("%s: the card validity must be at least one month.", program.name)
                )
            if (
                min(
                    program.coop_grace_days,
                    program.coop_reminder_days,
                    program.coop_conversion_points,
                    program.coop_conversion_amount,
                    program.coop_referral_points,
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "%s: days, points and amounts of the card cannot be negative.",
                        program.name,
                    )
                )
            if not 0 <= program.coop_silver_threshold <= program.coop_gold_threshold:
                raise ValidationError(
                    _(
                        "%s: the gold threshold must be at least the silver threshold.",
                        program.name,
                    )
                )
            if (
                min(
                    program.coop_bronze_multiplier,
                    program.coop_silver_multiplier,
                    program.coop_gold_multiplier,
                )
                <= 0
            ):
                raise ValidationError(
                    _("%s: point multipliers must be positive.", program.name)
                )
            if program.coop_conversion_points and not (
                program.coop_conversion_program_id and program.coop_conversion_amount
            ):
                raise ValidationError(
                    _(
                        "%s: an automatic conversion needs a voucher program and a "
                        "voucher value.",
                        program.name,
                    )
                )

    def _compute_coop_retention(self):
        """Card holders who bought in the 12 months before the last 12, and how many of
        them bought again in the last 12 months; the same for the customers without a
        card of the program (R-2), in one grouped query. Purchases are the purchase
        ledger's rows (credit notes are returns, not purchases), by commercial
        partner: a business's contacts buy for the business, in the program's
        cooperative and its branches (issue #15)."""
        self.coop_holders_previous = self.coop_holders_retained = 0
        self.coop_retention_rate = self.coop_attrition_rate = 0.0
        self.coop_nonholder_retention_rate = self.coop_nonholder_attrition_rate = 0.0
        programs = self.filtered(lambda p: p.coop_card and p.id)
        if not programs:
            return
        today = fields.Date.context_today(self)
        start = today - relativedelta(months=24)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH scope AS (%(scope)s),
            buyer AS (
                SELECT scope.program_id, purchase.partner_id,
                       EXISTS (SELECT 1 FROM loyalty_card card
                                 JOIN res_partner holder ON holder.id = card.partner_id
                                WHERE card.program_id = scope.program_id
                                  AND holder.commercial_partner_id
                                      = purchase.partner_id) AS holder,
                       bool_or(purchase.date < %(middle)s) AS previous,
                       bool_or(purchase.date >= %(middle)s) AS current
                  FROM %(ledger)s AS purchase
                  JOIN scope ON scope.company_id = purchase.company_id
                 WHERE purchase.amount >= 0
              GROUP BY scope.program_id, purchase.partner_id
            )
            SELECT program_id,
                   count(*) FILTER (WHERE holder AND previous),
                   count(*) FILTER (WHERE holder AND previous AND current),
                   count(*) FILTER (WHERE NOT holder AND previous),
                   count(*) FILTER (WHERE NOT holder AND previous AND current)
              FROM buyer GROUP BY program_id
            """,
                scope=programs._coop_scope_sql(),
                ledger=self.env["coop.purchase"]._coop_purchase_sql(
                    company_ids=programs._coop_scope_company_ids(),
                    date_from=start,
                    date_to=today,
                ),
                middle=today - relativedelta(months=12),
            )
        )
        for row in self.env.cr.fetchall():
            program_id, previous, retained, others_previous, others_retained = row
            program = self.browse(program_id)
            program.coop_holders_previous = previous
            program.coop_holders_retained = retained
            if previous:
                program.coop_retention_rate = round(100.0 * retained / previous, 2)
                program.coop_attrition_rate = round(
                    100.0 - program.coop_retention_rate, 2
                )
            if others_previous:
                program.coop_nonholder_retention_rate = round(
                    100.0 * others_retained / others_previous, 2
                )
                program.coop_nonholder_attrition_rate = round(
                    100.0 - program.coop_nonholder_retention_rate, 2
                )

    # ------------------------------------------------------------------ scope
    def _coop_scope_sql(self):
        """SQL ``SELECT program_id, company_id``: the cooperatives whose sales count
        for each program of ``self``: its cooperative and that cooperative's branches
        (a union's program is valid in its cooperatives), every cooperative for a
        program of no company."""
        return SQL(
            """SELECT program.id AS program_id, company.id AS company_id
                 FROM loyalty_program program
                 LEFT JOIN res_company program_company
                        ON program_company.id = program.company_id
                 JOIN res_company company
                   ON program.company_id IS NULL
                   OR starts_with(company.parent_path, program_company.parent_path)
                WHERE program.id = ANY(%s)""",
            self.ids,
        )

    def _coop_scope_company_ids(self):
        """The ids of the cooperatives of :meth:`_coop_scope_sql` (``None``: all)."""
        if not all(self.mapped("company_id")):
            return None
        return self.company_id._coop_stats_companies().ids

    # ------------------------------------------------------------------ order lines
    @api.model
    def _coop_order_line_sources(self, company_ids, date_from, date_to):
        """Extension point: the lines of the customers' orders, as SQL ``SELECT
        company_id, partner_id, date, product_id, reward_id, amount, discounted,
        res_model, res_id``: the commercial partner, the order's day, the untaxed
        amount and the amount of the line's discount (a free product's price) in the
        cooperative's currency, the order (as in the purchase ledger); the lines the
        purchase ledger counts. The point of sale adds its paid orders' lines.
        Filtered with ``coop.purchase._coop_purchase_where``."""
        Purchase = self.env["coop.purchase"]
        return [
            SQL(
                """
SELECT so.company_id, cp.commercial_partner_id AS partner_id,
       so.date_order::date AS date, sol.product_id, sol.reward_id,
       sol.price_subtotal / %(rate)s AS amount,
       sol.price_unit * sol.product_uom_qty * COALESCE(sol.discount, 0) / 100
           / %(rate)s AS discounted,
       'sale.order' AS res_model, so.id AS res_id
  FROM sale_order_line sol
  JOIN sale_order so ON so.id = sol.order_id
  JOIN res_partner cp ON cp.id = so.partner_id
 WHERE so.state = 'sale' AND %(where)s AND %(line_filter)s""",
                rate=SQL(
                    "CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0"
                    " ELSE so.currency_rate END"
                ),
                where=Purchase._coop_purchase_where(
                    SQL("so.company_id"),
                    SQL("so.date_order"),
                    company_ids,
                    date_from,
                    date_to,
                    datetime_column=True,
                ),
                line_filter=Purchase._coop_purchase_order_line_filter(),
            )
        ]

    @api.model
    def _coop_order_line_sql(self, company_ids=None, date_from=None, date_to=None):
        """The order lines of :meth:`_coop_order_line_sources` as one SQL fragment."""
        return SQL(
            "(%s)",
            SQL(" UNION ALL ").join(
                SQL(
                    "SELECT line.company_id, line.partner_id, line.date,"
                    " line.product_id, line.reward_id, line.amount, line.discounted,"
                    " line.res_model, line.res_id FROM (%s) AS line",
                    source,
                )
                for source in self._coop_order_line_sources(
                    company_ids, date_from, date_to
                )
            ),
        )

    @api.model
    def _coop_reward_line_sql(self, line):
        """SQL condition: the order line ``line`` is a reward the cooperative gave
        (R-2, R-3): a reward of a loyalty, coupon or promotion program, or a voucher
        a cooperative card converted its points into; not a payment with an eWallet
        or a gift card the customer bought."""
        return SQL(
            """EXISTS (
            SELECT 1 FROM loyalty_reward reward
              JOIN loyalty_program program ON program.id = reward.program_id
             WHERE reward.id = %s.reward_id
               AND (program.program_type NOT IN ('ewallet', 'gift_card')
                    OR EXISTS (SELECT 1 FROM loyalty_program card_program
                                WHERE card_program.coop_conversion_program_id
                                      = program.id)))""",
            line,
        )

    # ------------------------------------------------------------------
    def _compute_coop_operation(self):
        """R-2: the loyalty operation over the last 12 months, as the course defines
        its profitability: extra revenue = what the holders bought since they took
        the card minus a baseline (:attr:`coop_baseline`), against the program's cost
        (its rewards and the vouchers of its conversion used, the cards issued at the
        cost of a card, the ristournes paid to its holders); net result = extra revenue
        - cost + card fees; return = net result / cost. Revenue: the purchase ledger
        (in the program's cooperative and branches), before the discounts of rewards
        (a cost) and without the card fees (counted as fees).

        Own baseline: for each holder, their purchases over the same number of days
        just before their window (the window starts on the card's issue, or 12 months
        ago for an older card). Customers without a card: their revenue per buying
        customer over the 12 months, times the number of holders who bought.
        """
        for fname in (
            "coop_op_holder_revenue",
            "coop_op_baseline_revenue",
            "coop_op_extra_revenue",
            "coop_op_cost",
            "coop_op_fees",
            "coop_op_net_result",
            "coop_op_roi",
        ):
            self[fname] = 0.0
        programs = self.filtered(lambda p: p.coop_card and p.id)
        if not programs:
            return
        end = fields.Date.context_today(self)
        start = end - relativedelta(months=12) + relativedelta(days=1)
        companies = programs._coop_scope_company_ids()
        lines = self._coop_order_line_sql(companies, None, end)
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                """
WITH scope AS (%(scope)s),
fee_product AS (
    SELECT DISTINCT coop_fee_product_id AS product_id FROM loyalty_program
     WHERE coop_card AND coop_fee_product_id IS NOT NULL
),
sale AS (
    SELECT purchase.company_id, purchase.partner_id, purchase.date, purchase.amount
      FROM %(ledger)s AS purchase
 UNION ALL
    SELECT line.company_id, line.partner_id, line.date,
           CASE WHEN line.product_id IN (SELECT product_id FROM fee_product)
                THEN -line.amount ELSE GREATEST(-line.amount, 0) END
      FROM %(lines)s AS line
     WHERE line.product_id IN (SELECT product_id FROM fee_product)
        OR %(is_reward)s
),
holder AS (
    SELECT card.program_id, partner.commercial_partner_id AS partner_id,
           GREATEST(MIN(COALESCE(card.coop_date_issue, card.create_date::date)),
                    %(start)s::date) AS since
      FROM loyalty_card card
      JOIN res_partner partner ON partner.id = card.partner_id
     WHERE card.program_id = ANY(%(programs)s)
     GROUP BY card.program_id, partner.commercial_partner_id
    HAVING MIN(COALESCE(card.coop_date_issue, card.create_date::date)) <= %(end)s
),
holder_sale AS (
    SELECT holder.program_id, holder.partner_id,
           SUM(sale.amount) FILTER (WHERE sale.date >= holder.since) AS revenue,
           SUM(sale.amount) FILTER (
               WHERE sale.date < holder.since
                 AND sale.date >= holder.since - (%(end)s::date - holder.since + 1))
               AS own_baseline
      FROM holder
      JOIN scope ON scope.program_id = holder.program_id
      JOIN sale ON sale.company_id = scope.company_id
               AND sale.partner_id = holder.partner_id
     GROUP BY holder.program_id, holder.partner_id
),
holders AS (
    SELECT program_id, COALESCE(SUM(revenue), 0) AS revenue,
           COALESCE(SUM(own_baseline), 0) AS own_baseline,
           COUNT(*) FILTER (WHERE revenue > 0) AS buyers
      FROM holder_sale GROUP BY program_id
),
others AS (
    SELECT scope.program_id, SUM(sale.amount) AS revenue,
           COUNT(DISTINCT sale.partner_id) AS buyers
      FROM sale
      JOIN scope ON scope.company_id = sale.company_id
     WHERE sale.date >= %(start)s
       AND NOT EXISTS (SELECT 1 FROM loyalty_card card
                         JOIN res_partner partner ON partner.id = card.partner_id
                        WHERE card.program_id = scope.program_id
                          AND partner.commercial_partner_id = sale.partner_id)
     GROUP BY scope.program_id
),
cost AS (
    SELECT program.id AS program_id,
           COALESCE((SELECT SUM(CASE WHEN line.amount < 0 THEN -line.amount
                                     ELSE line.discounted END)
                       FROM %(lines)s AS line
                       JOIN loyalty_reward reward ON reward.id = line.reward_id
                       JOIN scope ON scope.company_id = line.company_id
                                 AND scope.program_id = program.id
                      WHERE line.date >= %(start)s
                        AND reward.program_id IN (program.id,
                                                  program.coop_conversion_program_id)),
                    0)
           + COALESCE(program.coop_card_cost, 0)
             * (SELECT COUNT(*) FROM loyalty_card card
                 WHERE card.program_id = program.id
                   AND COALESCE(card.coop_date_issue, card.create_date::date)
                       BETWEEN %(start)s AND %(end)s)
           + COALESCE((SELECT SUM(paid.amount)
                         FROM coop_ristourne_line paid
                         JOIN res_partner member ON member.id = paid.partner_id
                         JOIN scope ON scope.company_id = paid.company_id
                                   AND scope.program_id = program.id
                        WHERE paid.state = 'settled'
                          AND paid.date_settled BETWEEN %(start)s AND %(end)s
                          AND EXISTS (SELECT 1 FROM holder
                                       WHERE holder.program_id = program.id
                                         AND holder.partner_id
                                             = member.commercial_partner_id)),
                      0) AS amount,
           COALESCE((SELECT SUM(line.amount)
                       FROM %(lines)s AS line
                       JOIN scope ON scope.company_id = line.company_id
                                 AND scope.program_id = program.id
                      WHERE line.date >= %(start)s
                        AND line.product_id = program.coop_fee_product_id), 0)
               AS fees
      FROM loyalty_program program
     WHERE program.id = ANY(%(programs)s)
)
SELECT cost.program_id, program.coop_baseline,
       COALESCE(holders.revenue, 0) AS revenue,
       COALESCE(holders.own_baseline, 0) AS own_baseline,
       COALESCE(holders.buyers, 0) AS buyers,
       COALESCE(others.revenue, 0) AS others_revenue,
       COALESCE(others.buyers, 0) AS others_buyers,
       cost.amount AS cost, cost.fees
  FROM cost
  JOIN loyalty_program program ON program.id = cost.program_id
  LEFT JOIN holders ON holders.program_id = cost.program_id
  LEFT JOIN others ON others.program_id = cost.program_id
""",
                scope=programs._coop_scope_sql(),
                ledger=self.env["coop.purchase"]._coop_purchase_sql(
                    company_ids=companies, date_to=end
                ),
                lines=lines,
                is_reward=self._coop_reward_line_sql(SQL("line")),
                programs=programs.ids,
                start=start,
                end=end,
            )
        )
        for row in rows:
            program = self.browse(row["program_id"])
            if row["coop_baseline"] == "non_holders":
                baseline = (
                    row["buyers"] * float(row["others_revenue"]) / row["others_buyers"]
                    if row["others_buyers"]
                    else 0.0
                )
            else:
                baseline = float(row["own_baseline"])
            currency = program.currency_id
            revenue = currency.round(float(row["revenue"]))
            baseline = currency.round(baseline)
            cost = currency.round(float(row["cost"]))
            fees = currency.round(float(row["fees"]))
            net = currency.round(revenue - baseline - cost + fees)
            program.coop_op_holder_revenue = revenue
            program.coop_op_baseline_revenue = baseline
            program.coop_op_extra_revenue = revenue - baseline
            program.coop_op_cost = cost
            program.coop_op_fees = fees
            program.coop_op_net_result = net
            program.coop_op_roi = round(100.0 * net / cost, 2) if cost else 0.0

    def action_coop_profitability(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_loyalty.action_coop_loyalty_profitability_report"
        )
        action["context"] = {"search_default_program_id": self.id}
        return action

    def _get_valid_products(self, products):
        """Issue #21: the card fee earns no points (nor counts towards a rule's minimum)
        unless the program says so: sale_loyalty computes points and thresholds per rule
        on the products this returns."""
        result = super()._get_valid_products(products)
        for rule, rule_products in result.items():
            program = rule.program_id
            if (
                program.coop_card
                and program.coop_fee_product_id
                and not program.coop_fee_earns_points
            ):
                result[rule] = rule_products - program.coop_fee_product_id
        return result

    # ------------------------------------------------------------------ card services
    @api.model
    def _coop_programs_for(self, company, program_type="loyalty"):
        """Card service (issue #15): the active programs whose cards serve ``company``.

        ``loyalty.program._coop_programs_for(company, program_type="loyalty")``

        ``company`` is a ``res.company`` record (or several: the programs serving any of
        them, e.g. ``self.env.companies``). Branch-aware like Odoo's
        ``_check_company_domain`` for branches: a program of the company itself, of one
        of its parent companies (a union's program is shared with its cooperatives) or
        of no company; never a program of an unrelated cooperative or of a branch of
        ``company``. ``program_type`` "loyalty" means the cooperative card programs
        (``coop_card``); any other value is Odoo's ``program_type`` ("ewallet",
        "gift_card", "coupons", ...); ``False`` for any program.

        Returns the programs best first: the company's own, then its parents' from the
        closest, then those of no company (by id within each). Searches with the
        caller's rights.
        """
        domain = check_company_domain_parent_of(self, company)
        if program_type == "loyalty":
            domain += [("coop_card", "=", True)]
        elif program_type:
            domain += [("program_type", "=", program_type)]
        return self.search(domain, order="id")._coop_sorted_for(company)

    def _coop_sorted_for(self, company):
        """These programs, those of ``company`` (or of the closest parent) first, then
        those of no company."""
        rank = {}
        for comp in company.sudo():
            path = [int(c) for c in (comp.parent_path or "").split("/") if c]
            for depth, company_id in enumerate(reversed(path)):
                rank[company_id] = min(rank.get(company_id, depth), depth)
        return self.sorted(
            lambda p: (
                rank.get(p.company_id.id, len(rank) + 1)
                if p.company_id
                else len(rank) + 2,
                p.id,
            )
        )

    def _coop_tier_for_amount(self, amount):
        self.ensure_one()
        if amount >= self.coop_gold_threshold:
            return "gold"
        if amount >= self.coop_silver_threshold:
            return "silver"
        return "bronze"

    def _coop_multiplier(self, tier):
        self.ensure_one()
        return self[f"coop_{tier or 'bronze'}_multiplier"]

    def write(self, vals):
        res = super().write(vals)
        if "coop_grace_days" in vals or "coop_card" in vals:
            self.env["loyalty.card"]._coop_sync_expiration(programs=self)
        return res
