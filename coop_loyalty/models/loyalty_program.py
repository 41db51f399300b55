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
        them bought again in the last 12 months (one grouped query). Purchases are the
        purchase ledger's rows (credit notes are returns, not purchases), by commercial
        partner: a business's contacts buy for the business, in the program's
        cooperative and its branches (issue #15)."""
        self.coop_holders_previous = self.coop_holders_retained = 0
        self.coop_retention_rate = self.coop_attrition_rate = 0.0
        programs = self.filtered(lambda p: p.coop_card and p.id)
        if not programs:
            return
        today = fields.Date.context_today(self)
        start = today - relativedelta(months=24)
        # a union's program counts the purchases in its cooperatives (issue #15)
        companies = programs.company_id._coop_stats_companies().ids
        if not all(programs.mapped("company_id")):
            companies = None  # a program without cooperative: all of them
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH buyer AS (
                SELECT card.program_id, purchase.partner_id,
                       bool_or(purchase.date < %(middle)s) AS previous,
                       bool_or(purchase.date >= %(middle)s) AS current
                  FROM %(ledger)s AS purchase
                  JOIN res_partner holder
                       ON holder.commercial_partner_id = purchase.partner_id
                  JOIN loyalty_card card ON card.partner_id = holder.id
                  JOIN loyalty_program program ON program.id = card.program_id
                  LEFT JOIN res_company program_company
                         ON program_company.id = program.company_id
                  JOIN res_company buyer_company
                    ON buyer_company.id = purchase.company_id
                 WHERE card.program_id IN %(programs)s
                   AND purchase.amount >= 0
                   AND (program.company_id IS NULL
                        OR starts_with(buyer_company.parent_path,
                                       program_company.parent_path))
              GROUP BY card.program_id, purchase.partner_id
            )
            SELECT program_id, count(*) FILTER (WHERE previous),
                   count(*) FILTER (WHERE previous AND current)
              FROM buyer GROUP BY program_id
            """,
                programs=tuple(programs.ids),
                ledger=self.env["coop.purchase"]._coop_purchase_sql(
                    company_ids=companies, date_from=start, date_to=today
                ),
                middle=today - relativedelta(months=12),
            )
        )
        for program_id, previous, retained in self.env.cr.fetchall():
            program = self.browse(program_id)
            program.coop_holders_previous = previous
            program.coop_holders_retained = retained
            if previous:
                program.coop_retention_rate = round(100.0 * retained / previous, 2)
                program.coop_attrition_rate = round(
                    100.0 - program.coop_retention_rate, 2
                )

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
