from odoo import api, models
from odoo.tools import SQL


class CoopPurchase(models.Model):
    """The paid orders of the point of sale in the purchase ledger (P-6, issue #16).

    A paid order of a known customer is one purchase, on the day of its order date
    (UTC), for its untaxed lines in the cooperative's currency, through the channel of
    its point of sale; a refund order lowers the purchases; the invoice of an order is
    the same purchase, never counted again. Orders without a customer are nobody's
    purchase: they are in the point of sale's own reports.
    """

    _inherit = "coop.purchase"
    _depends = {  # noqa: RUF012 (Odoo reads it from the class)
        "pos.order": [
            "state",
            "company_id",
            "partner_id",
            "date_order",
            "currency_rate",
            "coop_sales_channel",
            "account_move",
        ],
        "pos.order.line": ["order_id", "price_subtotal", "qty", "reward_id"],
    }

    @api.model
    def _coop_purchase_sources(self, company_ids=None, date_from=None, date_to=None):
        return super()._coop_purchase_sources(company_ids, date_from, date_to) + [
            self._coop_purchase_pos_source(company_ids, date_from, date_to)
        ]

    @api.model
    def _coop_purchase_pos_line_filter(self):
        """Extension point: SQL condition on the lines ``pol`` of a paid order that are
        purchases: not what a ristourne's eWallet credit paid (as on sale orders)."""
        return SQL(
            "NOT EXISTS (SELECT 1 FROM loyalty_reward reward"
            " WHERE reward.id = pol.reward_id AND reward.program_id IN (%s))",
            self._coop_ristourne_ewallet_programs(),
        )

    @api.model
    def _coop_purchase_move_line_filter(self):
        """An invoice of a point of sale order is that order's purchase."""
        return SQL(
            "%s AND NOT EXISTS (SELECT 1 FROM pos_order po_inv"
            " WHERE po_inv.account_move = move.id)",
            super()._coop_purchase_move_line_filter(),
        )

    @api.model
    def _coop_purchase_pos_source(self, company_ids, date_from, date_to):
        return SQL(
            """
SELECT po.company_id, cp.commercial_partner_id AS partner_id,
       po.date_order::date AS date,
       ROUND(SUM(pol.price_subtotal
                 / CASE COALESCE(po.currency_rate, 0) WHEN 0 THEN 1.0
                        ELSE po.currency_rate END)::numeric, 2) AS amount,
       SUM(pol.qty) AS quantity,
       po.coop_sales_channel, 'pos.order' AS res_model, po.id AS res_id
  FROM pos_order po
  JOIN pos_order_line pol ON pol.order_id = po.id
  JOIN res_partner cp ON cp.id = po.partner_id
 WHERE po.state IN ('paid', 'done', 'invoiced') AND %(where)s AND %(line_filter)s
 GROUP BY po.id, cp.id, po.company_id, cp.commercial_partner_id, po.date_order,
          po.coop_sales_channel""",
            where=self._coop_purchase_where(
                SQL("po.company_id"),
                SQL("po.date_order"),
                company_ids,
                date_from,
                date_to,
                datetime_column=True,
            ),
            line_filter=self._coop_purchase_pos_line_filter(),
        )
