from odoo import fields, models


class CoopMembershipChange(models.TransientModel):
    """Ask the reason of a suspension, reactivation, resignation or exclusion (M-2)."""

    _name = "coop.membership.change"
    _description = "Membership change"

    membership_ids = fields.Many2many("coop.membership", string="Memberships", required=True)
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

    def action_confirm(self):
        self.ensure_one()
        self.membership_ids._apply_change(self.action, self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}
