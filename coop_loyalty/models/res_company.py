from odoo import fields, models


class ResCompany(models.Model):
    """How a cooperative sells card renewals (L-3, issue #21)."""

    _inherit = "res.company"

    coop_card_renewal_mode = fields.Selection(
        [
            ("confirm", "Fee order confirmed at once"),
            ("pending", "Renewal pending until the fee order is confirmed"),
        ],
        string="Card renewal",
        default="confirm",
        required=True,
        help="Renewing a card creates its fee order. Confirmed at once: the card is "
        "renewed immediately. Pending: the card is renewed when the fee order is "
        "confirmed (e.g. once paid).",
    )
