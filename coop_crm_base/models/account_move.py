from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class AccountMove(models.Model):
    """Customer invoices and credit notes that are not purchases (purchase ledger)."""

    _inherit = "account.move"

    coop_purchase_excluded = fields.Boolean(
        "Not a purchase",
        compute="_compute_coop_purchase_excluded",
        store=True,
        recursive=True,
        copy=False,
        help="This entry is not counted in the customers' purchases (for instance a "
        "credit note that paid a ristourne, or its reversal).",
    )

    @api.depends("reversed_entry_id.coop_purchase_excluded")
    def _compute_coop_purchase_excluded(self):
        """Extension point: an addon whose entries are not purchases extends this
        compute (and its ``@api.depends``) and sets the flag on them; the reversal of
        such an entry is not a purchase either."""
        for move in self:
            move.coop_purchase_excluded = bool(
                move.reversed_entry_id.coop_purchase_excluded
            )

    def _coop_check_purchase_excluded_vals(self, vals_list):
        if not self.env.su and any(
            "coop_purchase_excluded" in vals for vals in vals_list
        ):
            raise AccessError(
                _(
                    "Whether an entry counts as a purchase is decided by the "
                    "application, it cannot be changed by hand."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._coop_check_purchase_excluded_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_purchase_excluded_vals([vals])
        return super().write(vals)
