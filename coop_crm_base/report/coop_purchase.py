from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..models.crm_team import SALES_CHANNELS

# at most this many sources: the id of a ledger row is 16 * res_id + the source's rank
MAX_SOURCES = 16


class CoopPurchase(models.Model):
    """The purchase ledger: what each customer bought from each cooperative, once.

    One row per purchase document, in the cooperative's currency, for the commercial
    partner (the purchases of a business customer's contacts count for the business):

    * a confirmed sale order (``state = 'sale'``) carries the figure and the date of the
      purchase: the untaxed subtotal of its lines converted at the order's currency rate
      (as Odoo's sales analysis does), on the day of ``date_order`` (UTC), rounded to
      the cent;
    * the invoice of an order is the same purchase: the invoice lines linked to order
      lines are not counted again;
    * a posted customer invoice without order counts with its product lines not linked
      to an order, on its accounting date, for minus their balance (company currency);
    * a posted customer credit note lowers the purchases on its accounting date, for all
      its product lines (also when it credits an order's invoice: it is a return or a
      discount of that purchase), except what the order's later invoices charged again
      (an invoice credited and invoiced again to correct it: see
      :meth:`_coop_purchase_invoiced_again_sql`);
    * entries flagged ``coop_purchase_excluded`` (a ristourne paid by credit note, and
      its reversal) never count; order lines and invoice lines left out by
      :meth:`_coop_purchase_order_line_filter` / :meth:`_coop_purchase_move_line_filter`
      neither.

    A row with a negative amount is a return (credit note), not a purchase: the customer
    statistics count the rows with an amount >= 0 as purchases.

    Other addons add their sources by extending :meth:`_coop_purchase_sources`;
    set-based code reads the ledger as an SQL fragment with :meth:`_coop_purchase_sql`.
    """

    _name = "coop.purchase"
    _description = "Purchase ledger"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "reference"
    _depends = {  # noqa: RUF012 (Odoo reads it from the class)
        "sale.order": [
            "state",
            "company_id",
            "partner_id",
            "date_order",
            "currency_rate",
            "coop_sales_channel",
        ],
        "sale.order.line": [
            "order_id",
            "display_type",
            "price_subtotal",
            "product_uom_qty",
            "invoice_lines",
        ],
        "account.move": [
            "state",
            "move_type",
            "company_id",
            "commercial_partner_id",
            "date",
            "team_id",
            "coop_purchase_excluded",
        ],
        "account.move.line": ["move_id", "display_type", "balance", "quantity"],
        "crm.team": ["coop_sales_channel"],
        "res.partner": ["commercial_partner_id"],
    }

    company_id = fields.Many2one("res.company", "Cooperative", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    date = fields.Date(readonly=True)
    amount = fields.Monetary(
        "Untaxed amount",
        currency_field="currency_id",
        readonly=True,
        help="In the cooperative's currency; negative for a credit note.",
    )
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    coop_sales_channel = fields.Selection(
        SALES_CHANNELS, "Sales channel", readonly=True
    )
    res_model = fields.Char("Document model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document ID", model_field="res_model", readonly=True
    )
    reference = fields.Reference(
        selection="_selection_reference",
        string="Document",
        compute="_compute_reference",
    )

    @api.model
    def _selection_reference(self):
        return [("sale.order", "Sales Order"), ("account.move", "Invoice")]

    @api.depends("res_model", "res_id")
    def _compute_reference(self):
        for purchase in self:
            purchase.reference = (
                f"{purchase.res_model},{purchase.res_id}"
                if purchase.res_model
                else False
            )

    def _auto_init(self):
        res = super()._auto_init()
        # The ledger is read by customer over a period (a card's tier at each order
        # confirmation, X-5): Odoo indexes neither the entries' commercial partner nor
        # an order's customer with its date. Partial indexes on the rows the sources
        # read (posted customer invoices and credit notes, confirmed orders), the
        # customer then the day: one index range per customer and period, instead of
        # the customer's whole history or a bitmap of every entry of the period.
        cr = self.env.cr
        create_index(
            cr,
            "coop_purchase_account_move_partner_date_idx",
            "account_move",
            ["commercial_partner_id", "date"],
            where="state = 'posted' AND move_type IN ('out_invoice', 'out_refund')",
        )
        create_index(
            cr,
            "coop_purchase_sale_order_partner_date_idx",
            "sale_order",
            ["partner_id", "date_order"],
            where="state = 'sale'",
        )
        # the single-column index of 244d267, replaced by the partial one above
        cr.execute(
            "DROP INDEX IF EXISTS coop_purchase_account_move_commercial_partner_idx"
        )
        return res

    @property
    def _table_query(self):
        return self._coop_purchase_sql()

    # ------------------------------------------------------------ the ledger as SQL
    @api.model
    def _coop_purchase_sql(self, company_ids=None, date_from=None, date_to=None):
        """The ledger as an SQL fragment (a parenthesised ``SELECT``), to join or select
        from in set-based code::

            SQL(
                "SELECT partner_id, SUM(amount) FROM %s AS purchase "
                "GROUP BY partner_id",
                self.env["coop.purchase"]._coop_purchase_sql(
                    company.ids, day_from, day_to
                ),
            )

        Columns: ``id``, ``company_id``, ``partner_id`` (commercial partner), ``date``,
        ``amount`` (untaxed, company currency, negative for a credit note),
        ``quantity``, ``coop_sales_channel``, ``res_model``, ``res_id``.

        :param company_ids: the cooperatives (ids) whose purchases are read; all of them
            when ``None``
        :param date_from, date_to: first and last day included (``None``: no bound)

        No access right nor record rule is applied: callers filter by the companies they
        may read, and flush the pending writes first (``self.env.flush_all()``).
        """
        sources = self._coop_purchase_sources(company_ids, date_from, date_to)
        assert len(sources) <= MAX_SOURCES, "too many purchase sources"
        return SQL(
            "(%s)",
            SQL(" UNION ALL ").join(
                SQL(
                    """SELECT %(count)s * source.res_id + %(rank)s AS id,
                          source.company_id, source.partner_id, source.date,
                          source.amount, source.quantity, source.coop_sales_channel,
                          source.res_model, source.res_id
                     FROM (%(source)s) AS source""",
                    count=MAX_SOURCES,
                    rank=rank,
                    source=source,
                )
                for rank, source in enumerate(sources)
            ),
        )

    @api.model
    def _coop_purchase_sources(self, company_ids=None, date_from=None, date_to=None):
        """Extension point: the sources of the ledger, a list of SQL ``SELECT`` giving
        the columns ``company_id, partner_id, date, amount, quantity,
        coop_sales_channel, res_model, res_id`` (in that order, one row per purchase
        document, ``res_model``/``res_id`` naming the document), filtered with
        :meth:`_coop_purchase_where`. An addon adds its own (the point of sale its paid
        orders)::

            def _coop_purchase_sources(
                self, company_ids=None, date_from=None, date_to=None
            ):
                return super()._coop_purchase_sources(
                    company_ids, date_from, date_to
                ) + [
                    SQL("SELECT ... FROM pos_order po ... WHERE %s ...",
                        self._coop_purchase_where(SQL("po.company_id"),
                                                  SQL("po.date_order"), company_ids,
                                                  date_from, date_to,
                                                  datetime_column=True))]

        and lists the fields it reads in ``_depends`` of ``coop.purchase``.
        """
        return [
            self._coop_purchase_sale_order_source(company_ids, date_from, date_to),
            self._coop_purchase_invoice_source(company_ids, date_from, date_to),
        ]

    @api.model
    def _coop_purchase_where(
        self,
        company_column,
        date_column,
        company_ids=None,
        date_from=None,
        date_to=None,
        datetime_column=False,
    ):
        """SQL condition on a source's company and date columns (a datetime column is
        compared with UTC midnights, so that its index serves)."""
        conditions = []
        if company_ids is not None:
            conditions.append(SQL("%s = ANY(%s)", company_column, list(company_ids)))
        if datetime_column:
            if date_from:
                conditions.append(
                    SQL("%s >= %s", date_column, datetime.combine(date_from, time.min))
                )
            if date_to:
                conditions.append(
                    SQL(
                        "%s < %s",
                        date_column,
                        datetime.combine(date_to + timedelta(days=1), time.min),
                    )
                )
        else:
            if date_from:
                conditions.append(SQL("%s >= %s", date_column, date_from))
            if date_to:
                conditions.append(SQL("%s <= %s", date_column, date_to))
        return SQL(" AND ").join(conditions) if conditions else SQL("TRUE")

    @api.model
    def _coop_purchase_order_line_filter(self):
        """Extension point: SQL condition on the order lines ``sol`` that are
        purchases (e.g. an addon leaves out the lines paid with an eWallet or selling
        eWallet credit)."""
        return SQL("sol.display_type IS NULL")

    @api.model
    def _coop_purchase_move_line_filter(self):
        """Extension point: SQL condition on the invoice lines ``aml`` (of the entry
        ``move``) that are purchases."""
        return SQL(
            "aml.display_type = 'product'"
            " AND NOT COALESCE(move.coop_purchase_excluded, FALSE)"
        )

    # The sources group by the primary keys and list the other columns too: PostgreSQL
    # hashes on the keys only, and a condition on the ledger's company or date (a record
    # rule, a pivot's filter) is pushed down into each source. The invoice source
    # leaves out the lines of an order's invoice with one NOT EXISTS, which PostgreSQL
    # runs as an anti-join ("out_refund OR NOT EXISTS" ran once per invoice line).
    @api.model
    def _coop_purchase_sale_order_source(self, company_ids, date_from, date_to):
        return SQL(
            """
SELECT so.company_id, cp.commercial_partner_id AS partner_id,
       so.date_order::date AS date,
       ROUND(SUM(sol.price_subtotal
                 / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0
                        ELSE so.currency_rate END)::numeric, 2) AS amount,
       SUM(sol.product_uom_qty) AS quantity,
       so.coop_sales_channel, 'sale.order' AS res_model, so.id AS res_id
  FROM sale_order so
  JOIN sale_order_line sol ON sol.order_id = so.id
  JOIN res_partner cp ON cp.id = so.partner_id
 WHERE so.state = 'sale' AND %(where)s AND %(line_filter)s
 GROUP BY so.id, cp.id, so.company_id, cp.commercial_partner_id, so.date_order,
          so.coop_sales_channel""",
            where=self._coop_purchase_where(
                SQL("so.company_id"),
                SQL("so.date_order"),
                company_ids,
                date_from,
                date_to,
                datetime_column=True,
            ),
            line_filter=self._coop_purchase_order_line_filter(),
        )

    @api.model
    def _coop_purchase_invoice_source(self, company_ids, date_from, date_to):
        made_up = self._coop_purchase_invoiced_again_sql()
        return SQL(
            """
SELECT move.company_id, move.commercial_partner_id AS partner_id, move.date,
       ROUND(SUM(-aml.balance)::numeric, 2) + %(made_up)s AS amount,
       SUM(CASE WHEN move.move_type = 'out_refund' THEN -aml.quantity
                ELSE aml.quantity END) AS quantity,
       team.coop_sales_channel, 'account.move' AS res_model, move.id AS res_id
  FROM account_move move
  JOIN account_move_line aml ON aml.move_id = move.id
  LEFT JOIN crm_team team ON team.id = move.team_id
 WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
   AND %(where)s AND %(line_filter)s
   AND NOT EXISTS (SELECT 1 FROM sale_order_line_invoice_rel rel
                    WHERE rel.invoice_line_id = aml.id
                      AND move.move_type <> 'out_refund')
 GROUP BY move.id, team.id, move.company_id, move.commercial_partner_id, move.date,
          team.coop_sales_channel
HAVING move.move_type = 'out_invoice'
    OR ROUND(SUM(-aml.balance)::numeric, 2) + %(made_up)s < 0""",
            where=self._coop_purchase_where(
                SQL("move.company_id"),
                SQL("move.date"),
                company_ids,
                date_from,
                date_to,
            ),
            line_filter=self._coop_purchase_move_line_filter(),
            made_up=made_up,
        )

    @api.model
    def _coop_purchase_invoiced_again_sql(self):
        """What the later invoices of an order charged again of what a credit note
        ``move`` gave back (0 for an invoice): an SQL expression on the credit note
        ``move`` of :meth:`_coop_purchase_invoice_source`.

        The invoices of an order are the order's purchase and count no more (the
        order's row carries it); its credit notes lower it. When an order's invoice is
        credited and the order invoiced again (Odoo's *Reverse* with a new invoice, to
        correct an invoice), what the order's invoices charged beyond the order's
        amount makes up for its credit notes, the first ones first (by date), each at
        most for what it credited of the order: a credit note invoiced again in full
        has no row, and the order stays one purchase of its amount. Evaluated for the
        credit notes only, from the lines of their orders.
        """
        return SQL(
            """CASE WHEN move.move_type <> 'out_refund' THEN 0 ELSE (
SELECT COALESCE(ROUND(SUM(LEAST(mine.amount, GREATEST(
           GREATEST(other.invoiced - ordered.amount, 0) / ordered.rate
           - other.earlier, 0)))::numeric, 2), 0)
  FROM (SELECT link.order_id, move.id AS credit_id, move.date AS credit_date,
               SUM(aml.balance) AS amount
          FROM account_move_line aml
          JOIN LATERAL (SELECT DISTINCT sol.order_id
                          FROM sale_order_line_invoice_rel rel
                          JOIN sale_order_line sol ON sol.id = rel.order_line_id
                         WHERE rel.invoice_line_id = aml.id) link ON TRUE
         WHERE aml.move_id = move.id AND %(move_line_filter)s
         GROUP BY link.order_id) mine
 CROSS JOIN LATERAL (
       SELECT CASE WHEN so.state = 'sale'
                   THEN (SELECT COALESCE(SUM(sol.price_subtotal), 0)
                           FROM sale_order_line sol
                          WHERE sol.order_id = so.id AND %(order_line_filter)s)
                   ELSE 0 END AS amount,
              CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0
                   ELSE so.currency_rate END AS rate
         FROM sale_order so
        WHERE so.id = mine.order_id) ordered
 CROSS JOIN LATERAL (
       SELECT COALESCE(SUM(aml.price_subtotal)
                       FILTER (WHERE move.move_type = 'out_invoice'), 0) AS invoiced,
              COALESCE(SUM(aml.balance)
                       FILTER (WHERE move.move_type = 'out_refund'
                                 AND (move.date, move.id)
                                     < (mine.credit_date, mine.credit_id)), 0)
                  AS earlier
         FROM account_move_line aml
         JOIN account_move move ON move.id = aml.move_id
        WHERE aml.id IN (SELECT rel.invoice_line_id
                           FROM sale_order_line_invoice_rel rel
                           JOIN sale_order_line sol ON sol.id = rel.order_line_id
                          WHERE sol.order_id = mine.order_id)
          AND move.state = 'posted' AND %(move_line_filter)s) other
) END""",
            move_line_filter=self._coop_purchase_move_line_filter(),
            order_line_filter=self._coop_purchase_order_line_filter(),
        )
