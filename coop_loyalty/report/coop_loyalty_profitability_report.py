from odoo import fields, models
from odoo.tools import SQL


class CoopLoyaltyProfitabilityReport(models.Model):
    """Profitability of a loyalty operation (L-10): revenue of card holders against
    non-holders, card fees, cost of rewards, vouchers and cards, per program and
    date."""

    _name = "coop.loyalty.profitability.report"
    _description = "Loyalty profitability analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "loyalty.card": ["partner_id", "program_id", "coop_date_issue", "company_id"],
        "loyalty.program": [
            "coop_card",
            "company_id",
            "coop_fee_product_id",
            "coop_conversion_program_id",
            "coop_card_cost",
        ],
        "loyalty.reward": ["program_id"],
        "sale.order": [
            "date_order",
            "company_id",
            "partner_id",
            "state",
            "currency_rate",
        ],
        "sale.order.line": [
            "order_id",
            "price_subtotal",
            "reward_id",
            "display_type",
            "product_id",
        ],
        "res.partner": ["commercial_partner_id"],
        # the purchase ledger's sources (coop.purchase)
        "account.move": [
            "state",
            "move_type",
            "company_id",
            "commercial_partner_id",
            "date",
            "coop_purchase_excluded",
        ],
        "account.move.line": ["move_id", "display_type", "balance"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    program_id = fields.Many2one(
        "loyalty.program", string="Card program", readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, aggregator="count_distinct"
    )
    customer_type = fields.Selection(
        [("holder", "Card holder"), ("non_holder", "No card")], readonly=True
    )
    revenue = fields.Monetary(
        readonly=True,
        help="Untaxed sales, without reward lines and card fees.",
    )
    holder_revenue = fields.Monetary(string="Revenue of holders", readonly=True)
    non_holder_revenue = fields.Monetary(string="Revenue of non-holders", readonly=True)
    reward_cost = fields.Monetary(
        string="Cost of rewards and vouchers",
        readonly=True,
        help="Discounts given by the card's rewards and by the vouchers it converted "
        "into.",
    )
    card_fee = fields.Monetary(string="Card fees", readonly=True)
    card_cost = fields.Monetary(string="Cost of cards", readonly=True)
    cards_issued = fields.Integer(readonly=True)
    net_result = fields.Monetary(
        string="Net result",
        readonly=True,
        help="Card fees minus the cost of rewards, vouchers and cards.",
    )

    @property
    def _table_query(self):
        # revenue: the purchase ledger (an order and its invoice once, direct invoices,
        # credit notes lowering it, in the cooperative's currency, by commercial
        # partner), less what it counts that is no sale here: the card fees and the
        # reward lines of the orders (their discounts are the cost of rewards)
        return SQL(
            """
WITH holder AS (
    SELECT DISTINCT ON (partner.commercial_partner_id, program.company_id)
           partner.commercial_partner_id AS partner_id, program.id AS program_id,
           program.company_id,
           COALESCE(card.coop_date_issue, card.create_date::date) AS date_issue
      FROM loyalty_card card
      JOIN loyalty_program program ON program.id = card.program_id
      JOIN res_partner partner ON partner.id = card.partner_id
     WHERE program.coop_card
  ORDER BY partner.commercial_partner_id, program.company_id, card.coop_date_issue,
           card.id
), fee_product AS (
    SELECT DISTINCT coop_fee_product_id AS product_id
      FROM loyalty_program
     WHERE coop_card AND coop_fee_product_id IS NOT NULL
), sale AS (
    SELECT purchase.date, purchase.company_id, purchase.partner_id, purchase.amount
      FROM %(ledger)s AS purchase
 UNION ALL
    SELECT so.date_order::date, so.company_id, cp.commercial_partner_id,
           -ROUND((sol.price_subtotal
                   / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0
                          ELSE so.currency_rate END)::numeric, 2)
      FROM sale_order_line sol
      JOIN sale_order so ON so.id = sol.order_id
      JOIN res_partner cp ON cp.id = so.partner_id
     WHERE so.state = 'sale' AND %(line_filter)s
       AND (sol.reward_id IS NOT NULL
            OR sol.product_id IN (SELECT product_id FROM fee_product))
), event AS (
    SELECT sale.date, sale.company_id, holder.program_id, sale.partner_id,
           CASE WHEN holder.program_id IS NULL THEN 'non_holder' ELSE 'holder' END
               AS customer_type,
           sale.amount AS revenue, 0.0 AS reward_cost, 0.0 AS card_fee,
           0.0 AS card_cost, 0 AS cards_issued
      FROM sale
 LEFT JOIN holder ON holder.partner_id = sale.partner_id
               AND (holder.company_id = sale.company_id OR holder.company_id IS NULL)
               AND holder.date_issue <= sale.date
 UNION ALL
    SELECT so.date_order::date, so.company_id, program.id, cp.commercial_partner_id,
           'holder', 0.0, -sol.price_subtotal, 0.0, 0.0, 0
      FROM sale_order_line sol
      JOIN sale_order so ON so.id = sol.order_id
      JOIN res_partner cp ON cp.id = so.partner_id
      JOIN loyalty_reward reward ON reward.id = sol.reward_id
      JOIN loyalty_program program ON program.coop_card
               AND (program.id = reward.program_id
                    OR program.coop_conversion_program_id = reward.program_id)
     WHERE so.state = 'sale'
 UNION ALL
    SELECT so.date_order::date, so.company_id, program.id, cp.commercial_partner_id,
           'holder', 0.0, 0.0, sol.price_subtotal, 0.0, 0
      FROM sale_order_line sol
      JOIN sale_order so ON so.id = sol.order_id
      JOIN res_partner cp ON cp.id = so.partner_id
      JOIN loyalty_program program ON program.coop_card
               AND program.coop_fee_product_id = sol.product_id
               AND (program.company_id = so.company_id OR program.company_id IS NULL)
     WHERE so.state = 'sale'
 UNION ALL
    SELECT COALESCE(card.coop_date_issue, card.create_date::date),
           COALESCE(program.company_id, card.company_id), program.id, card.partner_id,
           'holder', 0.0, 0.0, 0.0, COALESCE(program.coop_card_cost, 0.0), 1
      FROM loyalty_card card
      JOIN loyalty_program program ON program.id = card.program_id
     WHERE program.coop_card
)
SELECT row_number() OVER () AS id, event.date, event.company_id, event.program_id,
       event.partner_id, event.customer_type, event.revenue,
       CASE WHEN event.customer_type = 'holder' THEN event.revenue ELSE 0.0 END
           AS holder_revenue,
       CASE WHEN event.customer_type = 'non_holder' THEN event.revenue ELSE 0.0 END
           AS non_holder_revenue,
       event.reward_cost, event.card_fee, event.card_cost, event.cards_issued,
       event.card_fee - event.reward_cost - event.card_cost AS net_result
  FROM event
""",
            ledger=self.env["coop.purchase"]._coop_purchase_sql(),
            line_filter=self.env["coop.purchase"]._coop_purchase_order_line_filter(),
        )
