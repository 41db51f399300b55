from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.coop_crm_base.models.crm_team import SALES_CHANNELS


class CoopPosDayReport(models.Model):
    """What a day at the souk, the fair or the shop gave (P-5, issue #16): one row per
    point of sale and day (the orders' date, UTC) of paid orders.

    * revenue: untaxed lines of the paid orders, in the cooperative's currency, those
      without customer included;
    * customers served: distinct (commercial) customers of the orders; new customers:
      the orders' customers created that day (captured at the till);
    * cards sold or renewed: quantity of the cooperative programs' card fees sold;
    * points given and used: of the cooperative cards, by these orders (their history
      lines); vouchers: lines that credited another card (a voucher, an eWallet) for
      these orders.

    A query (``_table_query``) on the orders, no SQL view: ``_depends`` names what it
    reads, so that pending writes are flushed before it is read.
    """

    _name = "coop.pos.day.report"
    _description = "Point of sale days"
    _auto = False
    _order = "date desc, config_id"
    _rec_name = "config_id"
    _depends = {  # noqa: RUF012 (Odoo reads it from the class)
        "pos.order": [
            "state",
            "config_id",
            "company_id",
            "partner_id",
            "date_order",
            "currency_rate",
            "coop_sales_channel",
        ],
        "pos.order.line": ["order_id", "price_subtotal", "qty", "product_id"],
        "pos.config": ["coop_city", "coop_region_id"],
        "res.partner": ["create_date", "commercial_partner_id"],
        "loyalty.history": ["order_model", "order_id", "issued", "used", "card_id"],
        "loyalty.card": ["program_id"],
        "loyalty.program": ["coop_card", "coop_fee_product_id"],
    }

    config_id = fields.Many2one("pos.config", string="Point of sale", readonly=True)
    company_id = fields.Many2one("res.company", string="Cooperative", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    date = fields.Date(readonly=True)
    coop_sales_channel = fields.Selection(
        SALES_CHANNELS, string="Sales channel", readonly=True
    )
    coop_city = fields.Char(string="Place", readonly=True)
    coop_region_id = fields.Many2one("coop.region", string="Region", readonly=True)
    revenue = fields.Monetary(
        readonly=True,
        help="Untaxed sales of the day, in the cooperative's currency, sales without "
        "customer included.",
    )
    order_count = fields.Integer(string="Orders", readonly=True)
    customer_count = fields.Integer(
        string="Customers served",
        readonly=True,
        aggregator="sum",
        help="Distinct customers of the day's orders (orders without customer not "
        "counted).",
    )
    new_customer_count = fields.Integer(
        string="New customers",
        readonly=True,
        help="Customers of the day's orders created that day: captured at the till.",
    )
    card_fee_count = fields.Float(
        string="Cards sold or renewed",
        readonly=True,
        help="Card fees of the cooperative programs sold.",
    )
    points_given = fields.Float(string="Points given", readonly=True)
    points_used = fields.Float(
        string="Points used",
        readonly=True,
        help="Points of cooperative cards spent on rewards or converted into vouchers.",
    )
    voucher_count = fields.Integer(
        string="Vouchers",
        readonly=True,
        help="Vouchers and eWallet credits issued by the day's orders.",
    )

    @property
    def _table_query(self):
        return SQL("""
WITH sale AS (
    SELECT po.id, po.config_id, po.company_id, po.date_order::date AS date,
           po.coop_sales_channel, p.commercial_partner_id AS partner_id,
           p.create_date::date = po.date_order::date AS new_partner
      FROM pos_order po
      LEFT JOIN res_partner p ON p.id = po.partner_id
     WHERE po.state IN ('paid', 'done', 'invoiced')
), line AS (
    SELECT pol.order_id,
           SUM(pol.price_subtotal
               / CASE COALESCE(po.currency_rate, 0) WHEN 0 THEN 1.0
                      ELSE po.currency_rate END) AS amount,
           SUM(pol.qty) FILTER (WHERE pol.product_id IN (
               SELECT coop_fee_product_id FROM loyalty_program
                WHERE coop_card AND coop_fee_product_id IS NOT NULL)) AS fees
      FROM pos_order_line pol
      JOIN pos_order po ON po.id = pol.order_id
     GROUP BY pol.order_id
), card AS (
    SELECT h.order_id,
           SUM(h.issued) FILTER (WHERE prog.coop_card) AS points_given,
           SUM(h.used) FILTER (WHERE prog.coop_card) AS points_used,
           COUNT(*) FILTER (WHERE NOT COALESCE(prog.coop_card, FALSE)
                            AND h.issued > 0) AS vouchers
      FROM loyalty_history h
      JOIN loyalty_card c ON c.id = h.card_id
      JOIN loyalty_program prog ON prog.id = c.program_id
     WHERE h.order_model = 'pos.order'
     GROUP BY h.order_id
)
SELECT MIN(s.id) AS id, s.config_id, s.company_id, s.date, s.coop_sales_channel,
       cfg.coop_city, cfg.coop_region_id,
       ROUND(COALESCE(SUM(l.amount), 0)::numeric, 2) AS revenue,
       COUNT(*) AS order_count,
       COUNT(DISTINCT s.partner_id) AS customer_count,
       COUNT(DISTINCT s.partner_id) FILTER (WHERE s.new_partner) AS new_customer_count,
       COALESCE(SUM(l.fees), 0) AS card_fee_count,
       COALESCE(SUM(c.points_given), 0) AS points_given,
       COALESCE(SUM(c.points_used), 0) AS points_used,
       COALESCE(SUM(c.vouchers), 0) AS voucher_count
  FROM sale s
  JOIN pos_config cfg ON cfg.id = s.config_id
  LEFT JOIN line l ON l.order_id = s.id
  LEFT JOIN card c ON c.order_id = s.id
 GROUP BY s.config_id, s.company_id, s.date, s.coop_sales_channel, cfg.coop_city,
          cfg.coop_region_id
""")
