from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .sales_common import CoopSalesCase, D


@tagged("post_install", "-at_install")
class TestPurchaseLedger(CoopSalesCase):
    """The purchase ledger (coop.purchase): every purchase once, in the cooperative's
    currency, for the commercial partner (issue #15, M-4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._coop_load_books()
        cls.customer = cls._customer("Hassan", cls.coop_a)
        cls.other = cls._customer("Other customer", cls.coop_a)

    # ------------------------------------------------------------------ helpers
    def _invoice(self, partner, amount, day, refund=False, post=True, **vals):
        move = (
            self.env["account.move"]
            .with_company(self.coop_a)
            .create(
                {
                    "move_type": "out_refund" if refund else "out_invoice",
                    "partner_id": partner.id,
                    "company_id": self.coop_a.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 2.0,
                                "price_unit": amount / 2,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **vals,
                }
            )
        )
        if post:
            move.action_post()
        return move

    def _rows(self, partner):
        return self.env["coop.purchase"].search([("partner_id", "=", partner.id)])

    def _total(self, partner):
        return sum(self._rows(partner).mapped("amount"))

    def _stats(self, partner):
        self.env["res.partner"]._coop_recompute_customer_stats(self.coop_a, D)
        return (partner.coop_order_count_12m, partner.coop_amount_12m)

    # ------------------------------------------------------------------ figures
    def test_foreign_currency_order(self):
        """M-4, issue #15: an order in a foreign currency is counted in the
        cooperative's currency, at the order's rate of its day (1 EUR = 10 MAD)."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            [
                {
                    "currency_id": currency.id,
                    "name": "2020-01-01",
                    "rate": rate,
                    "company_id": self.union.id,
                }
                for currency, rate in ((eur, 0.1), (self.mad, 1.0))
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Export",
                "currency_id": eur.id,
                "company_id": self.coop_a.id,
            }
        )
        order = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.coop_a.id,
                    "pricelist_id": pricelist.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 3.0,
                                "price_unit": 40.0,
                                "tax_id": False,
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = "2026-06-01 10:00:00"
        self.assertEqual(order.currency_id, eur)
        row = self._rows(self.customer)
        self.assertEqual(
            (row.amount, row.quantity, row.date, row.res_model, row.res_id),
            (1200.0, 3.0, date(2026, 6, 1), "sale.order", order.id),
        )
        self.assertEqual(row.currency_id, self.mad)
        self.assertEqual(self._stats(self.customer), (1, 1200.0))

    def test_business_contacts_count_once(self):
        """M-4, issue #15: the purchases of a business customer's contacts count for the
        business, once each; the contacts have no figures of their own."""
        business = self._customer("Argan SARL", self.coop_a, is_company=True)
        buyer_1 = self._customer("Buyer 1", self.coop_a, parent_id=business.id)
        buyer_2 = self._customer("Buyer 2", self.coop_a, parent_id=business.id)
        self._orders(
            [
                (buyer_1, self.coop_a, self._days_ago(5), 100.0),
                (buyer_2, self.coop_a, self._days_ago(6), 200.0),
                (business, self.coop_a, self._days_ago(7), 300.0),
            ]
        )
        self._invoice(buyer_2, 50.0, self._days_ago(8))
        rows = self._rows(business)
        self.assertEqual(len(rows), 4)
        self.assertEqual(sum(rows.mapped("amount")), 650.0)
        self.assertFalse(self._rows(buyer_1) | self._rows(buyer_2))
        self.assertEqual(self._stats(business), (4, 650.0))
        self.assertFalse(buyer_1.coop_lifecycle_stage)

    def test_order_and_invoice_count_once(self):
        """M-4, issue #15: a confirmed order and its posted invoice are one purchase,
        carried by the order (its amount, its day); a quotation is none."""
        order = self._orders([(self.customer, self.coop_a, self._days_ago(10), 300.0)])
        self._orders(
            [(self.customer, self.coop_a, self._days_ago(9), 999.0)], confirm=False
        )
        order.order_line.qty_delivered = 1.0
        invoice = order._create_invoices()
        invoice.invoice_date = self._days_ago(2)
        invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, 300.0)
        rows = self._rows(self.customer)
        self.assertEqual(len(rows), 1)
        self.assertEqual(
            (rows.res_model, rows.res_id, rows.amount, rows.date),
            ("sale.order", order.id, 300.0, self._days_ago(10)),
        )
        self.assertEqual(self._stats(self.customer), (1, 300.0))
        self.assertEqual(self.customer.coop_last_purchase_date, self._days_ago(10))

    def test_direct_invoice(self):
        """M-4, issue #15: a posted customer invoice without order is a purchase on its
        accounting date; a draft one is not."""
        invoice = self._invoice(self.customer, 250.0, self._days_ago(4))
        self._invoice(self.customer, 9999.0, self._days_ago(3), post=False)
        row = self._rows(self.customer)
        self.assertEqual(
            (row.res_model, row.res_id, row.amount, row.quantity, row.date),
            ("account.move", invoice.id, 250.0, 2.0, self._days_ago(4)),
        )
        self.assertEqual(row.reference, invoice)
        self.assertEqual(self._stats(self.customer), (1, 250.0))

    def test_refund_lowers(self):
        """M-4, issue #15: a credit note lowers the purchases (also one crediting an
        order's invoice); it is not a purchase itself."""
        self._invoice(self.customer, 250.0, self._days_ago(20))
        refund = self._invoice(self.customer, 100.0, self._days_ago(5), refund=True)
        order = self._orders([(self.customer, self.coop_a, self._days_ago(15), 400.0)])
        order.order_line.qty_delivered = 1.0
        order_invoice = order._create_invoices()
        order_invoice.action_post()
        credit = order_invoice._reverse_moves(
            [{"date": self._days_ago(3), "invoice_date": self._days_ago(3)}]
        )
        credit.invoice_line_ids.price_unit = 40.0
        credit.action_post()
        rows = self._rows(self.customer)
        refund_row = rows.filtered(
            lambda row: row.res_id == refund.id and row.res_model == "account.move"
        )
        self.assertEqual((refund_row.amount, refund_row.quantity), (-100.0, -2.0))
        self.assertEqual(sum(rows.mapped("amount")), 250.0 - 100.0 + 400.0 - 40.0)
        self.assertEqual(self._stats(self.customer), (2, 510.0))
        self.assertEqual(self.customer.coop_last_purchase_date, self._days_ago(15))

    def test_credit_note_and_new_invoice(self):
        """M-4, issue #15: an order's invoice credited in full and invoiced again
        (Odoo's "Reverse" with a new invoice, to correct it) is still one purchase of
        the order's amount, not none; corrected to a lower price it counts at that
        price. A partial credit note not invoiced again still lowers the purchase."""
        order = self._orders([(self.customer, self.coop_a, self._days_ago(15), 400.0)])
        order.order_line.qty_delivered = 1.0
        invoice = order._create_invoices()
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_company(self.coop_a)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"date": self._days_ago(5), "journal_id": invoice.journal_id.id})
        )
        new_invoice = self.env["account.move"].browse(reversal.modify_moves()["res_id"])
        self.assertEqual(new_invoice.invoice_line_ids.sale_line_ids, order.order_line)
        new_invoice.action_post()
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(self._total(self.customer), 400.0)
        self.assertEqual(self._stats(self.customer), (1, 400.0))
        # the new invoice credited in turn and invoiced again at 350: 350
        reversal = (
            self.env["account.move.reversal"]
            .with_company(self.coop_a)
            .with_context(active_model="account.move", active_ids=new_invoice.ids)
            .create({"date": self._days_ago(4), "journal_id": invoice.journal_id.id})
        )
        third = self.env["account.move"].browse(reversal.modify_moves()["res_id"])
        third.invoice_line_ids.price_unit = 350.0
        third.action_post()
        self.assertEqual(self._total(self.customer), 350.0)
        self.assertEqual(self._stats(self.customer), (1, 350.0))
        # another order, credited by 40 and not invoiced again: 360
        other = self._orders([(self.other, self.coop_a, self._days_ago(15), 400.0)])
        other.order_line.qty_delivered = 1.0
        other_invoice = other._create_invoices()
        other_invoice.action_post()
        credit = other_invoice._reverse_moves(
            [{"date": self._days_ago(3), "invoice_date": self._days_ago(3)}]
        )
        credit.invoice_line_ids.price_unit = 40.0
        credit.action_post()
        self.assertEqual(self._total(self.other), 360.0)

    def test_excluded_entries(self):
        """M-4, issue #15: an entry that is not a purchase (a ristourne paid by credit
        note) and its reversal never count; nobody flags an entry by hand."""
        self._invoice(self.customer, 300.0, self._days_ago(30))
        settlement = self._invoice(self.customer, 30.0, self._days_ago(20), refund=True)
        settlement.sudo().write({"coop_purchase_excluded": True})
        reversal = settlement._reverse_moves([{"date": self._days_ago(10)}])
        reversal.action_post()
        self.assertTrue(reversal.coop_purchase_excluded)
        self.assertEqual(self._total(self.customer), 300.0)
        invoice = self._invoice(self.other, 80.0, self._days_ago(30))
        billing = new_test_user(
            self.env,
            "coop_billing_a",
            groups="account.group_account_invoice",
            company_id=self.coop_a.id,
            company_ids=[Command.set(self.coop_a.ids)],
        )
        with self.assertRaisesRegex(AccessError, "decided by the application"):
            invoice.with_user(billing).write({"coop_purchase_excluded": True})
        self.assertEqual(self._total(self.other), 80.0)

    def test_sql_fragment(self):
        """issue #15: the ledger as an SQL fragment, filtered by cooperatives and days,
        gives the same rows as the report."""
        self._orders(
            [
                (self.customer, self.coop_a, date(2026, 1, 10), 100.0),
                (self.customer, self.coop_a, date(2026, 2, 10), 200.0),
                (self.partner_b, self.coop_b, date(2026, 2, 10), 700.0),
            ]
        )
        self._invoice(self.customer, 40.0, date(2026, 2, 28))
        Purchase = self.env["coop.purchase"]

        def total(company_ids, date_from=None, date_to=None):
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "SELECT COALESCE(SUM(amount), 0) FROM %s AS purchase",
                    Purchase._coop_purchase_sql(company_ids, date_from, date_to),
                )
            )
            return self.env.cr.fetchone()[0]

        self.assertEqual(total(self.coop_a.ids), 340.0)
        self.assertEqual(
            total(self.coop_a.ids, date(2026, 2, 1), date(2026, 2, 28)), 240.0
        )
        self.assertEqual(total(self.coop_a.ids, date_to=date(2026, 2, 9)), 100.0)
        self.assertEqual(
            total(
                (self.coop_a | self.coop_b).ids, date(2026, 2, 10), date(2026, 2, 10)
            ),
            900.0,
        )
        groups = Purchase._read_group(
            [("company_id", "=", self.coop_a.id)], ["res_model"], ["amount:sum"]
        )
        self.assertEqual(dict(groups), {"sale.order": 300.0, "account.move": 40.0})

    # ------------------------------------------------------------------ channels
    def test_sales_channel(self):
        """issue #15: the order's sales channel comes from its sales team and can be
        changed; the ledger carries it (for an invoice without order: its team's)."""
        team = self.env["crm.team"].create(
            {
                "name": "Souk team",
                "company_id": self.coop_a.id,
                "coop_sales_channel": "souk",
            }
        )
        order = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.coop_a.id,
                    "team_id": team.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": 10.0,
                                "tax_id": False,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.coop_sales_channel, "souk")
        with Form(order) as form:
            form.coop_sales_channel = "fair"
        order.action_confirm()
        self._invoice(self.customer, 50.0, self._days_ago(3), team_id=team.id)
        self._invoice(self.customer, 70.0, self._days_ago(3), team_id=False)
        groups = self.env["coop.purchase"]._read_group(
            [("partner_id", "=", self.customer.id)],
            ["coop_sales_channel"],
            ["amount:sum"],
        )
        self.assertEqual(dict(groups), {"fair": 10.0, "souk": 50.0, False: 70.0})
        self.assertEqual(
            self.env["sale.order"].search_count(
                [
                    ("coop_sales_channel", "=", "fair"),
                    ("company_id", "=", self.coop_a.id),
                ]
            ),
            1,
        )

    # ------------------------------------------------------------------ access
    def test_access_per_company(self):
        """X-1, issue #15: a user of coop A reads coop A's purchases only, and B's user
        B's; the union's manager reads both."""
        self._orders(
            [
                (self.customer, self.coop_a, self._days_ago(3), 100.0),
                (self.partner_b, self.coop_b, self._days_ago(3), 200.0),
            ]
        )
        Purchase = self.env["coop.purchase"]
        self.assertEqual(
            Purchase.with_user(self.user_a).search([]).company_id, self.coop_a
        )
        self.assertEqual(
            Purchase.with_user(self.user_b).search([]).company_id, self.coop_b
        )
        self.assertEqual(
            Purchase.with_user(self.user_b)
            .with_context(allowed_company_ids=self.coop_b.ids)
            .read_group([], ["amount:sum"], ["company_id"])[0]["amount"],
            200.0,
        )
        union = (
            Purchase.with_user(self.union_manager)
            .with_context(allowed_company_ids=self.union.ids)
            .search([])
        )
        self.assertEqual(union.company_id, self.coop_a | self.coop_b)
        # a user of A asking for B's company is refused by Odoo's company check
        with self.assertRaises(AccessError):
            Purchase.with_user(self.user_a).with_context(
                allowed_company_ids=self.coop_b.ids
            ).search([])
        with self.assertRaises(AccessError):
            Purchase.with_user(self.user_a).search([]).write({"amount": 1.0})


