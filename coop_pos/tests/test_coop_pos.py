from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.coop_loyalty.tests.common import coop_card_program_vals
from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestCoopPos(TestPoSCommon):
    """A cooperative selling at a souk stall: a cooperative card program (1 point per
    MAD paid, silver from 1,000 of purchases in 12 months, x1.5), a customer with a
    card,
    the stall's point of sale with the souk channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("coop_crm_base.group_coop_manager")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.oil = cls.create_product("Argan oil", cls.categ_basic, 100.0)
        cls.fee_product = cls.create_product("Card fee", cls.categ_basic, 50.0)
        cls.program = cls.env["loyalty.program"].create(
            coop_card_program_vals(
                cls.company,
                coop_fee_product_id=cls.fee_product.id,
                coop_silver_threshold=1000.0,
                coop_gold_threshold=3000.0,
                pos_ok=True,
            )
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Khadija Customer",
                "mobile": "+212612345678",
                "company_id": cls.company.id,
            }
        )
        cls.card = cls.env["loyalty.card"].create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.customer.id,
                "points": 0,
            }
        )
        cls.basic_config.coop_sales_channel = "souk"

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.open_new_session()

    def _sync(self, lines, customer=None, uuid=None, **kwargs):
        data = self.create_ui_order_data(
            lines, customer=customer or self.customer, uuid=uuid, **kwargs
        )
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(
            [order["id"] for order in result["pos.order"]]
        )

    def _adjust(self, card, points=None, expiry=None):
        wizard = (
            self.env["loyalty.card.update.balance"]
            .with_context(default_card_id=card.id)
            .create(
                {
                    "new_balance": card.points if points is None else points,
                    "coop_date_expiry": expiry,
                    "description": "Opening balance (test)",
                }
            )
        )
        wizard.action_update_card_point()

    # ------------------------------------------------------------------ P-2 points
    def test_points_counted_at_sync_with_tier(self):
        """P-2, L-5, issue #16: a paid order synced from the till credits the customer's
        card on the server: 10 x 100 = 1,000 points at bronze (x1), with a history line;
        the purchase makes the card silver (1,000 in 12 months), so the next order of
        100
        earns 150 (x1.5)."""
        order = self._sync([(self.oil, 10)])
        self.assertEqual(order.state, "paid")
        self.assertTrue(order.coop_card_points_done)
        self.assertEqual(self.card.points, 1000.0)
        self.assertEqual(self.card.coop_tier, "silver")
        history = self.card.history_ids.filtered(lambda h: h.order_id == order.id)
        self.assertEqual(
            (history.order_model, history.issued, history.used),
            ("pos.order", 1000.0, 0.0),
        )
        self._sync([(self.oil, 1)])
        self.assertEqual(self.card.points, 1150.0)

    def test_grace_period(self):
        """P-2, L-2, issue #16: a card expired 10 days ago is in its 30-day grace period
        and earns; expired 40 days ago it earns nothing."""
        self.card.coop_date_issue = self.today - timedelta(days=400)
        self._adjust(self.card, expiry=self.today - timedelta(days=10))
        self._sync([(self.oil, 1)])
        self.assertEqual(self.card.points, 100.0)
        self._adjust(self.card, expiry=self.today - timedelta(days=40))
        self._sync([(self.oil, 1)])
        self.assertEqual(self.card.points, 100.0)

    def test_renewal_at_till(self):
        """P-2, L-3, issue #16: an expired card (past its grace) renewed at the till:
        the card fee sold with the order renews it for 12 months from today, once, and
        the renewed card earns the order's points (fee 50 + oil 100 = 150)."""
        self.card.coop_date_issue = self.today - timedelta(days=500)
        self._adjust(self.card, expiry=self.today - timedelta(days=60))
        order = self._sync([(self.fee_product, 1), (self.oil, 1)])
        self.assertEqual(
            self.card.coop_date_expiry, self.today + relativedelta(months=12)
        )
        self.assertEqual(self.card.points, 150.0)
        order._coop_count_card_points()
        self.assertEqual(
            self.card.coop_date_expiry, self.today + relativedelta(months=12)
        )
        self.assertEqual(self.card.points, 150.0)

    def test_renewal_refunded_at_till(self):
        """P-2, L-3, issue #16: the card fee of a renewal refunded at the till undoes
        the renewal (the expiry goes back to the old one) and takes its 50 points back,
        once; a card sold then refunded stays with its holder, flagged on the card and
        the refund."""
        self.card.coop_date_issue = self.today - timedelta(days=500)
        old_expiry = self.today - timedelta(days=60)
        self._adjust(self.card, expiry=old_expiry)
        order = self._sync([(self.fee_product, 1), (self.oil, 1)])
        self.assertEqual(
            self.card.coop_date_expiry, self.today + relativedelta(months=12)
        )
        fee_line = order.lines.filtered(
            lambda line: line.product_id == self.fee_product
        )
        refund_line = {
            "product": self.fee_product,
            "quantity": -1,
            "refunded_orderline_id": fee_line.id,
        }
        refund = self._sync([refund_line])
        self.assertEqual(refund.state, "paid")
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        self.assertEqual(self.card.points, 100.0)
        refund._coop_count_card_points()
        self._sync([dict(refund_line)])  # a second refund of the same fee
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        # a card sold, then refunded
        buyer = self.env["res.partner"].create(
            {"name": "Card buyer", "company_id": self.company.id}
        )
        sold = self._sync([(self.fee_product, 1)], customer=buyer)
        card = self.env["loyalty.card"].search([("partner_id", "=", buyer.id)])
        refund = self._sync(
            [
                {
                    "product": self.fee_product,
                    "quantity": -1,
                    "refunded_orderline_id": sold.lines.id,
                }
            ],
            customer=buyer,
        )
        self.assertEqual(card.points, 0.0)
        for record in (card, refund):
            self.assertTrue(
                record.message_ids.filtered(lambda m: "was refunded" in m.body)
            )

    def test_card_sold_at_till(self):
        """P-2, L-3, issue #16: a customer without a card buys one at the till (the
        card fee): the card is issued for the cooperative's program, once, and earns the
        order's points (fee 50 + oil 100 = 150)."""
        buyer = self.env["res.partner"].create(
            {"name": "Card buyer", "company_id": self.company.id}
        )
        self._sync([(self.fee_product, 1), (self.oil, 1)], customer=buyer)
        card = self.env["loyalty.card"].search([("partner_id", "=", buyer.id)])
        self.assertEqual(len(card), 1)
        self.assertEqual((card.program_id, card.points), (self.program, 150.0))
        self.assertEqual(card.coop_date_expiry, self.today + relativedelta(months=12))

    def test_tampered_points_ignored(self):
        """P-2, X-1, issue #16: the points the till sends for a cooperative card are not
        written: confirm_coupon_programs with 99,999 points and
        add_loyalty_history_lines
        with 99,999 won leave the card at the server's 200 and its one history line."""
        order = self._sync([(self.oil, 2)])
        self.assertEqual(self.card.points, 200.0)
        order.confirm_coupon_programs(
            {
                str(self.card.id): {
                    "points": 99999,
                    "program_id": self.program.id,
                    "coupon_id": self.card.id,
                    "barcode": False,
                }
            }
        )
        order.add_loyalty_history_lines(
            [
                {
                    "order_id": order.id,
                    "card_id": str(self.card.id),
                    "spent": 0,
                    "won": 99999,
                }
            ],
            [{"id": self.card.id, "old_id": self.card.id}],
        )
        self.assertEqual(self.card.points, 200.0)
        self.assertEqual(len(self.card.history_ids), 1)

    def test_reward_cost_checked(self):
        """P-2, issue #16: a reward of 500 points used at the till costs 500 points even
        when the till says 1: 600 - 500 + 100 earned = 200."""
        self._adjust(self.card, points=600)
        reward = self.program.reward_ids
        order = self._sync(
            [
                (self.oil, 1),
                {
                    "product": reward.discount_line_product_id,
                    "quantity": 1,
                    "is_reward_line": True,
                    "reward_id": reward.id,
                    "coupon_id": self.card.id,
                    "points_cost": 1,
                    "reward_identifier_code": "coop-test",
                },
            ]
        )
        self.assertTrue(order.coop_card_points_done)
        self.assertEqual(self.card.points, 200.0)

    def test_double_sync_counted_once(self):
        """P-4, issue #16: the same order sent twice (a retry after a lost connection)
        is one order, and its points are counted once, also when the till confirms its
        coupons after the sync."""
        order = self._sync([(self.oil, 3)], uuid="coop-retry-0001")
        again = self._sync([(self.oil, 3)], uuid="coop-retry-0001")
        self.assertEqual(again, order)
        order._coop_count_card_points()
        order.confirm_coupon_programs(
            {
                str(self.card.id): {
                    "points": 300,
                    "program_id": self.program.id,
                    "coupon_id": self.card.id,
                    "barcode": False,
                }
            }
        )
        self.assertEqual(
            self.env["pos.order"].search_count([("uuid", "=", "coop-retry-0001")]), 1
        )
        self.assertEqual(self.card.points, 300.0)

    def test_card_refused_at_sync_order_kept(self):
        """P-2, P-4, X-1, issue #16: a card that cannot be issued (the customer is one
        of another cooperative's) does not stop the sync: the order is saved and paid,
        no card nor points, the reason is on the order and in its chatter, the order is
        not sent again and again; a cashier cannot count again; once the customer
        belongs to the cooperative, the manager counts the points again: the card is
        sold with its 150 points, once, however many times it is asked."""
        other = self.env["res.company"].create({"name": "Cooperative Elsewhere"})
        strangers = self.env["res.partner"].create(
            [
                {"name": f"Customer elsewhere {n}", "company_id": other.id}
                for n in (1, 2)
            ]
        )
        orders = self.env["pos.order"]
        for stranger in strangers:
            orders |= self._sync(
                [(self.fee_product, 1), (self.oil, 1)], customer=stranger
            )
        self.assertEqual(len(orders), 2)
        self.assertEqual(orders.mapped("state"), ["paid", "paid"])
        self.assertEqual(orders.mapped("amount_paid"), [150.0, 150.0])
        self.assertFalse(any(orders.mapped("coop_card_points_done")))
        Card = self.env["loyalty.card"]
        self.assertFalse(Card.search([("partner_id", "in", strangers.ids)]))
        for order in orders:
            self.assertTrue(order.coop_card_points_error)
            self.assertTrue(
                order.message_ids.filtered(
                    lambda m, o=order: o.coop_card_points_error in m.body
                )
            )
        # the till's confirmation (or a retry of the sync) counts nothing, one note
        orders[0].confirm_coupon_programs({})
        self._sync(
            [(self.fee_product, 1), (self.oil, 1)],
            customer=strangers[0],
            uuid=orders[0].uuid,
        )
        notes = orders[0].message_ids.filtered(
            lambda m: orders[0].coop_card_points_error in m.body
        )
        self.assertEqual(len(notes), 1)
        cashier = new_test_user(
            self.env,
            "coop_pos_retry_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            orders.with_user(cashier).action_coop_count_card_points()
        # the first customer becomes one of the cooperative's; the second is still not
        strangers[0].company_id = self.company
        result = orders.action_coop_count_card_points()
        self.assertEqual(result["params"]["type"], "warning")
        card = Card.search([("partner_id", "=", strangers[0].id)])
        self.assertEqual((card.program_id, card.points), (self.program, 150.0))
        self.assertEqual(
            (orders[0].coop_card_points_done, orders[0].coop_card_points_error),
            (True, False),
        )
        self.assertFalse(orders[1].coop_card_points_done)
        self.assertTrue(orders[1].coop_card_points_error)
        orders[0].action_coop_count_card_points()
        orders[0]._coop_count_card_points()
        self.assertEqual(card.points, 150.0)
        self.assertEqual(len(Card.search([("partner_id", "=", strangers[0].id)])), 1)
        self.assertEqual(card.coop_date_expiry, self.today + relativedelta(months=12))

    def test_card_not_issued_free_by_till(self):
        """P-2, issue #16: the till cannot issue a cooperative card by itself (a card is
        sold): a new card of the cooperative program in the coupons it confirms is left
        out; the customer without a card earns nothing."""
        walker = self.env["res.partner"].create(
            {"name": "Walk-in buyer", "company_id": self.company.id}
        )
        order = self._sync([(self.oil, 1)], customer=walker)
        order.confirm_coupon_programs(
            {
                "-1": {
                    "points": 100,
                    "program_id": self.program.id,
                    "coupon_id": -1,
                    "barcode": False,
                    "partner_id": walker.id,
                }
            }
        )
        self.assertFalse(
            self.env["loyalty.card"].search([("partner_id", "=", walker.id)])
        )

    # ------------------------------------------------------------------ P-5, P-6
    def test_channel_and_ledger(self):
        """P-5, P-6, M-10, issue #16: a paid POS order of a known customer is one
        purchase of the ledger, untaxed, through the point of sale's channel (souk),
        which it keeps
        when the point of sale's channel changes; its invoice is not counted again; an
        order without customer is nobody's purchase."""
        order = self._sync([(self.oil, 2)])
        invoiced = self._sync([(self.oil, 1)], is_invoiced=True)
        self.assertEqual(invoiced.state, "invoiced")
        self.assertTrue(invoiced.account_move)
        anonymous = self.env["pos.order"].browse(
            self.env["pos.order"].sync_from_ui(
                [self.create_ui_order_data([(self.oil, 5)])]
            )["pos.order"][0]["id"]
        )
        self.assertFalse(anonymous.partner_id)
        self.config.coop_sales_channel = "fair"
        self.assertEqual(order.coop_sales_channel, "souk")
        Purchase = self.env["coop.purchase"]
        rows = Purchase.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            sorted(
                (r.res_model, r.res_id, r.amount, r.coop_sales_channel) for r in rows
            ),
            sorted(
                [
                    ("pos.order", order.id, 200.0, "souk"),
                    ("pos.order", invoiced.id, 100.0, "souk"),
                ]
            ),
        )
        self.assertFalse(
            Purchase.search(
                [("res_model", "=", "pos.order"), ("res_id", "=", anonymous.id)]
            )
        )

    def test_statistics_and_ristourne_basis(self):
        """P-6, M-4, L-11, issue #16: POS purchases count in the customer statistics and
        in a ristourne on the purchase ledger."""
        self._sync([(self.oil, 3)])
        self.env["res.partner"]._coop_recompute_customer_stats(self.company)
        self.assertEqual(self.customer.coop_amount_12m, 300.0)
        self.assertEqual(self.customer.coop_order_count_12m, 1)
        policy = self.env["coop.ristourne.policy"].create(
            {
                "name": "Ledger ristourne",
                "company_id": self.company.id,
                "period_type": "year",
                "eligibility": "all",
                "basis": "ledger",
                "settlement": "credit_note",
                "account_id": self.company_data["default_account_revenue"].id,
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 1.0})],
            }
        )
        run = self.env["coop.ristourne.run"].create(
            {
                "policy_id": policy.id,
                "company_id": self.company.id,
                "date_from": self.today.replace(month=1, day=1),
                "date_to": self.today.replace(month=12, day=31),
            }
        )
        self.assertEqual(run._compute_basis(), {self.customer: 300.0})

    # ------------------------------------------------------------------ P-1 customers
    def test_customer_created_at_till(self):
        """P-1, X-1, issue #16: a cashier (point of sale user only) creates a customer
        from the till: it belongs to the point of sale's cooperative (also when the
        customer form sends an empty company) and its phone typed
        nationally is stored in E.164; a wrong number is refused with the suite's
        message."""
        cashier = new_test_user(
            self.env,
            "coop_pos_cashier",
            groups="base.group_user,base.group_partner_manager,"
            "point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        Partner = (
            self.env["res.partner"]
            .with_user(cashier)
            .with_context(coop_pos_config_id=self.config.id)
        )
        partner = Partner.create(
            {"name": "Aicha New", "mobile": "0661234567", "city": "Tiznit"}
        )
        self.assertEqual(partner.sudo().company_id, self.company)
        self.assertEqual(partner.mobile, "+212661234567")
        # the till's customer form sends its empty company field too
        partner = Partner.create({"name": "Said New", "company_id": False})
        self.assertEqual(partner.sudo().company_id, self.company)
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            Partner.create({"name": "Wrong number", "mobile": "12345"})

    def test_new_cooperative_with_stock(self):
        """X-1, issue #16: with the point of sale (and so stock) installed, a
        cooperative created by a user of a cooperative whose customers are private is
        created with its warehouse; its own partner belongs to no company from the
        start (stock checks the warehouse's address at once)."""
        self.company.coop_private_customers = True
        new = self.env["res.company"].create({"name": "Cooperative Tafraout"})
        self.assertFalse(new.partner_id.company_id)
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", new.id)])
        self.assertEqual(warehouse.partner_id, new.partner_id)

    def test_souk_day_report(self):
        """P-5, issue #16: the day at the souk: 3 paid orders (Khadija with her card
        200, a customer captured today buying a card 50 + 100, a passer-by without
        customer 300) give revenue 650, 3 orders, 2 customers served, 1 new, 1 card
        sold, the points given to the cards (200 and 150) and the place of the
        stall."""
        self.config.write({"coop_city": "Tiznit"})
        # Khadija has been a customer for a month
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = now() - interval '30 days'"
            " WHERE id = %s",
            [self.customer.id],
        )
        self.customer.invalidate_recordset(["create_date"])
        self._sync([(self.oil, 2)])
        newcomer = self.env["res.partner"].create(
            {"name": "Captured today", "company_id": self.company.id}
        )
        self._sync([(self.fee_product, 1), (self.oil, 1)], customer=newcomer)
        self.env["pos.order"].sync_from_ui([self.create_ui_order_data([(self.oil, 3)])])
        [day] = self.env["coop.pos.day.report"].search(
            [("config_id", "=", self.config.id)]
        )
        self.assertEqual(
            (
                day.date,
                day.coop_sales_channel,
                day.coop_city,
                day.revenue,
                day.order_count,
                day.customer_count,
                day.new_customer_count,
                day.card_fee_count,
                day.points_given,
            ),
            (self.today, "souk", "Tiznit", 650.0, 3, 2, 1, 1.0, 350.0),
        )

    def test_members_pricelist(self):
        """P-3, issue #16: the members' pricelist of a point of sale is one of its
        available pricelists (else refused); the till knows whether a customer is an
        active member of its cooperative."""
        members = self.env["product.pricelist"].create(
            {"name": "Members", "company_id": self.company.id}
        )
        with self.assertRaisesRegex(ValidationError, "members' pricelist"):
            self.config.coop_member_pricelist_id = members
        self.assertIn(
            "coop_pos_member",
            self.env["res.partner"]._load_pos_data_fields(self.config.id),
        )
        # the cashier reads it without reading memberships
        cashier = new_test_user(
            self.env,
            "coop_pos_member_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        customer = self.customer.with_user(cashier).with_company(self.company)
        self.assertFalse(customer.coop_pos_member)
        self.env["coop.membership"].create(
            {"partner_id": self.customer.id, "company_id": self.company.id}
        ).action_admit()
        customer.invalidate_recordset(["coop_pos_member"])
        self.assertTrue(customer.coop_pos_member)
