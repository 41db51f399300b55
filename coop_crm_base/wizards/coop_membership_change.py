from odoo import api, fields, models


class CoopMembershipChange(models.TransientModel):
    """Ask the reason of a suspension, reactivation, resignation or exclusion (M-2)."""

    _name = "coop.membership.change"
    _description = "Membership change"

    membership_ids = fields.Many2many(
        "coop.membership", string="Memberships", required=True
    )
    action = fields.Selection(
        [
            ("suspend", "Suspend"),
            ("reactivate", "Reactivate"),
            ("resign", "Resignation"),
            ("exclude", "Exclusion"),
        ],
        required=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text(required=True)
    is_withdrawal = fields.Boolean(
        compute="_compute_is_withdrawal",
        help="The memberships are candidacies: leaving is withdrawing the application.",
    )

    @api.depends("action", "membership_ids.state")
    def _compute_is_withdrawal(self):
        for wizard in self:
            wizard.is_withdrawal = (
                wizard.action == "resign"
                and bool(wizard.membership_ids)
                and all(m.state == "candidate" for m in wizard.membership_ids)
            )

    def action_confirm(self):
        self.ensure_one()
        self.membership_ids._apply_change(self.action, self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}


class CoopMembershipAdmit(models.TransientModel):
    """Admit candidates with the board's decision (M-2, issue #21)."""

    _name = "coop.membership.admit"
    _description = "Membership admission"

    membership_ids = fields.Many2many(
        "coop.membership", string="Candidates", required=True
    )
    date = fields.Date(
        string="Admission date", required=True, default=fields.Date.context_today
    )
    board_decision_date = fields.Date(
        string="Board decision date",
        default=fields.Date.context_today,
        help="Date of the board meeting that decided the admission.",
    )
    board_decision_ref = fields.Char(
        string="Board decision reference", help="For example the number of the minutes."
    )

    def action_confirm(self):
        self.ensure_one()
        self.membership_ids.action_admit(
            date=self.date,
            board_decision_date=self.board_decision_date,
            board_decision_ref=self.board_decision_ref,
        )
        return {"type": "ir.actions.act_window_close"}