@tagged("post_install", "-at_install")
class TestRfmTies(CoopSalesCase):
    """RFM scores of tied customers (M-5, issue #15)."""

    def test_tied_values_score_alike(self):
        """M-5, issue #15: customers with the same last purchase day, the same number of
        purchases and the same revenue get the same scores, whatever their ids: six
        one-purchase customers (100 on D-10) and four three-purchase customers (200
        each, the last on D-100). R: the four on D-100 take positions 1-4 (score 1), the
        six on D-10 start at position 5 (ntile of 5 in 10: 3); F and M: the six take
        positions 1-6 (1), the four start at position 7 (4). Broken by id, the six
        spread over three scores, and two of them were 'loyal'."""
        once = [self._customer(f"once {i}", self.coop_b) for i in range(6)]
        thrice = [self._customer(f"thrice {i}", self.coop_b) for i in range(4)]
        specs = [(partner, self.coop_b, self._days_ago(10), 100.0) for partner in once]
        for partner in thrice:
            specs += [
                (partner, self.coop_b, self._days_ago(days), 200.0)
                for days in (100, 130, 160)
            ]
        self._orders(specs)
        self.env["res.partner"]._coop_recompute_customer_stats(self.coop_b, D)
        self.assertEqual({p.coop_rfm_score for p in once}, {"311"})
        self.assertEqual({p.coop_rfm_segment for p in once}, {"promising"})
        self.assertEqual({p.coop_rfm_score for p in thrice}, {"144"})
        self.assertEqual({p.coop_rfm_segment for p in thrice}, {"at_risk"})
