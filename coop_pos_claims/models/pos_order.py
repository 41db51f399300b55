from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html


class PosOrder(models.Model):
    """A claim registered from the till for the order's customer (P-6, issue #16)."""

    _inherit = "pos.order"

    # for claims users only: the till reads every field of its orders as the cashier
    coop_claim_ids = fields.One2many(
        "coop.claim",
        "pos_order_id",
        string="Claims",
        groups="coop_claims.group_claims_user",
    )
    coop_claim_count = fields.Integer(
        string="Number of claims",
        compute="_compute_coop_claim_count",
        groups="coop_claims.group_claims_user",
    )

    @api.depends("coop_claim_ids")
    def _compute_coop_claim_count(self):
        counts = dict(
            self.env["coop.claim"]
            .sudo()
            ._read_group(
                [("pos_order_id", "in", self.ids)], ["pos_order_id"], ["__count"]
            )
        )
        for order in self:
            order.coop_claim_count = counts.get(order, 0)

    @api.model
    def coop_register_claim(self, order_id, subject, description=False):
        """Register a claim at the till (the cashier's "Register a claim" on a synced
        order): for the order's customer, in the order's cooperative, received in
        person, linked to the order. The cashier need not be a claims user: the claim is
        created as superuser once the cashier is shown to read the order (its
        company's rules); its responsible is the cooperative's claims escalation user.

        :return: {"id", "name"} of the claim
        """
        order = self.browse(int(order_id)).exists()
        if not order:
            raise UserError(_("This order is not on the server yet: sync it first."))
        order.check_access("read")
        if not order.partner_id:
            raise UserError(
                _("Choose the order's customer first: a claim is a customer's.")
            )
        subject = (subject or "").strip()
        if not subject:
            raise UserError(_("Say what the claim is about."))
        company = order.company_id
        claim = (
            self.env["coop.claim"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "partner_id": order.partner_id.id,
                    "subject": subject,
                    "description": plaintext2html(description)
                    if description
                    else False,
                    "channel": "in_person",
                    "pos_order_id": order.id,
                    "user_id": company.coop_claim_escalation_user_id.id or False,
                }
            )
        )
        return {"id": claim.id, "name": claim.name}

    def action_view_coop_claims(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Claims"),
            "res_model": "coop.claim",
            "view_mode": "list,form",
            "domain": [("pos_order_id", "=", self.id)],
            "context": {
                "default_pos_order_id": self.id,
                "default_channel": "in_person",
            },
        }
