from odoo import _, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    """The credit notes that paid a ristourne stay as they were posted (L-7, issue #14)."""

    _inherit = "account.move"

    coop_ristourne_line_ids = fields.One2many(
        "coop.ristourne.line", "move_id", string="Ristourne lines paid", readonly=True,
        help="The ristourne lines this credit note paid: it is left out of the basis of "
        "every ristourne.")

    def _coop_ristourne_settlements(self):
        """The moves of ``self`` that settled a ristourne line."""
        if not self.ids:
            return self.browse()
        return self.browse(self.env["coop.ristourne.line"].sudo().search(
            [("move_id", "in", self.ids)]).move_id.ids)

    def button_draft(self):
        settlements = self._coop_ristourne_settlements()
        if settlements:
            raise UserError(_(
                "%(move)s paid a ristourne: it cannot be reset to draft. Reverse it if it "
                "must be corrected.",
                move=settlements[0].display_name))
        return super().button_draft()
