from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

COOPS = ("argan", "dairy", "crafts")
# the second point of sale of each cooperative: a souk or a fair (data/generate_demo.py)
STALLS = {"argan": "souk", "dairy": "souk", "crafts": "fair"}
# the cooperatives whose card is sold, and renewed, with a yearly fee
FEES = ("argan", "crafts")


@tagged("post_install", "-at_install")
class TestCoopPosDemo(TransactionCase):
    """The point of sale demo (X-3, P-1 to P-6, issue #16): each demo cooperative sells
    at its shop and at a souk or a fair, on its books; the sessions are closed and the
    orders are in the ledger, the cards and the day report. Runs on the demo data, which
    it requires."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.union = cls.env.ref("coop_crm_base.coop_company_union")
        cls.coops = {
            key: cls.env.ref(f"coop_crm_base.coop_company_{key}") for key in COOPS
        }
        cls.configs = {
            key: (
                cls.env.ref(
                    f"coop_pos.pos_config_{key}_shop", raise_if_not_found=False
                ),
                cls.env.ref(
                    f"coop_pos.pos_config_{key}_{STALLS[key]}",
                    raise_if_not_found=False,
                ),
            )
            for key in COOPS
        }

    def setUp(self):
        super().setUp()
        self.assertTrue(
            all(all(pair) for pair in self.configs.values()),
            "coop_pos's demo data must be installed (the test command installs it)",
        )

    def _orders(self, key):
        return self.env["pos.order"].search(
            [("config_id", "in", [c.id for c in self.configs[key]])]
        )

    def test_books(self):
        """X-3, issue #16: the demo cooperatives keep books: the union's chart of
        accounts is Morocco's when l10n_ma is installed (`make demo` installs it, the
        test command with --demo-modules), Odoo's generic one else; the cooperatives,
        its branches, share it."""
        l10n_ma = self.env["ir.module.module"]._get("l10n_ma")
        expected = "ma" if l10n_ma.state == "installed" else "generic_coa"
        self.assertEqual(self.union.chart_template, expected)
        for key, coop in self.coops.items():
            self.assertEqual(coop.chart_template, expected, key)

    def test_books_in_dirhams(self):
        """X-3, issue #16: the demo's union and cooperatives are Moroccan and keep
        their books in dirhams, on Odoo's generic chart too (whose fiscal country is the
        United States): prices, cards and ristournes stay in MAD."""
        mad = self.env.ref("base.MAD")
        self.assertEqual(self.union.currency_id, mad)
        for key, coop in self.coops.items():
            self.assertEqual(coop.currency_id, mad, key)
            configs = self.configs[key][0] | self.configs[key][1]
            self.assertEqual(configs.currency_id, mad, key)

    def test_points_of_sale(self):
        """P-5, X-3, issue #16: each cooperative has its shop and a souk or a fair in
        its region, a fair with its dates around today, each with a cash payment method
        of its own, selling the cooperative's products."""
        for key, (shop, stall) in self.configs.items():
            coop = self.coops[key]
            self.assertEqual((shop.company_id, stall.company_id), (coop, coop), key)
            self.assertEqual(shop.coop_sales_channel, "shop", key)
            self.assertEqual(stall.coop_sales_channel, STALLS[key], key)
            self.assertTrue(stall.coop_city and stall.coop_region_id, key)
            cash = (shop | stall).payment_method_ids.filtered("is_cash_count")
            self.assertEqual(len(cash), 2, key)
            self.assertEqual(cash.company_id, coop, key)
        # the till offers the cooperative's products only (not the demo products of
        # Odoo's point of sale, which every company shares)
        for key, configs in self.configs.items():
            for config in configs:
                self.assertTrue(config.limit_categories, key)
                offered = self.env["product.product"].search(
                    [
                        ("available_in_pos", "=", True),
                        ("pos_categ_ids", "in", config.iface_available_categ_ids.ids),
                    ]
                )
                self.assertGreaterEqual(len(offered), 5, key)
                self.assertEqual(offered.company_id, self.coops[key], key)
        fair = self.configs["crafts"][1]
        self.assertLess(fair.coop_date_start, self.today)
        self.assertGreater(fair.coop_date_end, self.today)

    def test_closed_sessions_posted(self):
        """P-6, X-3, issue #16: every demo session is closed, its orders paid in cash
        and its journal entry posted, balanced, on the session's journal."""
        for key, configs in self.configs.items():
            for config in configs:
                sessions = config.session_ids
                self.assertTrue(sessions, config.name)
                self.assertEqual(set(sessions.mapped("state")), {"closed"})
                for session in sessions:
                    self.assertTrue(session.order_ids, session.name)
                    self.assertEqual(
                        set(session.order_ids.mapped("state")), {"done"}, key
                    )
                    move = session.move_id
                    self.assertEqual(move.state, "posted", session.name)
                    self.assertEqual(move.journal_id, config.journal_id)
                    self.assertAlmostEqual(
                        sum(move.line_ids.mapped("debit")),
                        sum(move.line_ids.mapped("credit")),
                    )
                    self.assertGreater(sum(move.line_ids.mapped("debit")), 0)

    def test_purchases_in_the_ledger(self):
        """P-6, X-3, issue #16: each paid order of a customer is a purchase of the
        ledger, for its untaxed amount, through its point of sale's channel; an order
        without a customer is nobody's purchase."""
        Purchase = self.env["coop.purchase"]
        for key, coop in self.coops.items():
            orders = self._orders(key)
            self.assertTrue(orders.filtered(lambda o: not o.partner_id), key)
            purchases = Purchase.search(
                [("res_model", "=", "pos.order"), ("company_id", "=", coop.id)]
            )
            by_order = {p.res_id: p for p in purchases}
            self.assertEqual(set(by_order), set(orders.filtered("partner_id").ids))
            for order in orders.filtered("partner_id"):
                purchase = by_order[order.id]
                self.assertEqual(
                    purchase.coop_sales_channel,
                    order.config_id.coop_sales_channel,
                    order.name,
                )
                self.assertEqual(
                    purchase.partner_id, order.partner_id.commercial_partner_id
                )
                self.assertAlmostEqual(
                    purchase.amount, sum(order.lines.mapped("price_subtotal"))
                )
            self.assertEqual(
                set(purchases.mapped("coop_sales_channel")), {"shop", STALLS[key]}
            )

    def test_cards_at_the_till(self):
        """P-2, L-3, X-3, issue #16: a card earned points at the shop (history line of
        the order); at the souk or fair, today, a customer captured at the till (phone
        stored in E.164, in the cooperative) bought a card, and an expired card was
        renewed for a year (argan, crafts: their cards have a fee)."""
        History = self.env["loyalty.history"]
        for key, coop in self.coops.items():
            card = self.env.ref(f"coop_loyalty.card_{key}_01")
            earned = History.search(
                [
                    ("card_id", "=", card.id),
                    ("order_model", "=", "pos.order"),
                    ("issued", ">", 0),
                ]
            )
            self.assertTrue(earned, key)
            order = self.env["pos.order"].browse(earned.mapped("order_id"))
            self.assertEqual(order.config_id, self.configs[key][0], key)
            self.assertTrue(order.coop_card_points_done, key)
            # the stall's last day (the day of installation): its customers without
            # xml id were captured at the till
            last = self.configs[key][1].session_ids.sorted("start_at")[-1]
            day = max(last.order_ids.mapped("date_order")).date()
            captured = last.order_ids.partner_id.filtered(
                lambda p: not p.get_external_id()[p.id]
            )
            self.assertEqual(len(captured), 2, key)
            self.assertEqual(captured.company_id, coop, key)
            for partner in captured:
                self.assertRegex(partner.mobile, r"^\+212[67]\d{8}$", partner.name)
                self.assertEqual(partner.create_date.date(), day, partner.name)
            if key not in FEES:
                continue
            program = card.program_id
            sold = self.env["loyalty.card"].search(
                [("partner_id", "in", captured.ids), ("program_id", "=", program.id)]
            )
            self.assertEqual(len(sold), 1, key)
            self.assertGreater(sold.points, 0, key)
            renewed = self.env.ref(f"coop_loyalty.card_{key}_09")
            self.assertEqual(renewed.coop_validity_state, "valid", key)
            self.assertGreaterEqual(
                renewed.coop_date_expiry,
                day + relativedelta(months=program.coop_validity_months),
                key,
            )

    def test_day_report(self):
        """P-5, X-3, issue #16: the souk or fair days are rows of the day report: two
        days each, the last one (the day of installation) with its two customers
        captured at the till and, where the card has a fee, the cards sold or
        renewed."""
        Report = self.env["coop.pos.day.report"]
        for key, (_shop, stall) in self.configs.items():
            rows = Report.search([("config_id", "=", stall.id)])
            self.assertEqual(len(rows), 2, key)
            self.assertEqual(set(rows.mapped("coop_sales_channel")), {STALLS[key]})
            today = rows.sorted("date")[-1]  # the day of installation
            # (every demo customer was created that day: all count as new)
            self.assertGreaterEqual(today.new_customer_count, 2, key)
            self.assertEqual(today.card_fee_count, 2 if key in FEES else 0, key)
            self.assertGreater(today.revenue, 0, key)
            self.assertGreater(today.points_given, 0, key)

    def test_staff_open_their_till(self):
        """P-1, X-3, issue #21: each demo cooperative's staff user sells at the till: a
        point of sale user, who opens a session of their cooperative's souk or fair
        (and cannot open another cooperative's)."""
        for key, (_shop, stall) in self.configs.items():
            user = self.env.ref(f"coop_crm_base.coop_user_{key}")
            self.assertTrue(user.has_group("point_of_sale.group_pos_user"), key)
            self.assertFalse(stall.current_session_id, key)  # the demo's are closed
            stall.with_user(user).with_company(self.coops[key]).open_ui()
            self.assertEqual(stall.current_session_id.user_id, user, key)
        argan_user = self.env.ref("coop_crm_base.coop_user_argan")
        dairy_stall = self.configs["dairy"][1]
        with self.assertRaises(AccessError):
            dairy_stall.with_user(argan_user).check_access("read")
