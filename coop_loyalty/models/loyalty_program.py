from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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
        "product.product", string="Card fee product", check_company=True,
        help="Product added to the order when a card is issued or renewed (e.g. 250 MAD).",
    )
    coop_validity_months = fields.Integer(string="Validity (months)", default=12)
    coop_grace_days = fields.Integer(
        string="Grace period (days)", default=30,
        help="Days after the expiry during which confirmed orders still earn points and "
        "earned points can still be used.",
    )
    coop_reminder_days = fields.Integer(
        string="Reminder (days before expiry)", default=30,
        help="The holder is reminded this many days before the expiry (0: no reminder).",
    )
    # L-5 tiers ------------------------------------------------------------------
    coop_silver_threshold = fields.Monetary(
        string="Silver from (12-month spend)", default=2000.0,
        help="Untaxed amount of confirmed orders over the last 12 months.",
    )
    coop_gold_threshold = fields.Monetary(string="Gold from (12-month spend)", default=5000.0)
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
        "loyalty.program", string="Voucher program", check_company=True,
        domain="[('program_type', 'in', ('coupons', 'gift_card', 'ewallet')),"
        " ('id', '!=', id)]",
        help="Coupon, gift card or eWallet program in which the vouchers are issued.",
    )
    coop_conversion_amount = fields.Monetary(
        string="Voucher value",
        help="Value of one voucher (gift card / eWallet amount; coupons get the points of "
        "their cheapest reward).",
    )
    # L-9 referral ---------------------------------------------------------------------
    coop_referral_points = fields.Float(
        string="Referral reward (points)",
        help="Points given to the referrer's card on the first confirmed order of a "
        "customer they referred.",
    )

    @api.constrains(
        "coop_validity_months", "coop_grace_days", "coop_reminder_days",
        "coop_silver_threshold", "coop_gold_threshold", "coop_bronze_multiplier",
        "coop_silver_multiplier", "coop_gold_multiplier", "coop_conversion_points",
        "coop_conversion_amount", "coop_referral_points",
    )
    def _check_coop_card_settings(self):
        for program in self.filtered("coop_card"):
            if program.coop_validity_months <= 0:
                raise ValidationError(_("%s: the card validity must be at least one month.",
                                        program.name))
            if min(program.coop_grace_days, program.coop_reminder_days,
                   program.coop_conversion_points, program.coop_conversion_amount,
                   program.coop_referral_points) < 0:
                raise ValidationError(_(
                    "%s: days, points and amounts of the card cannot be negative.",
                    program.name))
            if not 0 <= program.coop_silver_threshold <= program.coop_gold_threshold:
                raise ValidationError(_(
                    "%s: the gold threshold must be at least the silver threshold.",
                    program.name))
            if min(program.coop_bronze_multiplier, program.coop_silver_multiplier,
                   program.coop_gold_multiplier) <= 0:
                raise ValidationError(_("%s: point multipliers must be positive.",
                                        program.name))
            if program.coop_conversion_points and not (
                program.coop_conversion_program_id and program.coop_conversion_amount
            ):
                raise ValidationError(_(
                    "%s: an automatic conversion needs a voucher program and a voucher value.",
                    program.name))

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
