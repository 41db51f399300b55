from odoo import fields, models


class CoopClaimCategory(models.Model):
    """Category used to code a claim at registration (C-3)."""

    _name = "coop.claim.category"
    _description = "Claim category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the category with every cooperative."
    )
    active = fields.Boolean(default=True)
