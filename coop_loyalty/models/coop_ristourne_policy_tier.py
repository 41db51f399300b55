from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CoopRistournePolicyTier(models.Model):
    """A threshold of purchases and the ristourne rate it gives (L-7)."""

    _name = "coop.ristourne.policy.tier"
    _description = "Ristourne tier"
    _order = "policy_id, threshold"

    policy_id = fields.Many2one(
        "coop.ristourne.policy", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    currency_id = fields.Many2one(related="policy_id.currency_id")
    threshold = fields.Monetary(
        string="From (untaxed purchases)",
        required=True,
        help="Purchases of the period, untaxed and net of credit notes, from which "
        "the rate applies.",
    )
    rate = fields.Float(string="Rate (%)", required=True, digits=(5, 2))

    _sql_constraints = [
        (
            "threshold_unique",
            "unique(policy_id, threshold)",
            "Two tiers of a policy cannot have the same threshold.",
        ),
    ]

    @api.constrains("threshold", "rate")
    def _check_values(self):
        for tier in self:
            if tier.threshold < 0 or not 0 <= tier.rate <= 100:
                raise ValidationError(
                    _(
                        "A tier needs a positive threshold and a rate between 0 and "
                        "100%."
                    )
                )
