from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount


class CoopClaimCompensation(models.Model):
    """A compensation granted at resolution, with its cost (SPEC 3, phase 3)."""

    _name = "coop.claim.compensation"
    _description = "Claim compensation"
    _inherit = ["coop.transition.mixin"]
    _order = "claim_id, id"
    _check_company_auto = True

    # X-6 (issue #14): granted and cancelled through their buttons only; the credit note
    # and the coupon are made by the grant; a granted or cancelled compensation is
    # frozen
    _coop_state_field = "state"
    _coop_transitions = {
        ("draft", "done"): ("action_grant", "coop_claims.group_claims_user"),
        ("draft", "cancel"): ("action_cancel", "coop_claims.group_claims_user"),
        ("done", "cancel"): ("action_cancel", "coop_claims.group_claims_user"),
    }
    _coop_initial_states = ("draft",)
    _coop_protected_fields = ("move_id", "loyalty_card_id")
    _coop_frozen_fields = (
        "claim_id",
        "compensation_type",
        "name",
        "cost",
        "loyalty_program_id",
    )

    claim_id = fields.Many2one(
        "coop.claim", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    partner_id = fields.Many2one(related="claim_id.partner_id")
    compensation_type = fields.Selection(
        [
            ("refund", "Partial refund (credit note)"),
            ("exchange", "Exchange"),
            ("service", "Extra service"),
            ("coupon", "Discount coupon"),
        ],
        string="Type",
        required=True,
        default="refund",
    )
    name = fields.Char(string="Description", required=True)
    cost = fields.Monetary(
        required=True,
        default=0.0,
        help="Cost of the compensation for the cooperative (refunded amount, value of "
        "the exchanged goods or of the service, value of the coupon).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Granted"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        check_company=True,
    )
    loyalty_program_id = fields.Many2one(
        "loyalty.program",
        string="Coupon program",
        check_company=True,
        domain="[('program_type', '=', 'coupons')]",
    )
    loyalty_card_id = fields.Many2one(
        "loyalty.card",
        string="Coupon",
        readonly=True,
        copy=False,
        check_company=True,
    )

    @api.constrains("cost")
    def _check_cost(self):
        if any(line.cost < 0 for line in self):
            raise ValidationError(_("The cost of a compensation cannot be negative."))

    def write(self, vals):
        frozen = set(self._coop_frozen_fields) & set(vals)
        if frozen and not self._coop_in_transition():
            fixed = self.filtered(lambda line: line.state != "draft")
            changed = [
                line
                for line in fixed
                for fname in frozen
                if line._fields[fname].convert_to_write(line[fname], line)
                != vals[fname]
            ]
            if changed:
                raise UserError(
                    _(
                        "The compensation %(name)s is %(state)s: it can no longer be "
                        "changed.",
                        name=changed[0].name,
                        state=changed[0]._coop_state_label(changed[0].state),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_granted(self):
        if any(line.state != "draft" for line in self):
            raise UserError(
                _(
                    "A granted or cancelled compensation stays on its claim: only "
                    "draft compensations can be deleted."
                )
            )

    def action_grant(self):
        """Grant the compensation: a draft credit note for a refund, a coupon from the
        coupon program for a discount; an exchange or a service is recorded as
        granted."""
        for line in self:
            if line.state != "draft":
                raise UserError(_("Only draft compensations can be granted."))
            if line.compensation_type == "refund":
                line._coop_create_credit_note()
            elif line.compensation_type == "coupon":
                line._coop_create_coupon()
        self._coop_transition("done")
        for line in self:
            # the amount as the user reads amounts (X-2, issue #21): "1 234,50 DH" in
            # French
            line.claim_id.message_post(
                body=_(
                    "Compensation granted: %(name)s (%(cost)s).",
                    name=line.name,
                    cost=format_amount(self.env, line.cost, line.currency_id),
                )
            )
        return True

    def action_cancel(self):
        for line in self:
            if line.move_id and line.move_id.state == "posted":
                raise UserError(
                    _(
                        "The credit note %s is posted: reverse it in Accounting first.",
                        line.move_id.name,
                    )
                )
        for line in self:
            if line.state not in ("draft", "done"):
                raise UserError(
                    _("The compensation %s is already cancelled.", line.name)
                )
        self.move_id.filtered(lambda m: m.state == "draft").sudo().button_cancel()
        self._coop_transition("cancel")
        return True

    def _coop_create_credit_note(self):
        self.ensure_one()
        if self.cost <= 0:
            raise UserError(_("A refund needs a positive amount (the cost)."))
        claim = self.claim_id
        company = claim.company_id
        origin = claim.sale_order_id.name or claim.name
        line_vals = {
            "name": self.name,
            "quantity": 1.0,
            "price_unit": self.cost,
            "tax_ids": [(5, 0, 0)],
        }
        if claim.product_id:
            line_vals["product_id"] = claim.product_id.id
        # Draft credit note for the accountant; the claims user needs no accounting
        # rights.
        Move = self.env["account.move"].sudo().with_company(company)
        Journal = self.env["account.journal"].sudo()
        # a branch uses the journals of its parent company (Odoo 18 branches)
        journal = Journal.search(
            [*Journal._check_company_domain(company), ("type", "=", "sale")], limit=1
        )
        if not journal:
            raise UserError(
                _(
                    "%s has no sales journal: install a chart of accounts before "
                    "granting a refund.",
                    company.name,
                )
            )
        move = Move.create(
            {
                "move_type": "out_refund",
                "partner_id": claim.partner_id.id,
                "company_id": company.id,
                "journal_id": journal.id,
                "invoice_origin": origin,
                "ref": _("Claim %s", claim.name),
                "invoice_line_ids": [(0, 0, line_vals)],
            }
        )
        self._coop_with_transition().move_id = move
        return move

    def _coop_create_coupon(self):
        self.ensure_one()
        program = self.loyalty_program_id
        if not program:
            raise UserError(_("Choose the coupon program of the discount coupon."))
        reward = program.reward_ids[:1]
        card = (
            self.env["loyalty.card"]
            .sudo()
            .create(
                {
                    "program_id": program.id,
                    "partner_id": self.claim_id.partner_id.id,
                    "points": reward.required_points or 1.0,
                }
            )
        )
        self._coop_with_transition().loyalty_card_id = card
        return card
