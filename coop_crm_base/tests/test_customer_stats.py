import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .sales_common import CoopSalesCase, D

# name: (days since each order before D, untaxed amount of each order)
DATASET = {
    "k1": ([3, 33, 63, 93, 123, 153], 1000.0),
    "k2": ([5, 35, 65, 95, 125], 600.0),
    "k3": ([10], 50.0),
    "k4": ([20, 50, 80, 110], 375.0),
    "k5": ([40, 70], 200.0),
    "k6": ([60, 90, 120], 300.0),
    "k7": ([150, 180, 210, 240], 200.0),
    "k8": ([200], 600.0),
    "k9": ([250], 100.0),
    "k10": ([400], 300.0),
}


@tagged("post_install", "-at_install")
class TestCustomerStats(CoopSalesCase):
    """Ten buyers and a prospect in coop A; scores computed by hand in the
    docstrings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c = {name: cls._customer(name, cls.coop_a) for name in DATASET}
        cls.c["k11"] = cls._customer("k11 prospect", cls.coop_a)
        cls.k1_contact = cls._customer("k1 buyer", cls.coop_a, parent_id=cls.c["k1"].id)
        specs = []
        for name, (days, amount) in DATASET.items():
            for index, ago in enumerate(days):
                # one order of k1 is placed by its contact: it counts for k1
                partner = cls.k1_contact if (name, index) == ("k1", 2) else cls.c[name]
                specs.append((partner, cls.coop_a, cls._days_ago(ago), amount))
        cls._orders(specs)
        # neither a quotation nor an order after the reference day counts
        cls._orders(
            [(cls.c["k3"], cls.coop_a, cls._days_ago(1), 10000.0)], confirm=False
        )
        cls._orders([(cls.c["k9"], cls.coop_a, cls._days_ago(-5), 10000.0)])
        # another cooperative's customers are scored among themselves
        cls.b1 = cls._customer("b1", cls.coop_b)
        cls._orders([(cls.b1, cls.coop_b, cls._days_ago(400), 70.0)])
        cls.env["res.partner"]._coop_recompute_customer_stats(
            cls.coop_a | cls.coop_b, D
        )

    def _values(self, fname):
        return {name: partner[fname] for name, partner in self.c.items()}

    def test_behaviour(self):
        """M-4: first/last purchase, orders and revenue over 12 months, average
        basket."""
        k1 = self.c["k1"]
        self.assertEqual(k1.coop_first_purchase_date, self._days_ago(153))
        self.assertEqual(k1.coop_last_purchase_date, self._days_ago(3))
        self.assertEqual(k1.coop_recency_days, 3)
        self.assertEqual(k1.coop_order_count_12m, 6)
        self.assertEqual(k1.coop_amount_12m, 6000.0)
        self.assertEqual(k1.coop_average_basket, 1000.0)
        self.assertEqual(k1.coop_stats_date, D)
        k6 = self.c["k6"]
        self.assertEqual(
            (k6.coop_order_count_12m, k6.coop_amount_12m, k6.coop_average_basket),
            (3, 900.0, 300.0),
        )
        # k3: the 10000 quotation is not an order
        self.assertEqual(
            (self.c["k3"].coop_order_count_12m, self.c["k3"].coop_amount_12m), (1, 50.0)
        )
        # k9: the order placed after the reference day is left out
        self.assertEqual(self.c["k9"].coop_last_purchase_date, self._days_ago(250))
        self.assertEqual(self.c["k9"].coop_amount_12m, 100.0)
        # k10: its only order is older than 12 months
        k10 = self.c["k10"]
        self.assertEqual(k10.coop_first_purchase_date, self._days_ago(400))
        self.assertEqual(
            (
                k10.coop_order_count_12m,
                k10.coop_amount_12m,
                k10.coop_average_basket,
                k10.coop_recency_days,
            ),
            (0, 0.0, 0.0, 400),
        )
        k11 = self.c["k11"]
        self.assertFalse(k11.coop_first_purchase_date)
        self.assertEqual(k11.coop_order_count_12m, 0)
        # the contact's order is counted on the customer, not on the contact
        self.assertFalse(self.k1_contact.coop_lifecycle_stage)

    def test_rfm_quintiles(self):
        """M-5, issue #15: R, F, M are quintiles (ntile(5)) within the cooperative;
        tied values share the quintile of the first of them.

        R by last purchase: k10,k9 | k8,k7 | k6,k5 | k4,k3 | k2,k1.
        F by orders: k10(0) 1; k3,k9,k8 (1 order each, positions 2-4) all 1, not 1, 2, 2
        as when ties were broken by revenue; k5(2),k6(3) 3 | k7,k4(4, positions 7-8) 4 |
        k2(5),k1(6) 5.
        M by revenue: k10(0),k3(50) | k9(100),k5(400) | k8(600),k7(800) |
        k6(900),k4(1500) | k2(3000),k1(6000).
        """
        expected = {
            "k1": "555",
            "k2": "555",
            "k3": "411",
            "k4": "444",
            "k5": "332",
            "k6": "334",
            "k7": "243",
            "k8": "213",
            "k9": "112",
            "k10": "111",
            "k11": False,
        }
        self.assertEqual(self._values("coop_rfm_score"), expected)
        self.assertEqual(self.c["k11"].coop_rfm_recency, 0)
        # b1 is alone in coop B: first quintile everywhere
        self.assertEqual(self.b1.coop_rfm_score, "111")

    def test_rfm_segments(self):
        """M-5: segment mapping (first matching rule): R>=4,F>=4,M>=4 champion;
        R>=3,F>=3 loyal; R>=4,F=1 new; R>=3 promising; F>=3 at risk; R=2 hibernating;
        else lost."""
        self.assertEqual(
            self._values("coop_rfm_segment"),
            {
                "k1": "champion",
                "k2": "champion",
                "k3": "new",
                "k4": "champion",
                "k5": "loyal",
                "k6": "loyal",
                "k7": "at_risk",
                "k8": "hibernating",
                "k9": "lost",
                "k10": "lost",
                "k11": False,
            },
        )

    def test_pareto(self):
        """M-5: 12-month revenue 13350; A = k1 6000 + k2 3000 + k4 1500 + k6 900 = 11400
        (the revenue before k6 is 10500 < 80% = 10680, before k7 11400 is not);
        B: k7 (before 11400), k8 (12200) < 95% = 12682.5; C: the rest."""
        self.assertEqual(
            self._values("coop_pareto_class"),
            {
                "k1": "A",
                "k2": "A",
                "k3": "C",
                "k4": "A",
                "k5": "C",
                "k6": "A",
                "k7": "B",
                "k8": "B",
                "k9": "C",
                "k10": "C",
                "k11": False,
            },
        )
        # A = 50% (6675): k1 (6000) is not enough, k2 completes it; B = 30% more
        # (80%: 10680): k4 (before: 9000), k6 (10500); k7 (11400) is C
        self.coop_a.write(
            {"coop_pareto_a_percent": 50.0, "coop_pareto_b_percent": 30.0}
        )
        self.env["res.partner"]._coop_recompute_customer_stats(self.coop_a, D)
        self.assertEqual(
            [self.c[k].coop_pareto_class for k in ("k1", "k2", "k4", "k6", "k7")],
            ["A", "A", "B", "B", "C"],
        )

    def test_pareto_ties(self):
        """M-5, issue #15: customers with the same revenue are in the same Pareto
        class, whatever their ids. Coop B, A = 40% of 1000 (400): t1 and t2 bought 500
        each; ranked by id, t2 would have 500 before it and fall in B. The group's
        middle (250) is below 400: both are A. Three customers of 100 after a customer
        of 700 (total 1000, A = 80%: 800): their middle is 700 + 100 = 800, not below
        800: all three are B (95%: 950), none A by its id."""
        self.coop_b.write(
            {"coop_pareto_a_percent": 40.0, "coop_pareto_b_percent": 15.0}
        )
        t1, t2 = (self._customer(name, self.coop_b) for name in ("t1", "t2"))
        self._orders([(t, self.coop_b, self._days_ago(10), 500.0) for t in (t1, t2)])
        Partner = self.env["res.partner"]
        Partner._coop_recompute_customer_stats(self.coop_b, D)
        self.assertEqual((t1.coop_pareto_class, t2.coop_pareto_class), ("A", "A"))
        self.assertEqual(self.b1.coop_pareto_class, "C")
        # the same in the cooperative's indicators: both counted in class A
        figures = self.env["coop.indicator"]._coop_compute_indicators(
            self.coop_b, "year", D
        )[self.coop_b.id]
        self.assertEqual(
            (figures["class_a_customers"], figures["class_a_revenue"]), (2, 1000.0)
        )
        coop_c = self.env["res.company"].create(
            {"name": "Coop C", "parent_id": self.union.id, "currency_id": self.mad.id}
        )
        big = self._customer("big", coop_c)
        small = [self._customer(f"s{i}", coop_c) for i in range(3)]
        self._orders(
            [(big, coop_c, self._days_ago(10), 700.0)]
            + [(s, coop_c, self._days_ago(10), 100.0) for s in small]
        )
        Partner._coop_recompute_customer_stats(coop_c, D)
        self.assertEqual(big.coop_pareto_class, "A")
        self.assertEqual([s.coop_pareto_class for s in small], ["B", "B", "B"])

    def test_lifetime_revenue_and_profit(self):
        """R-3, issue #17: the lifetime revenue is every purchase of the ledger up to
        the statistics date, also those older than 12 months; without any cost to
        serve the profit is the revenue; the first sales channel is the channel of
        the first purchase; only the cooperative's users read these figures."""
        k1, k10, k11 = self.c["k1"], self.c["k10"], self.c["k11"]
        self.assertEqual(
            (k1.coop_lifetime_revenue, k1.coop_cost_to_serve, k1.coop_profit),
            (6000.0, 0.0, 6000.0),
        )
        # k10 bought 300 more than 12 months ago: none of it in 12 months
        self.assertEqual((k10.coop_amount_12m, k10.coop_lifetime_revenue), (0.0, 300.0))
        self.assertEqual((k11.coop_lifetime_revenue, k11.coop_profit), (0.0, 0.0))
        self.assertFalse(k1.coop_unprofitable or k11.coop_unprofitable)
        # the channel of the first purchase, not of the last
        buyer = self._customer("channels", self.coop_a)
        first, last = self._orders(
            [
                (buyer, self.coop_a, self._days_ago(30), 100.0),
                (buyer, self.coop_a, self._days_ago(3), 900.0),
            ]
        )
        first.coop_sales_channel = "souk"
        last.coop_sales_channel = "shop"
        self.env["res.partner"]._coop_recompute_customer_stats(self.coop_a, D)
        self.assertEqual(
            (buyer.coop_first_sales_channel, buyer.coop_lifetime_revenue),
            ("souk", 1000.0),
        )
        # a salesperson of Odoo's sales app who is not a cooperative user cannot
        # read them
        salesman = new_test_user(
            self.env,
            "plain_salesman_profit",
            groups="sales_team.group_sale_salesman",
            company_id=self.coop_a.id,
            company_ids=[(6, 0, self.coop_a.ids)],
        )
        with self.assertRaises(AccessError):
            k1.with_user(salesman).read(["coop_profit"])

    def test_lifecycle(self):
        """M-5: lifecycle with the default thresholds (new 90 days, loyal 4 orders, at
        risk 120 days, lost 365 days) and with a changed setting."""
        self.assertEqual(
            self._values("coop_lifecycle_stage"),
            {
                "k1": "loyal",
                "k2": "loyal",
                "k3": "new",
                "k4": "loyal",
                "k5": "new",
                "k6": "active",
                "k7": "at_risk",
                "k8": "at_risk",
                "k9": "at_risk",
                "k10": "lost",
                "k11": "prospect",
            },
        )
        self.coop_a.write(
            {"coop_lifecycle_loyal_orders": 3, "coop_lifecycle_at_risk_days": 220}
        )
        self.env["res.partner"]._coop_recompute_customer_stats(self.coop_a, D)
        self.assertEqual(self.c["k6"].coop_lifecycle_stage, "loyal")
        self.assertEqual(self.c["k7"].coop_lifecycle_stage, "loyal")
        self.assertEqual(self.c["k8"].coop_lifecycle_stage, "active")
        self.assertEqual(self.c["k9"].coop_lifecycle_stage, "at_risk")

    def test_settings_validation(self):
        """M-5: inconsistent thresholds are refused."""
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.coop_a.coop_pareto_a_percent = 90.0  # 90 + 15 > 100
        with self.assertRaises(ValidationError):
            self.coop_a.coop_lifecycle_lost_days = 100  # shorter than at risk (120)

    def test_recompute_query_count(self):
        """M-4: recomputing a cooperative is a fixed number of queries, not one per
        partner."""
        Partner = self.env["res.partner"]
        Partner._coop_recompute_customer_stats(self.coop_a, D)
        with self.assertQueryCount(4):
            Partner._coop_recompute_customer_stats(self.coop_a, D)
        with self.assertQueryCount(4):
            Partner._coop_recompute_customer_stats(self.coop_a | self.coop_b, D)

    def test_recompute_writes_only_changes(self):
        """M-4, X-5: a recompute writes only the customers whose figures change; the
        days since the last purchase and the statistics date follow the reference day
        without any write.

        Same day, or 4 days later (before k9's order of D+5): no figure changes. With
        5 orders for loyal, k4 (4 orders) is active instead of loyal; k1 (6) and k2
        (5) stay loyal, so k4 is the only customer written."""
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._coop_recompute_customer_stats(self.coop_a, D), 0)
        later = D + timedelta(days=4)
        self.assertEqual(Partner._coop_recompute_customer_stats(self.coop_a, later), 0)
        k1 = self.c["k1"]
        self.assertEqual((k1.coop_stats_date, k1.coop_recency_days), (later, 7))
        self.assertEqual(self.coop_a.coop_stats_reference_date, later)
        self.coop_a.coop_lifecycle_loyal_orders = 5
        self.assertEqual(Partner._coop_recompute_customer_stats(self.coop_a, later), 1)
        self.assertEqual(
            [self.c[k].coop_lifecycle_stage for k in ("k1", "k2", "k4")],
            ["loyal", "loyal", "active"],
        )
        # coop B keeps its own reference day; a contact has no statistics date, a
        # prospect one but no recency
        self.assertEqual((self.b1.coop_stats_date, self.b1.coop_recency_days), (D, 400))
        self.assertEqual(
            (self.k1_contact.coop_stats_date, self.k1_contact.coop_recency_days),
            (False, 0),
        )
        self.assertEqual(
            (self.c["k11"].coop_stats_date, self.c["k11"].coop_recency_days), (later, 0)
        )

    def test_recompute_button_rights(self):
        """M-4: the cooperative's button is for its managers only."""
        with self.assertRaises(AccessError):
            self.coop_a.with_user(self.user_a).action_recompute_customer_stats()
        with self.assertRaises(AccessError):
            self.coop_b.with_user(self.manager_a).action_recompute_customer_stats()
        result = self.coop_a.with_user(self.manager_a).action_recompute_customer_stats()
        self.assertEqual(result["tag"], "display_notification")
        # the menu's server action works on the manager's current cooperative
        server_action = self.env.ref("coop_crm_base.action_server_coop_recompute_stats")
        result = server_action.with_user(self.manager_a).with_company(self.coop_a).run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertTrue(self.coop_a.coop_stats_date)
        self.assertEqual(self.c["k1"].coop_rfm_segment, "champion")

    def test_mail_segment_consent(self):
        """M-5, M-9: the segment mailing goes only to partners with email consent."""
        Partner = self.env["res.partner"]
        yes = Partner.create(
            {
                "name": "Yes",
                "company_id": self.coop_a.id,
                "email": "yes@example.com",
                "coop_consent_email": True,
            }
        )
        no = Partner.create(
            {
                "name": "No",
                "company_id": self.coop_a.id,
                "email": "no@example.com",
                "coop_consent_email": False,
            }
        )
        no_email = Partner.create(
            {
                "name": "No email",
                "company_id": self.coop_a.id,
                "coop_consent_email": True,
            }
        )
        audience = (yes | no | no_email).with_user(self.user_a)
        action = audience.action_coop_mail_segment()
        self.assertEqual(action["context"]["default_res_ids"], yes.ids)
        self.assertEqual(
            sorted(action["context"]["coop_skipped_partner_ids"]),
            sorted((no | no_email).ids),
        )
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.user_a)
            .with_context(**action["context"])
            .create({"subject": "Argan harvest", "body": "<p>New oil</p>"})
        )
        self.assertEqual(composer.composition_mode, "mass_mail")
        composer.action_send_mail()
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", (yes | no | no_email).ids),
                ]
            )
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, yes)
        self.assertEqual(mails.subject, "Argan harvest")
        with self.assertRaises(UserError):
            (no | no_email).with_user(self.user_a).action_coop_mail_segment()
        self.assertEqual(audience._coop_with_consent("email"), yes)

    def test_xlsx_export(self):
        """M-5: the customer file with segments exports to XLSX (report_xlsx)."""
        partners = self.c["k1"] | self.c["k8"] | self.c["k11"]
        content, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.user_a)
            ._render_xlsx("coop_crm_base.report_coop_customers_xlsx", partners.ids, {})
        )
        self.assertEqual(report_type, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual(len(rows), 4)
        by_name = {row[0]: dict(zip(header, row, strict=False)) for row in rows[1:]}
        k1 = by_name["k1"]
        self.assertEqual(
            (k1["Segment"], k1["Pareto class"], k1["Lifecycle stage"]),
            ("Champion", "A", "Loyal"),
        )
        self.assertEqual(
            (k1["Orders (12 months)"], k1["Revenue (12 months)"], k1["R score"]),
            (6, 6000.0, 5),
        )
        self.assertEqual(k1["Last purchase"].date(), self._days_ago(3))
        # the profitability columns
        self.assertEqual(
            (k1["Lifetime revenue"], k1["Cost to serve"], k1["Profit"]),
            (6000.0, 0.0, 6000.0),
        )
        self.assertEqual(by_name["k8"]["Segment"], "Hibernating")
        self.assertEqual(by_name["k11 prospect"]["Lifecycle stage"], "Prospect")

    def test_saved_filters(self):
        """M-5: each segment is a shared saved filter of the customers' action."""
        action = self.env.ref("coop_crm_base.action_coop_customers")
        filters = self.env["ir.filters"].search(
            [
                ("model_id", "=", "res.partner"),
                ("action_id", "=", action.id),
                ("user_id", "=", False),
                ("name", "=like", "Segment: %"),
            ]
        )
        self.assertEqual(len(filters), 7)
        champions = self.env.ref("coop_crm_base.filter_partner_segment_champion")
        found = self.env["res.partner"].search(
            safe_eval(champions.domain) + [("company_id", "=", self.coop_a.id)]
        )
        self.assertEqual(found, self.c["k1"] | self.c["k2"] | self.c["k4"])

    def test_settings_and_cron(self):
        """M-5: the thresholds are edited in the settings; the scheduled action
        recomputes every cooperative."""
        settings = Form(self.env["res.config.settings"].with_company(self.coop_a))
        settings.coop_lifecycle_loyal_orders = 6
        settings.save().execute()
        self.assertEqual(self.coop_a.coop_lifecycle_loyal_orders, 6)
        cron = self.env.ref("coop_crm_base.ir_cron_coop_customer_stats")
        cron.method_direct_trigger()
        # with today as reference every purchase is older: the stages move on
        today = fields.Date.context_today(self.c["k1"])
        self.assertEqual(self.c["k1"].coop_stats_date, today)
        self.assertEqual(self.c["k11"].coop_lifecycle_stage, "prospect")
        days = (today - self._days_ago(3)).days
        self.assertEqual(self.c["k1"].coop_recency_days, days)
        self.assertEqual(
            self.c["k1"].coop_lifecycle_stage,
            "lost" if days > 365 else "at_risk" if days > 120 else "loyal",
        )
        self.assertTrue(
            self.env["coop.indicator"].search_count(
                [("company_id", "=", self.coop_a.id)]
            )
        )

    def test_sms_segment_consent(self):
        """M-5, M-9: the segment SMS goes only to partners with SMS consent and a
        number."""
        Partner = self.env["res.partner"]
        yes = Partner.create(
            {
                "name": "Sms yes",
                "company_id": self.coop_a.id,
                "mobile": "0612345678",
                "coop_consent_sms": True,
            }
        )
        no = Partner.create(
            {"name": "Sms no", "company_id": self.coop_a.id, "mobile": "0612345679"}
        )
        no_number = Partner.create(
            {
                "name": "Sms no number",
                "company_id": self.coop_a.id,
                "coop_consent_sms": True,
            }
        )
        audience = (yes | no | no_number).with_user(self.user_a)
        action = audience.action_coop_sms_segment()
        self.assertEqual(action["res_model"], "sms.composer")
        composer = (
            self.env["sms.composer"]
            .with_user(self.user_a)
            .with_context(**action["context"])
            .create({"body": "Fresh argan oil this week"})
        )
        self.assertEqual(composer.composition_mode, "mass")
        composer.action_send_sms()
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("partner_id", "in", (yes | no | no_number).ids)])
        )
        self.assertEqual(sms.partner_id, yes)
        self.assertEqual(
            (sms.number, sms.body), ("+212612345678", "Fresh argan oil this week")
        )
        with self.assertRaises(UserError):
            (no | no_number).with_user(self.user_a).action_coop_sms_segment()
