from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimIndicators(ClaimsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Amlou 500 g",
                "list_price": 400.0,
                "taxes_id": [(6, 0, [])],
                "company_id": cls.coop_a.id,
            }
        )
        cls.shared_product = cls.env["product.product"].create(
            {
                "name": "Dates 1 kg",
                "list_price": 90.0,
                "taxes_id": [(6, 0, [])],
            }
        )

    def test_claim_rate_and_loss_rate(self):
        """C-4: 10 claims over 500 orders is a claim rate of 2%; 5,000 MAD of claim
        costs over 200,000 MAD of revenue is a loss rate of 2.5%."""
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "company_id": self.coop_a.id} for i in range(5)]
        )
        orders = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                [
                    {
                        "partner_id": customers[i % 5].id,
                        "company_id": self.coop_a.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {"product_id": self.product.id, "product_uom_qty": 1},
                            )
                        ],
                    }
                    for i in range(500)
                ]
            )
        )
        orders.action_confirm()
        self.assertEqual(sum(orders.mapped("amount_untaxed")), 200000.0)
        # an order and a claim of coop B are not counted for coop A
        self.env["sale.order"].with_company(self.coop_b).create(
            {
                "partner_id": self.partner_b.id,
                "company_id": self.coop_b.id,
                "order_line": [(0, 0, {"product_id": self.shared_product.id})],
            }
        ).action_confirm()
        self._claim(
            partner=self.partner_b,
            company=self.coop_b,
            date_received=datetime.now() - timedelta(days=1),
        )
        received = datetime.now() - timedelta(days=2)
        claims = self.Claim
        for i in range(10):
            claims |= self._claim(partner=customers[i % 5], date_received=received)
        self.env["coop.claim.compensation"].create(
            [
                {
                    "claim_id": claim.id,
                    "compensation_type": "exchange",
                    "name": "Replacement",
                    "cost": 500.0,
                }
                for claim in claims
            ]
        )
        today = fields.Date.context_today(self.Claim)
        date_from = today - timedelta(days=30)
        Claim = self.Claim
        self.assertEqual(Claim._coop_claim_rate(self.coop_a, date_from, today), 2.0)
        self.assertEqual(Claim._coop_loss_rate(self.coop_a, date_from, today), 2.5)
        self.assertEqual(
            Claim._coop_claim_rate(self.coop_a, date_from, today, basis="units"), 2.0
        )
        # 10 claims from 5 distinct claimants, who are the 5 customers of the period
        self.assertEqual(
            Claim._coop_claim_rate(self.coop_a, date_from, today, basis="customers"),
            100.0,
        )
        # the union sees the figures of its branches: 11 claims / 501 orders
        self.assertEqual(Claim._coop_claim_rate(self.union, date_from, today), 2.2)
        self.assertEqual(
            Claim.with_user(self.union_manager)._coop_claim_rate(
                self.union, date_from, today
            ),
            2.2,
        )
        # a user of coop B gets none of coop A's figures (issue #14)
        with self.assertRaises(AccessError):
            Claim.with_user(self.user_b)._coop_loss_rate(self.coop_a, date_from, today)
        self.assertEqual(
            Claim.with_user(self.user_a)._coop_loss_rate(self.coop_a, date_from, today),
            2.5,
        )
        # a period without orders gives a blank rate (False), not 0 nor a division error
        self.assertIs(
            Claim._coop_claim_rate(self.coop_a, date(2020, 1, 1), date(2020, 1, 31)),
            False,
        )
        self.assertIs(
            Claim._coop_loss_rate(self.coop_a, date(2020, 1, 1), date(2020, 1, 31)),
            False,
        )
        # the analysis report has the same figures
        report = self.env["coop.claim.report"].search(
            [("company_id", "=", self.coop_a.id)]
        )
        self.assertEqual(len(report), 10)
        self.assertEqual(sum(report.mapped("total_cost")), 5000.0)

    def test_in_time_share_and_mean_resolution(self):
        """C-4: share answered within the deadline and mean resolution time, January
        2026.

        Claims received Monday 5 January 2026 08:00 are due Monday 12 January. Closed on
        7 January (2 working days) and 9 January (4): in time; closed on 15 January (7
        working days: Wednesday 14 is a public holiday): late; 2 still open, past their
        deadline. In time: 2 / 5 = 40%; mean resolution in working days, as the
        deadline counts them (issue #17): (2 + 4 + 7) / 3 = 4.33."""
        received = datetime(2026, 1, 5, 8, 0)
        claims = self.Claim
        for _i in range(5):
            claims |= self._claim(
                date_received=received,
                claim_type="good_faith",
                category_id=self.category.id,
            )
        self.assertEqual(set(claims.mapped("date_deadline")), {date(2026, 1, 12)})
        for claim, closed in zip(claims, (7, 9, 15), strict=False):
            claim.action_register()
            claim.action_resolve()
            claim.write({"closing_condition": "satisfied", "answer": "<p>ok</p>"})
            claim.action_close()
            claim.date_closed = datetime(2026, 1, closed, 8, 0)
        self.assertEqual(
            claims.mapped("answered_in_time"), [True, True, False, False, False]
        )
        Claim = self.Claim
        start, stop = date(2026, 1, 1), date(2026, 1, 31)
        self.assertEqual(Claim._coop_in_time_share(self.coop_a, start, stop), 40.0)
        self.assertEqual(
            Claim._coop_mean_resolution_days(self.coop_a, start, stop), 4.33
        )
        indicators = Claim._coop_indicators(self.coop_a, start, stop)
        self.assertEqual(indicators["in_time_share"], 40.0)
        self.assertEqual(indicators["mean_resolution_days"], 4.33)
        self.assertIs(indicators["claim_rate"], False)  # no order in January 2026
        report = self.env["coop.claim.report"].read_group(
            [("company_id", "=", self.coop_a.id)],
            ["in_time_count:sum", "claim_count:sum"],
            [],
        )
        self.assertEqual(report[0]["in_time_count"], 2)
        self.assertEqual(report[0]["claim_count"], 5)

    def test_indicators_screen(self):
        """C-4: the indicators screen shows the figures of a cooperative and period."""
        received = datetime(2026, 1, 5, 8, 0)
        claim = self._claim(
            date_received=received,
            claim_type="good_faith",
            category_id=self.category.id,
        )
        claim.action_register()
        claim.action_resolve()
        claim.write({"closing_condition": "satisfied", "answer": "<p>ok</p>"})
        claim.action_close()
        claim.date_closed = datetime(2026, 1, 8, 20, 0)
        screen = (
            self.env["coop.claim.indicators"]
            .with_user(self.user_a)
            .create(
                {
                    "company_id": self.coop_a.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                }
            )
        )
        self.assertEqual(screen.in_time_share, 100.0)
        # Monday to Thursday: 3 working days (issue #17)
        self.assertEqual(screen.mean_resolution_days, 3.0)
        # no order in the period: blank, not 0 %
        self.assertIs(screen.claim_rate, False)
        self.assertIs(screen.read(["loss_rate"])[0]["loss_rate"], False)
        with self.assertRaises(ValidationError):
            screen.date_to = date(2025, 12, 31)

    def test_claim_rate_customers_counts_claimants_once(self):
        """C-4, issue #15: on the customers basis the claim rate is the share of the
        period's customers who filed a claim, each counted once: 4 customers, one of
        them with two claims (one through a contact of his business) -> 1 / 4 = 25 %,
        never above 100 %; a claimant who bought nothing in the period is one of its
        customers too: 2 / 5 = 40 %."""
        business = self.env["res.partner"].create(
            {"name": "Hotel Atlas", "is_company": True, "company_id": self.coop_a.id}
        )
        contact = self.env["res.partner"].create(
            {
                "name": "Reception",
                "parent_id": business.id,
                "company_id": self.coop_a.id,
            }
        )
        customers = business | self.env["res.partner"].create(
            [{"name": f"Customer {i}", "company_id": self.coop_a.id} for i in range(3)]
        )
        orders = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                [
                    {
                        "partner_id": (contact if partner == business else partner).id,
                        "company_id": self.coop_a.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {"product_id": self.product.id, "product_uom_qty": 1},
                            )
                        ],
                    }
                    for partner in customers
                ]
            )
        )
        orders.action_confirm()
        received = datetime.now() - timedelta(days=2)
        self._claim(partner=business, date_received=received)
        self._claim(partner=contact, date_received=received)
        today = fields.Date.context_today(self.Claim)
        date_from = today - timedelta(days=30)
        self.assertEqual(
            self.Claim._coop_claim_rate(
                self.coop_a, date_from, today, basis="customers"
            ),
            25.0,
        )
        stranger = self.env["res.partner"].create(
            {"name": "Walk-in", "company_id": self.coop_a.id}
        )
        self._claim(partner=stranger, date_received=received)
        self.assertEqual(
            self.Claim._coop_claim_rate(
                self.coop_a, date_from, today, basis="customers"
            ),
            40.0,
        )

    def test_claim_rate_units_counts_product_lines_only(self):
        """C-4, issue #15: on the units basis only the quantities of product lines
        count: sections, notes and down payments do not. 3 + 2 units, 1 claim -> 20
        %."""
        order = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "company_id": self.coop_a.id,
                    "order_line": [
                        (0, 0, {"display_type": "line_section", "name": "Oils"}),
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 3}),
                        (
                            0,
                            0,
                            {"display_type": "line_note", "name": "Handle with care"},
                        ),
                        (
                            0,
                            0,
                            {
                                "product_id": self.shared_product.id,
                                "product_uom_qty": 2,
                            },
                        ),
                    ],
                }
            )
        )
        order.action_confirm()
        self.env["sale.order.line"].create(
            {
                "order_id": order.id,
                "product_id": self.shared_product.id,
                "product_uom_qty": 1,
                "price_unit": 45.0,
                "is_downpayment": True,
                "name": "Down payment",
            }
        )
        self._claim(date_received=datetime.now() - timedelta(days=1))
        today = fields.Date.context_today(self.Claim)
        self.assertEqual(
            self.Claim._coop_claim_rate(
                self.coop_a, today - timedelta(days=30), today, basis="units"
            ),
            20.0,
        )

    def test_loss_rate_in_the_cooperative_currency(self):
        """C-4, issue #15: the loss rate's revenue is in the cooperative's currency: an
        order of 100 EUR at 1 MAD = 0.1 EUR is 1,000 MAD; a claim costing 50 MAD is a
        loss rate of 5 % (not 50 %)."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        today = fields.Date.context_today(self.Claim)
        # a branch takes the rates of its union (Odoo's main company of the branches)
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "company_id": self.union.id,
                "name": today - timedelta(days=60),
                "rate": 0.1,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Export", "currency_id": eur.id, "company_id": self.coop_a.id}
        )
        order = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "company_id": self.coop_a.id,
                    "pricelist_id": pricelist.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": 100.0,
                            },
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual((order.currency_id, order.amount_untaxed), (eur, 100.0))
        claim = self._claim(date_received=datetime.now() - timedelta(days=1))
        self.env["coop.claim.compensation"].create(
            {
                "claim_id": claim.id,
                "compensation_type": "exchange",
                "name": "Replacement",
                "cost": 50.0,
            }
        )
        self.assertEqual(
            self.Claim._coop_loss_rate(self.coop_a, today - timedelta(days=30), today),
            5.0,
        )


@tagged("post_install", "-at_install")
class TestClaimIndicatorsFromLedger(ClaimsCase):
    """C-3, C-4, issue #15: the claim flags and the claim rate and loss rate
    denominators read the purchase ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._coop_load_books()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Amlou 500 g",
                "list_price": 400.0,
                "taxes_id": [(6, 0, [])],
                "invoice_policy": "order",
                "company_id": cls.coop_a.id,
            }
        )
        cls.business = cls.env["res.partner"].create(
            {"name": "Hotel Atlas", "is_company": True, "company_id": cls.coop_a.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Reception",
                "parent_id": cls.business.id,
                "company_id": cls.coop_a.id,
            }
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "Other customer", "company_id": cls.coop_a.id}
        )
        Order = cls.env["sale.order"].with_company(cls.coop_a)
        # the business: an order of its contact (800) and its invoice, a direct
        # invoice (400), a credit note (200); another customer: an order (400)
        orders = Order.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.coop_a.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.product.id, "product_uom_qty": qty})
                    ],
                }
                for partner, qty in ((cls.contact, 2), (cls.other, 1))
            ]
        )
        orders.action_confirm()
        orders[0]._create_invoices().action_post()
        today = fields.Date.context_today(cls.env["coop.claim"])
        cls.env["account.move"].with_company(cls.coop_a).create(
            [
                {
                    "move_type": move_type,
                    "partner_id": cls.business.id,
                    "company_id": cls.coop_a.id,
                    "invoice_date": today,
                    "date": today,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": cls.product.id,
                                "quantity": 1.0,
                                "price_unit": amount,
                                "tax_ids": [(6, 0, [])],
                            },
                        )
                    ],
                }
                for move_type, amount in (("out_invoice", 400.0), ("out_refund", 200.0))
            ]
        ).action_post()
        claim = cls._claim(
            partner=cls.contact, date_received=datetime.now() - timedelta(days=1)
        )
        cls.env["coop.claim.compensation"].create(
            {
                "claim_id": claim.id,
                "compensation_type": "exchange",
                "name": "Replacement",
                "cost": 70.0,
            }
        )
        cls.date_to = today
        cls.date_from = today - timedelta(days=30)

    def test_rates_from_purchase_ledger(self):
        """C-4, issue #15: an order and its invoice are one purchase, a direct invoice
        is one, a credit note lowers the revenue and is no purchase, a business's
        contacts buy for the business: 1 claim / 3 purchases, 1 claimant / 2 customers,
        70 / 1,400 MAD of revenue; the ledger's figures."""
        Claim, args = self.Claim, (self.coop_a, self.date_from, self.date_to)
        ledger = self.env["coop.purchase"].search(
            [
                ("company_id", "=", self.coop_a.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ]
        )
        purchases = ledger.filtered(lambda p: p.amount >= 0)
        self.assertEqual(sum(ledger.mapped("amount")), 1400.0)
        self.assertEqual(len(purchases), 3)
        self.assertEqual(purchases.partner_id, self.business | self.other)
        self.assertEqual(Claim._coop_loss_rate(*args), 5.0)
        self.assertEqual(
            Claim._coop_claim_rate(*args, basis="orders"),
            round(100.0 / len(purchases), 2),
        )
        self.assertEqual(Claim._coop_claim_rate(*args, basis="customers"), 50.0)

    def test_flag_from_purchase_ledger(self):
        """C-3, issue #15: the share of claims counts the business's purchases (its
        contact's invoiced order once, its direct invoice), not its credit note: 1 claim
        for 2 purchases is 50 %, above a 30 % limit."""
        self.coop_a.write({"coop_claim_flag_count": 0, "coop_claim_flag_share": 30.0})
        info = self.contact._coop_claim_flag_info(self.coop_a)[self.business.id]
        self.assertEqual((info["claims"], info["orders"]), (1, 2))
        self.assertTrue(info["flag"])
        self.assertTrue(self.contact.with_company(self.coop_a).coop_claim_flag)
