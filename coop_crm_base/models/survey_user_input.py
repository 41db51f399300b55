from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SurveyUserInput(models.Model):
    """Survey answers linked to the cooperative and the order they are about (M-7)."""

    _inherit = "survey.user_input"

    coop_company_id = fields.Many2one(
        "res.company", "Cooperative", index="btree_not_null",
        help="Cooperative whose satisfaction indicators count this answer.",
    )
    coop_sale_order_id = fields.Many2one(
        "sale.order", "Sale order", index="btree_not_null", ondelete="set null",
        help="Order the satisfaction survey was sent for.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("coop_company_id"):
                continue
            if vals.get("coop_sale_order_id"):
                order = self.env["sale.order"].sudo().browse(vals["coop_sale_order_id"])
                vals["coop_company_id"] = order.company_id.id
            elif vals.get("partner_id"):
                partner = self.env["res.partner"].sudo().browse(vals["partner_id"])
                vals["coop_company_id"] = partner.company_id.id
        return super().create(vals_list)

    def write(self, vals):
        """The cooperative of an answer is set when it is created; a user does not move
        answers to another cooperative (X-1, issue #14)."""
        if "coop_company_id" in vals and not self.env.su and any(
            answer.coop_company_id.id != (vals["coop_company_id"] or False) for answer in self
        ):
            raise UserError(_("The cooperative of a survey answer cannot be changed."))
        return super().write(vals)
