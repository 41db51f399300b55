from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SurveyUserInput(models.Model):
    """Survey answers linked to the cooperative and the order they are about (M-7)."""

    _name = "survey.user_input"
    _inherit = [
        "coop.message.mixin",
        "survey.user_input",
    ]  # the mixin first: it extends mail.thread

    coop_company_id = fields.Many2one(
        "res.company",
        "Cooperative",
        index="btree_not_null",
        help="Cooperative whose satisfaction indicators count this answer.",
    )
    coop_sale_order_id = fields.Many2one(
        "sale.order",
        "Sale order",
        index="btree_not_null",
        ondelete="set null",
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
        for vals in vals_list:
            self._coop_check_order(
                vals.get("coop_sale_order_id"), vals.get("coop_company_id")
            )
        return super().create(vals_list)

    @api.model
    def _coop_check_order(self, order_id, company_id):
        """An answer of a cooperative is about an order of that cooperative (X-1,
        issue #14); the refusal names nothing of the order."""
        if not order_id:
            return
        order = self.env["sale.order"].sudo().browse(order_id)
        if order.company_id.id != (company_id or False):
            raise UserError(
                _(
                    "The order of a survey answer belongs to the answer's "
                    "cooperative."
                )
            )

    def write(self, vals):
        """The cooperative of an answer is set when it is created; a user does not move
        answers to another cooperative (X-1, issue #14)."""
        if (
            "coop_company_id" in vals
            and not self.env.su
            and any(
                answer.coop_company_id.id != (vals["coop_company_id"] or False)
                for answer in self
            )
        ):
            raise UserError(_("The cooperative of a survey answer cannot be changed."))
        if vals.get("coop_sale_order_id"):
            for answer in self:
                self._coop_check_order(
                    vals["coop_sale_order_id"], answer.coop_company_id.id
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    def _coop_message_company(self):
        self.ensure_one()
        return self.coop_company_id or self.env.company

    def _coop_short_start_url(self):
        """The survey's start page for this answer as a short link, for SMS (X-7)."""
        self.ensure_one()
        return self.env["coop.short.link"]._coop_shorten(
            self.sudo(), url=self.get_start_url()
        )
