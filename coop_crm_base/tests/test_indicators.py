import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.tests import tagged

from .sales_common import CoopSalesCase, D


@tagged("post_install", "-at_install")
class TestIndicators(CoopSalesCase):
    """M-8: 40 customers bought in Q1 2026, 30 of them again in Q2 with 5 new ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customers = cls.env["res.partner"].create(
            [
                {"name": f"Customer {i:02d}", "company_id": cls.coop_b.id}
                for i in range(45)
            ]
        )
        cls.old, cls.newcomers = customers[:40], customers[40:]
        specs = [(p, cls.coop_b, date(2026, 2, 10), 50.0) for p in cls.old]
        specs += [(p, cls.coop_b, date(2026, 5, 5), 100.0) for p in cls.old[:30]]
        specs += [(p, cls.coop_b, date(2026, 6, 20), 1000.0) for p in cls.newcomers]
        cls._orders(specs)

    def test_quarter_indicators(self):
        """M-8: retention = 30 / 40 = 75%, attrition 25%, active 35, new 5;
        Q2 revenue 30 x 100 + 5 x 1000 = 8000; class A (80% = 6400): customers with
        the same revenue take the class of their group's middle (issue #15: not of
        their ids): the 5 newcomers (middle 2000 < 6400) are A, the 30 customers of
        100 (middle 5000 + 2900 / 2 = 6450) are not, so A makes 5000 / 8000 = 62.5%
        of the revenue with 5 / 35 = 14.29% of customers."""
        Indicator = self.env["coop.indicator"]
        figures = Indicator._coop_compute_indicators(
            self.coop_b, "quarter", date(2026, 5, 1)
        )
        q2 = figures[self.coop_b.id]
        self.assertEqual(
            (q2["date_start"], q2["date_end"], q2["period_name"]),
            (date(2026, 4, 1), date(2026, 6, 30), "2026-Q2"),
        )
        self.assertEqual((q2["customers_previous"], q2["customers_retained"]), (40, 30))
        self.assertEqual((q2["retention_rate"], q2["attrition_rate"]), (75.0, 25.0))
        self.assertEqual((q2["active_customers"], q2["new_customers"]), (35, 5))
        self.assertEqual(q2["revenue"], 8000.0)
        self.assertEqual((q2["class_a_customers"], q2["class_a_revenue"]), (5, 5000.0))
        self.assertEqual(
            (q2["class_a_share"], q2["class_a_customer_share"]), (62.5, 14.29)
        )
        # Q1: no previous customer, 40 active and new, everyone equal
        q1 = Indicator._coop_compute_indicators(
            self.coop_b, "quarter", date(2026, 3, 31)
        )
        q1 = q1[self.coop_b.id]
        self.assertEqual(
            (
                q1["customers_previous"],
                q1["active_customers"],
                q1["new_customers"],
                q1["revenue"],
            ),
            (0, 40, 40, 2000.0),
        )
        # no previous customer: no retention rate, blank (False) rather than 0 %
        self.assertIs(q1["retention_rate"], False)
        self.assertIs(q1["attrition_rate"], False)
        # Q3: the 35 customers of Q2 are all lost
        q3 = Indicator._coop_compute_indicators(
            self.coop_b, "quarter", date(2026, 8, 1)
        )
        q3 = q3[self.coop_b.id]
        self.assertEqual(
            (
                q3["customers_previous"],
                q3["retention_rate"],
                q3["attrition_rate"],
                q3["active_customers"],
            ),
            (35, 0.0, 100.0, 0),
        )

    def test_month_and_year(self):
        """M-8: May 2026 vs April (no customer), June vs May: 0 of 30 retained;
        2026 vs 2025: no previous customer, 45 new customers."""
        Indicator = self.env["coop.indicator"]
        june = Indicator._coop_compute_indicators(
            self.coop_b, "month", date(2026, 6, 1)
        )
        self.assertEqual(
            (
                june[self.coop_b.id]["customers_previous"],
                june[self.coop_b.id]["attrition_rate"],
                june[self.coop_b.id]["active_customers"],
            ),
            (30, 100.0, 5),
        )
        year = Indicator._coop_compute_indicators(self.coop_b, "year", date(2026, 6, 1))
        self.assertEqual(
            (
                year[self.coop_b.id]["active_customers"],
                year[self.coop_b.id]["new_customers"],
                year[self.coop_b.id]["revenue"],
            ),
            (45, 45, 10000.0),
        )

    def test_refresh_and_access(self):
        """M-8, X-1: the job stores rows per cooperative and consolidated for the union;
        a cooperative's user reads only its own rows, the union manager all of them."""
        Indicator = self.env["coop.indicator"]
        Indicator._coop_refresh_indicators(self.coop_b, day=date(2026, 6, 15))
        rows = Indicator.search(
            [
                ("period_name", "=", "2026-Q2"),
                ("company_id", "in", (self.coop_b | self.union).ids),
            ]
        )
        self.assertEqual(len(rows), 2)
        union_row = rows.filtered("is_consolidated")
        self.assertEqual(union_row.company_id, self.union)
        self.assertEqual(
            (union_row.retention_rate, union_row.active_customers), (75.0, 35)
        )
        coop_row = rows - union_row
        self.assertEqual(
            (coop_row.retention_rate, coop_row.attrition_rate, coop_row.class_a_share),
            (75.0, 25.0, 62.5),
        )
        # 13 months, 8 quarters and 3 years for each of the two companies
        self.assertEqual(
            Indicator.search_count(
                [("company_id", "in", (self.coop_b | self.union).ids)]
            ),
            48,
        )
        self.assertFalse(
            Indicator.with_user(self.user_a).search(
                [("company_id", "in", (self.coop_b | self.union).ids)]
            )
        )
        self.assertEqual(
            Indicator.with_user(self.user_b).search([("period_name", "=", "2026-Q2")]),
            coop_row,
        )
        self.assertEqual(
            Indicator.with_user(self.union_manager).search([("id", "in", rows.ids)]),
            rows,
        )

    def test_xlsx_export(self):
        """M-8: the indicators export to XLSX (report_xlsx)."""
        rows = self.env["coop.indicator"]._coop_refresh_indicators(
            self.coop_b, day=date(2026, 6, 15), periods={"quarter": 2}
        )
        mine = rows.filtered(lambda r: r.company_id == self.coop_b)
        content, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_b)
            ._render_xlsx("coop_crm_base.report_coop_indicators_xlsx", mine.ids, {})
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(values), 3)
        table = {row[3]: dict(zip(values[0], row, strict=False)) for row in values[1:]}
        self.assertEqual(
            (
                table["2026-Q2"]["Retention (%)"],
                table["2026-Q2"]["Attrition (%)"],
                table["2026-Q2"]["Active customers"],
            ),
            (75.0, 25.0, 35),
        )
        self.assertEqual(table["2026-Q1"]["New customers"], 40)

    def test_dashboard(self):
        """M-8: the customer dashboard charts the indicators and segments."""
        dashboard = self.env.ref("coop_crm_base.spreadsheet_dashboard_coop_customers")
        self.env["coop.indicator"]._coop_refresh_indicators(
            self.coop_b, day=date(2026, 6, 15)
        )
        data = dashboard.with_user(self.user_b).get_readonly_dashboard()
        figures = data["snapshot"]["sheets"][0]["figures"]
        models = {figure["data"]["metaData"]["resModel"] for figure in figures}
        self.assertEqual(
            models, {"coop.indicator", "coop.indicator.channel", "res.partner"}
        )
        measures = {figure["data"]["metaData"]["measure"] for figure in figures}
        for measure in measures - {"__count"}:
            model = "res.partner" if measure.startswith("coop_") else "coop.indicator"
            self.assertIn(measure, self.env[model]._fields)
        self.assertIn(
            self.env.ref("coop_crm_base.menu_coop_dashboard"),
            self.env["ir.ui.menu"]
            .with_user(self.user_b)
            .search(
                [("id", "=", self.env.ref("coop_crm_base.menu_coop_dashboard").id)]
            ),
        )

    # -------------------------------------------------------------- union totals, rates
    def _coop_a_orders(self):
        """Coop A: a1 and a2 buy in Q1 2026 (100 each), a1 again and a3 in Q2 (200,
        400): Q2 retention 1 / 2 = 50 %, 2 active customers, 1 new, revenue 600."""
        a1, a2, a3 = self.env["res.partner"].create(
            [{"name": f"Client A{i}", "company_id": self.coop_a.id} for i in (1, 2, 3)]
        )
        self._orders(
            [
                (a1, self.coop_a, date(2026, 2, 10), 100.0),
                (a2, self.coop_a, date(2026, 2, 11), 100.0),
                (a1, self.coop_a, date(2026, 5, 5), 200.0),
                (a3, self.coop_a, date(2026, 5, 6), 400.0),
            ]
        )
        return self.env["coop.indicator"]._coop_refresh_indicators(
            self.coop_a | self.coop_b, day=date(2026, 6, 15), periods={"quarter": 2}
        )

    def test_union_totals_are_its_branches(self):
        """M-8, issue #21: the totals of a pivot showing the union's consolidated row
        and its cooperatives' rows are those of the cooperatives (the union's row is not
        added to them); the union's row alone gives its own figures. Q2 2026: coop B 35
        active customers and 8000, coop A 2 and 600: 37 and 8600 (not 74 and 17200)."""
        self._coop_a_orders()
        Indicator = self.env["coop.indicator"].with_user(self.union_manager)
        q2 = [("period_name", "=", "2026-Q2")]
        self.assertEqual(len(Indicator.search(q2)), 3)
        [total] = Indicator.read_group(
            q2, ["active_customers", "revenue", "new_customers"], []
        )
        self.assertEqual(
            (total["active_customers"], total["revenue"], total["new_customers"]),
            (37, 8600.0, 6),
        )
        by_company = {
            group["company_id"][0]: (group["active_customers"], group["revenue"])
            for group in Indicator.read_group(
                q2, ["active_customers", "revenue"], ["company_id"]
            )
        }
        self.assertEqual(
            by_company,
            {
                self.coop_a.id: (2, 600.0),
                self.coop_b.id: (35, 8000.0),
                self.union.id: (37, 8600.0),
            },
        )
        [union] = Indicator.read_group(
            q2 + [("is_consolidated", "=", True)], ["active_customers", "revenue"], []
        )
        self.assertEqual((union["active_customers"], union["revenue"]), (37, 8600.0))
        # the screens open on the cooperatives' rows; the union's row on demand
        action = self.env.ref("coop_crm_base.action_coop_indicator")
        self.assertIn("'search_default_branches': 1", action.context)

    def test_rates_of_totals_are_recomputed(self):
        """M-8, issues #15 and #21: a rate in a pivot's total is recomputed from the
        summed numerators and denominators, neither summed nor averaged: Q2 2026
        retention of coops A and B together is (1 + 30) / (2 + 40) = 73.81 % (not 125
        nor 62.5); attrition 11 / 42 = 26.19 %; class A share of revenue (class A
        revenue of A and B) / 8600."""
        rows = self._coop_a_orders()
        q2 = rows.filtered(
            lambda r: r.period_name == "2026-Q2" and not r.is_consolidated
        )
        self.assertEqual(sorted(q2.mapped("retention_rate")), [50.0, 75.0])
        Indicator = self.env["coop.indicator"].with_user(self.union_manager)
        domain = [("period_name", "=", "2026-Q2")]
        rates = [
            "retention_rate",
            "attrition_rate",
            "class_a_share",
            "class_a_customer_share",
        ]
        [total] = Indicator.read_group(domain, rates, [])
        self.assertEqual(
            (total["retention_rate"], total["attrition_rate"]), (73.81, 26.19)
        )
        class_a_revenue = sum(q2.mapped("class_a_revenue"))
        self.assertEqual(
            total["class_a_share"], round(100.0 * class_a_revenue / 8600.0, 2)
        )
        self.assertEqual(
            total["class_a_customer_share"],
            round(100.0 * sum(q2.mapped("class_a_customers")) / 37, 2),
        )
        # the same through the ORM's grouping, whatever aggregate is asked for
        [(retention_avg, retention_sum)] = Indicator._read_group(
            domain, [], ["retention_rate:avg", "retention_rate:sum"]
        )
        self.assertEqual((retention_avg, retention_sum), (73.81, 73.81))
        # per period: Q1 has no previous customer anywhere: blank, not 0 %
        groups = Indicator.read_group(
            [("period_type", "=", "quarter"), ("is_consolidated", "=", False)],
            ["retention_rate"],
            ["period_name"],
        )
        retention = {g["period_name"]: g["retention_rate"] for g in groups}
        self.assertIs(retention["2026-Q1"], False)
        self.assertEqual(retention["2026-Q2"], 73.81)

    def test_period_names_in_the_users_language(self):
        """M-8, issue #21: a quarter is named in the reader's language, with no Latin
        capital in Arabic (2026-Q2, 2026-T2, 2026 - الربع 2), in the indicators and
        the channel figures alike; it is searched and grouped in that language, and the
        periods keep their order."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["res.lang"]._activate_lang("ar_001")
        Indicator = self.env["coop.indicator"]
        rows = Indicator._coop_refresh_indicators(
            self.coop_b, day=date(2026, 6, 15), periods={"quarter": 2, "month": 1}
        )
        channels = self.env["coop.indicator.channel"].search(
            [("company_id", "=", self.coop_b.id)]
        )
        self.env.invalidate_all()
        expected = {
            "en_US": ["2026-Q2", "2026-Q1"],
            "fr_FR": ["2026-T2", "2026-T1"],
            "ar_001": ["2026 - الربع 2", "2026 - الربع 1"],
        }
        for lang, names in expected.items():
            for model_rows in (rows, channels):
                quarters = model_rows.with_context(lang=lang).filtered(
                    lambda r: r.period_type == "quarter" and r.company_id == self.coop_b
                )
                self.assertEqual(
                    sorted(set(quarters.mapped("period_name")), reverse=True),
                    names,
                    (lang, model_rows._name),
                )
            # a month or a year reads the same in every language
            month = rows.with_context(lang=lang).filtered(
                lambda r: r.period_type == "month"
            )
            self.assertEqual(set(month.mapped("period_name")), {"2026-06"})
            groups = Indicator.with_context(lang=lang)._read_group(
                [("period_type", "=", "quarter"), ("company_id", "=", self.coop_b.id)],
                ["period_name"],
                ["revenue:sum"],
            )
            self.assertEqual(
                [(name, revenue) for name, revenue in groups],
                [(names[1], 2000.0), (names[0], 8000.0)],
                lang,
            )
            self.assertEqual(
                Indicator.with_context(lang=lang).search_count(
                    [
                        ("period_name", "=", names[0]),
                        ("company_id", "=", self.coop_b.id),
                    ]
                ),
                1,
            )

    def test_period_without_data_is_blank(self):
        """M-8, issue #21: a period without sales nor answers has blank rates (NULL in
        the table, False when read), not 0 %; its counts and revenue are 0."""
        Indicator = self.env["coop.indicator"]
        rows = Indicator._coop_refresh_indicators(
            self.coop_a | self.coop_b, day=date(2026, 6, 15), periods={"quarter": 2}
        )
        rates = [
            "retention_rate",
            "attrition_rate",
            "class_a_share",
            "class_a_customer_share",
            "csat",
            "nps",
        ]
        empty = rows.filtered(
            lambda r: r.company_id == self.coop_a and r.period_name == "2026-Q2"
        )
        self.env.invalidate_all()
        # (False, not 0.0, which would compare equal to False)
        self.assertEqual([empty[fname] is False for fname in rates], [True] * 6)
        self.assertEqual((empty.active_customers, empty.revenue), (0, 0.0))
        self.env.cr.execute(
            "SELECT retention_rate, class_a_share, csat, nps FROM coop_indicator"
            " WHERE id = %s",
            [empty.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None, None, None))
        # coop B's Q1: customers, but none in the previous quarter: retention blank only
        q1 = rows.filtered(
            lambda r: r.company_id == self.coop_b and r.period_name == "2026-Q1"
        )
        self.assertIs(q1.retention_rate, False)
        self.assertIs(q1.attrition_rate, False)
        # its 40 customers bought 50 each: one group, all in class A (issue #15)
        self.assertEqual(q1.class_a_share, 100.0)
        [data] = q1.read(["retention_rate", "class_a_share"])
        self.assertIs(data["retention_rate"], False)
        self.assertEqual(data["class_a_share"], 100.0)


@tagged("post_install", "-at_install")
class TestIndicatorsFromLedger(CoopSalesCase):
    """M-8, issue #15: the indicators read the purchase ledger, as the customer
    statistics do. Coop A, 2026: Xavier's order of 300 (May 10) and its invoice (May 20)
    are one purchase, a credit note of 100 on June 10; Yasmine's invoice without order
    of 250 (April 15); Zineb's order of 200 (February 10) and a credit note of 50 in Q2
    (May 5); a business bought 120 through its contact's invoice (June 1) and 80 by an
    order (June 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._coop_load_books()
        cls.xavier = cls._customer("Xavier", cls.coop_a)
        cls.yasmine = cls._customer("Yasmine", cls.coop_a)
        cls.zineb = cls._customer("Zineb", cls.coop_a)
        cls.business = cls._customer("Souss Oils SARL", cls.coop_a, is_company=True)
        cls.contact = cls._customer("Buyer", cls.coop_a, parent_id=cls.business.id)
        order = cls._orders(
            [
                (cls.xavier, cls.coop_a, date(2026, 5, 10), 300.0),
                (cls.zineb, cls.coop_a, date(2026, 2, 10), 200.0),
                (cls.business, cls.coop_a, date(2026, 6, 2), 80.0),
            ]
        )[0]
        order.order_line.qty_delivered = 1.0
        invoice = order._create_invoices()
        invoice.invoice_date = date(2026, 5, 20)
        invoice.action_post()
        cls._invoice(cls.xavier, 100.0, date(2026, 6, 10), refund=True)
        cls._invoice(cls.yasmine, 250.0, date(2026, 4, 15))
        cls._invoice(cls.zineb, 50.0, date(2026, 5, 5), refund=True)
        cls._invoice(cls.contact, 120.0, date(2026, 6, 1))

    @classmethod
    def _invoice(cls, partner, amount, day, refund=False):
        move = (
            cls.env["account.move"]
            .with_company(cls.coop_a)
            .create(
                {
                    "move_type": "out_refund" if refund else "out_invoice",
                    "partner_id": partner.id,
                    "company_id": cls.coop_a.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1.0,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def test_quarter_from_ledger(self):
        """M-8, issue #15: Q2 2026: the order and its invoice count once (300), the
        invoice without order counts (250), the credit notes lower the revenue (also
        Zineb's, who bought nothing in Q2), the business is one customer: revenue
        300 + 250 - 100 - 50 + 120 + 80 = 600; active and new customers Xavier, Yasmine
        and the business (3); Zineb is the one customer of Q1, not retained (a credit
        note is no purchase)."""
        Indicator = self.env["coop.indicator"]
        q2 = Indicator._coop_compute_indicators(
            self.coop_a, "quarter", date(2026, 5, 1)
        )[self.coop_a.id]
        self.assertEqual(q2["revenue"], 600.0)
        self.assertEqual((q2["active_customers"], q2["new_customers"]), (3, 3))
        self.assertEqual((q2["customers_previous"], q2["customers_retained"]), (1, 0))
        self.assertEqual((q2["retention_rate"], q2["attrition_rate"]), (0.0, 100.0))
        # June: Xavier's credit note makes him no customer of the month
        june = Indicator._coop_compute_indicators(
            self.coop_a, "month", date(2026, 6, 1)
        )[self.coop_a.id]
        self.assertEqual(
            (
                june["revenue"],
                june["active_customers"],
                june["new_customers"],
                june["customers_previous"],
            ),
            (100.0, 1, 1, 1),
        )
        # the ledger itself holds the same revenue for the quarter
        Purchase = self.env["coop.purchase"]
        [ledger] = Purchase._read_group(
            [
                ("company_id", "=", self.coop_a.id),
                ("date", ">=", date(2026, 4, 1)),
                ("date", "<=", date(2026, 6, 30)),
            ],
            [],
            ["amount:sum"],
        )
        self.assertEqual(ledger[0], 600.0)

    def test_same_figures_as_customer_statistics(self):
        """M-8, M-4, issue #15: the year 2026 in the indicators and the customer
        statistics of June 30, 2026 (12 months) read the same ledger rows: 4 customers
        with 5 purchases, 300 - 100 + 250 + 200 - 50 + 120 + 80 = 800 of revenue; the
        union's consolidated figures are those of its branch."""
        Indicator = self.env["coop.indicator"]
        figures = Indicator._coop_compute_indicators(
            self.union | self.coop_a, "year", date(2026, 6, 30)
        )
        year = figures[self.coop_a.id]
        self.assertEqual(
            (year["revenue"], year["active_customers"], year["new_customers"]),
            (800.0, 4, 4),
        )
        union = figures[self.union.id]
        self.assertEqual((union["revenue"], union["active_customers"]), (800.0, 4))
        self.env["res.partner"]._coop_recompute_customer_stats(self.coop_a, D)
        customers = self.xavier | self.yasmine | self.zineb | self.business
        self.assertEqual(
            [(p.coop_order_count_12m, p.coop_amount_12m) for p in customers],
            [(1, 200.0), (1, 250.0), (1, 150.0), (2, 200.0)],
        )
        self.assertEqual(sum(customers.mapped("coop_amount_12m")), year["revenue"])
        self.assertEqual(
            len(customers.filtered("coop_order_count_12m")), year["active_customers"]
        )
        self.assertFalse(self.contact.coop_order_count_12m)


@tagged("post_install", "-at_install")
class TestIndicatorChannels(CoopSalesCase):
    """M-8, issue #15: revenue, customers and new customers per sales channel.

    Coop B: c1 bought at the shop in Q1 2026, at the souk in Q2 (200); c2 bought for the
    first time at a fair on 2 May (300), then at the shop on 3 May (50). Coop A: a1
    bought for the first time at the shop in Q2 (400)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        c1 = cls._customer("Customer c1", cls.coop_b)
        c2 = cls._customer("Customer c2", cls.coop_b)
        a1 = cls._customer("Client a1", cls.coop_a)
        orders = cls._orders(
            [
                (c1, cls.coop_b, date(2026, 2, 10), 100.0),
                (c1, cls.coop_b, date(2026, 5, 5), 200.0),
                (c2, cls.coop_b, date(2026, 5, 2), 300.0),
                (c2, cls.coop_b, date(2026, 5, 3), 50.0),
                (a1, cls.coop_a, date(2026, 5, 6), 400.0),
            ]
        )
        for order, channel in zip(
            orders, ["shop", "souk", "fair", "shop", "shop"], strict=False
        ):
            order.coop_sales_channel = channel
        cls.env["coop.indicator"]._coop_refresh_indicators(
            cls.coop_a | cls.coop_b, day=date(2026, 6, 15), periods={"quarter": 2}
        )

    def _figures(self, user, domain):
        Channel = self.env["coop.indicator.channel"].with_user(user)
        return {
            group["coop_sales_channel"]: (
                group["active_customers"],
                group["new_customers"],
                group["revenue"],
            )
            for group in Channel.read_group(
                [("period_name", "=", "2026-Q2"), *domain],
                ["active_customers", "new_customers", "revenue"],
                ["coop_sales_channel"],
            )
        }

    def test_channel_figures(self):
        """M-8, issue #15: Q2 2026 of coop B per channel: souk 1 customer, none new,
        200; fair 1 customer, new (c2's first purchase), 300; shop 1 customer (c2), not
        new there, 50. The new customers of the channels add up to the period's."""
        self.assertEqual(
            self._figures(self.user_b, []),
            {
                "souk": (1, 0, 200.0),
                "fair": (1, 1, 300.0),
                "shop": (1, 0, 50.0),
            },
        )
        [indicator] = self.env["coop.indicator"].search(
            [("company_id", "=", self.coop_b.id), ("period_name", "=", "2026-Q2")]
        )
        self.assertEqual((indicator.new_customers, indicator.revenue), (1, 550.0))
        q1 = self.env["coop.indicator.channel"].search(
            [("company_id", "=", self.coop_b.id), ("period_name", "=", "2026-Q1")]
        )
        self.assertEqual(
            [
                (r.coop_sales_channel, r.active_customers, r.new_customers, r.revenue)
                for r in q1
            ],
            [("shop", 1, 1, 100.0)],
        )

    def test_union_and_access(self):
        """M-8, X-1, issue #15: the union manager's totals per channel are those of the
        cooperatives (the union's consolidated rows are not added to them): shop = c2's
        50 + a1's 400, 2 customers, 1 new; the union's own rows give the same. A
        cooperative's user reads only their cooperative's rows."""
        branches = self._figures(self.union_manager, [])
        self.assertEqual(branches["shop"], (2, 1, 450.0))
        self.assertEqual(
            self._figures(self.union_manager, [("is_consolidated", "=", True)]),
            branches,
        )
        self.assertEqual(self._figures(self.user_a, []), {"shop": (1, 1, 400.0)})
        self.assertEqual(
            self.env["coop.indicator.channel"]
            .with_user(self.user_a)
            .search([])
            .company_id,
            self.coop_a,
        )

    def test_dashboard_charts_channels(self):
        """M-8, issue #15: the customer dashboard charts revenue and new customers per
        sales channel."""
        dashboard = self.env.ref("coop_crm_base.spreadsheet_dashboard_coop_customers")
        data = dashboard.with_user(self.user_b).get_readonly_dashboard()
        charts = {
            figure["data"]["metaData"]["measure"]
            for figure in data["snapshot"]["sheets"][0]["figures"]
            if figure["data"]["metaData"]["resModel"] == "coop.indicator.channel"
        }
        self.assertEqual(charts, {"revenue", "new_customers"})
