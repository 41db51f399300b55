from odoo import api, models
from odoo.tools import SQL


class CoopPurchase(models.Model):
    """What is paid with the eWallet credit of a ristourne is not a lower purchase
    (L-7, issue #15): the lines of such payments leave the purchase ledger, as the
    credit notes that paid a ristourne do (``account.move.coop_purchase_excluded``)."""

    _inherit = "coop.purchase"
    _depends = {  # noqa: RUF012 (Odoo reads it from the class)
        "sale.order.line": ["reward_id"],
        "account.move.line": ["product_id"],
        "coop.ristourne.line": ["ewallet_card_id"],
    }

    @api.model
    def _coop_ristourne_ewallet_programs(self):
        """SQL: the programs whose eWallets received a ristourne."""
        return SQL("""SELECT card.program_id FROM coop_ristourne_line paid
                        JOIN loyalty_card card ON card.id = paid.ewallet_card_id""")

    @api.model
    def _coop_ristourne_ewallet_line(self):
        """SQL condition: the invoice line ``aml`` is paid with a ristourne's eWallet
        credit (the product of a reward of such a program)."""
        return SQL(
            """EXISTS (
            SELECT 1 FROM loyalty_reward reward
             WHERE reward.discount_line_product_id = aml.product_id
               AND reward.program_id IN (%s))""",
            self._coop_ristourne_ewallet_programs(),
        )

    @api.model
    def _coop_purchase_order_line_filter(self):
        return SQL(
            "%s AND NOT EXISTS (SELECT 1 FROM loyalty_reward reward"
            " WHERE reward.id = sol.reward_id AND reward.program_id IN (%s))",
            super()._coop_purchase_order_line_filter(),
            self._coop_ristourne_ewallet_programs(),
        )

    @api.model
    def _coop_purchase_move_line_filter(self):
        return SQL(
            "%s AND NOT %s",
            super()._coop_purchase_move_line_filter(),
            self._coop_ristourne_ewallet_line(),
        )
