from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CoopClaim(models.Model):
    """A claim about a purchase at the till names its point of sale order (P-6)."""

    _inherit = "coop.claim"

    pos_order_id = fields.Many2one(
        "pos.order",
        string="Point of sale order",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="The order of the point of sale the claim is about.",
    )

    @api.constrains("pos_order_id", "partner_id")
    def _check_coop_pos_order(self):
        """X-1: the order is one of the claim's customer's (a client could send any
        order's id; the view's domain is no rule)."""
        for claim in self.filtered("pos_order_id"):
            buyer = claim.sudo().pos_order_id.partner_id.commercial_partner_id
            if buyer != claim.partner_id.commercial_partner_id:
                raise ValidationError(
                    _(
                        "Claim %(claim)s: order %(order)s is not one of "
                        "%(customer)s's.",
                        claim=claim.name,
                        order=claim.sudo().pos_order_id.name,
                        customer=claim.partner_id.display_name,
                    )
                )
