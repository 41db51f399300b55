from odoo import api, models
from odoo.tools import SQL


class LoyaltyCard(models.Model):
    """The till shows a cooperative card's number, tier, expiry and grace (P-2)."""

    _inherit = "loyalty.card"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "coop_number",
            "coop_tier",
            "coop_date_expiry",
            "coop_multiplier",
        ]


class LoyaltyProgram(models.Model):
    """The till knows which programs are cooperative cards and their fee (P-2)."""

    _inherit = "loyalty.program"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "coop_card",
            "coop_fee_product_id",
        ]

    @api.model
    def _coop_order_line_sources(self, company_ids, date_from, date_to):
        """The lines of the paid orders of the till (P-6): their rewards, vouchers and
        card fees count in the customers' cost to serve (R-3) and in the loyalty
        operation (R-2) as those of sale orders."""
        Purchase = self.env["coop.purchase"]
        return [
            *super()._coop_order_line_sources(company_ids, date_from, date_to),
            SQL(
                """
SELECT po.company_id, cp.commercial_partner_id AS partner_id,
       po.date_order::date AS date, pol.product_id, pol.reward_id,
       pol.price_subtotal / %(rate)s AS amount,
       pol.price_unit * pol.qty * COALESCE(pol.discount, 0) / 100 / %(rate)s
           AS discounted,
       'pos.order' AS res_model, po.id AS res_id
  FROM pos_order_line pol
  JOIN pos_order po ON po.id = pol.order_id
  JOIN res_partner cp ON cp.id = po.partner_id
 WHERE po.state IN ('paid', 'done', 'invoiced') AND %(where)s AND %(line_filter)s""",
                rate=SQL(
                    "CASE COALESCE(po.currency_rate, 0) WHEN 0 THEN 1.0"
                    " ELSE po.currency_rate END"
                ),
                where=Purchase._coop_purchase_where(
                    SQL("po.company_id"),
                    SQL("po.date_order"),
                    company_ids,
                    date_from,
                    date_to,
                    datetime_column=True,
                ),
                line_filter=Purchase._coop_purchase_pos_line_filter(),
            ),
        ]
