import io
from datetime import date, datetime, time, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import date_utils

from .common import ClaimsCase

INDICATORS = ("claim_rate", "loss_rate", "in_time_share", "mean_resolution_days")


@tagged("post_install", "-at_install")
class TestClaimIndicatorRows(ClaimsCase):
    """C-4, R-4, issue #17: the claim indicators stored per cooperative and period by
    the nightly job (``coop.claim.indicator``), beside the customer indicators."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Argan oil 1 l", "list_price": 400.0, "taxes_id": [(6, 0, [])]}
        )
        cls.today = fields.Date.context_today(cls.Claim)
        cls.last_month = date_utils.start_of(
            cls.today - relativedelta(months=1), "month"
        )
        cls.Row = cls.env["coop.claim.indicator"]

    @classmethod
    def _orders(cls, company, partner, count, when):
        orders = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [
                            (0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})
                        ],
                    }
                    for _i in range(count)
                ]
            )
        )
        orders.action_confirm()
        orders.write({"date_order": when})
        return orders

    @classmethod
    def _closed(cls, claim, closed):
        claim.write({"claim_type": "good_faith", "category_id": cls.category.id})
        claim.action_register()
        claim.action_resolve()
        claim.write({"closing_condition": "satisfied", "answer": "<p>ok</p>"})
        claim.action_close()
        claim.date_closed = closed
        return claim

    def _last_month_data(self):
        """Last month: coop A 5 orders of 400, 2 claims (one closed the next day, one
        costing 100); coop B 2 orders, 1 claim."""
        first = datetime.combine(self.last_month, time(8, 0))
        self._orders(self.coop_a, self.partner_a, 5, first + timedelta(days=3))
        self._orders(self.coop_b, self.partner_b, 2, first + timedelta(days=3))
        closed = self._closed(
            self._claim(date_received=first), first + timedelta(days=1)
        )
        costly = self._claim(date_received=first + timedelta(hours=1))
        self.env["coop.claim.compensation"].create(
            {
                "claim_id": costly.id,
                "compensation_type": "exchange",
                "name": "Replacement",
                "cost": 100.0,
            }
        )
        self._claim(partner=self.partner_b, company=self.coop_b, date_received=first)
        return closed | costly

    def _row(self, company, start, period_type="month"):
        return self.Row.search(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", period_type),
                ("date_start", "=", start),
            ]
        )

    def _refresh(self, day=None, periods=None):
        self.env["coop.indicator"]._coop_refresh_indicators(
            self.coop_a | self.coop_b, day, periods or {"month": 2, "quarter": 1}
        )

    def test_stored_rows_equal_on_demand(self):
        """C-4, issue #17: the stored row of a month holds the figures computed on
        demand (``_coop_indicators``) for each cooperative and for the union
        (consolidated), with their numerators and denominators."""
        self._last_month_data()
        self._refresh()
        stop = date_utils.end_of(self.last_month, "month")
        for company in (self.coop_a, self.coop_b, self.union):
            row = self._row(company, self.last_month)
            self.assertEqual(len(row), 1, company.name)
            self.assertEqual(row.is_consolidated, company == self.union)
            expected = self.Claim._coop_indicators(company, self.last_month, stop)
            self.assertEqual(
                {fname: row[fname] for fname in INDICATORS}, expected, company.name
            )
        row = self._row(self.coop_a, self.last_month)
        self.assertEqual(row.claims_received, 2)
        self.assertEqual((row.rate_claims, row.rate_transactions), (2, 5.0))
        self.assertEqual(row.claim_rate, 40.0)
        self.assertEqual((row.claim_cost, row.revenue), (100.0, 2000.0))
        self.assertEqual(row.loss_rate, 5.0)
        self.assertEqual(row.claims_closed, 1)
        self.assertEqual(row.claim_rate_basis, "orders")
        self.assertTrue(row.period_name)
        # a month without claims nor orders: blank rates, not 0 %
        empty = self._row(self.coop_b, date_utils.start_of(self.today, "month"))
        self.assertIs(empty.claim_rate, False)
        self.assertIs(empty.mean_resolution_days, False)

    def test_xlsx_export(self):
        """C-4, R-4, issue #17: the claim indicators export to XLSX as the
        cooperative's user reads them (report_xlsx): the claim rate and loss rate of
        coop A's last month; a rate without base is blank, not 0."""
        self._last_month_data()
        self._refresh()
        rows = self.env["coop.claim.indicator"].with_user(self.user_a).search([])
        content, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_a)
            ._render_xlsx("coop_claims.report_coop_claim_indicators_xlsx", rows.ids, {})
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = list(sheet.iter_rows(values_only=True))
        header = values[0]
        table = [dict(zip(header, row, strict=False)) for row in values[1:]]
        self.assertEqual({row["Cooperative"] for row in table}, {"Coop A"})
        month = self._row(self.coop_a, self.last_month)
        [line] = [row for row in table if row["Period"] == month.period_name]
        self.assertEqual((line["Claim rate (%)"], line["Loss rate (%)"]), (40.0, 5.0))
        empty = self._row(self.coop_a, date_utils.start_of(self.today, "month"))
        if not empty.claims_received:
            [blank] = [row for row in table if row["Period"] == empty.period_name]
            self.assertIsNone(blank["Claim rate (%)"])

    def test_past_month_unchanged_by_new_claim(self):
        """C-4, issue #17: the claim indicators of a past month do not change when a
        claim of this month is created (and the job runs again)."""
        self._last_month_data()
        self._refresh()
        fnames = [
            "claims_received",
            "rate_claims",
            "rate_transactions",
            "claim_cost",
            "revenue",
            "claims_due",
            "claims_in_time",
            "claims_closed",
            "resolution_days_total",
            *INDICATORS,
        ]
        before = self._row(self.coop_a, self.last_month).read(fnames)[0]
        this_month = date_utils.start_of(self.today, "month")
        received_now = self._row(self.coop_a, this_month).claims_received
        self._claim(date_received=fields.Datetime.now())
        self._refresh()
        after = self._row(self.coop_a, self.last_month).read(fnames)[0]
        before.pop("id"), after.pop("id")
        self.assertEqual(after, before)
        self.assertEqual(
            self._row(self.coop_a, this_month).claims_received, received_now + 1
        )

    def test_totals_recompute_rates(self):
        """C-4, issue #17: the total of a pivot over two cooperatives recomputes each
        rate from the summed numerators and denominators (3 claims / 7 orders, not the
        mean of 40 % and 50 %) and never adds the union's consolidated row."""
        self._last_month_data()
        self._refresh()
        domain = [
            ("company_id", "in", (self.union | self.coop_a | self.coop_b).ids),
            ("period_type", "=", "month"),
            ("date_start", "=", self.last_month),
        ]
        aggregates = [
            "claims_received:sum",
            "rate_transactions:sum",
            "claim_cost:sum",
            "claim_rate:avg",
            "loss_rate:avg",
            "mean_resolution_days:avg",
        ]
        [total] = self.Row._read_group(domain, [], aggregates)
        self.assertEqual(total[0], 3)  # not 6 with the union's row
        self.assertEqual(total[1], 7.0)
        self.assertEqual(total[2], 100.0)
        self.assertAlmostEqual(float(total[3]), 42.86)
        self.assertAlmostEqual(float(total[4]), round(100 * 100.0 / 2800, 2))
        # only coop A has a closed claim: its mean is the total's
        row_a = self._row(self.coop_a, self.last_month)
        self.assertAlmostEqual(
            float(total[5]), row_a.resolution_days_total / row_a.claims_closed
        )
        # the union's row alone (consolidated) gives the same figures
        [union] = self.Row._read_group(
            [*domain, ("is_consolidated", "=", True)], [], aggregates
        )
        self.assertEqual(union[0], 3)
        self.assertAlmostEqual(float(union[3]), 42.86)
        # grouped per cooperative, each group is its row: the figures side by side
        groups = dict(
            self.Row._read_group(
                [*domain, ("is_consolidated", "=", False)],
                ["company_id"],
                ["claim_rate:avg"],
            )
        )
        self.assertEqual(float(groups[self.coop_a]), 40.0)
        self.assertEqual(float(groups[self.coop_b]), 50.0)

    def test_mean_resolution_in_working_days(self):
        """C-1, C-4, issue #17: the resolution time counts working days on the
        cooperative's calendar, as the deadline does: the working days after the day of
        reception up to the day of closure. Received Friday 9 January 2026, closed
        Monday 12: 1 day; received Monday 12, closed Thursday 15 (Wednesday 14 is a
        public holiday): 2 days; mean 1.5, stored and on demand."""
        self._closed(
            self._claim(date_received=datetime(2026, 1, 9, 10, 0)),
            datetime(2026, 1, 12, 9, 0),
        )
        self._closed(
            self._claim(date_received=datetime(2026, 1, 12, 10, 0)),
            datetime(2026, 1, 15, 16, 0),
        )
        start, stop = date(2026, 1, 1), date(2026, 1, 31)
        self.assertEqual(
            self.Claim._coop_mean_resolution_days(self.coop_a, start, stop), 1.5
        )
        self._refresh(day=date(2026, 1, 31), periods={"month": 1})
        row = self._row(self.coop_a, start)
        self.assertEqual((row.resolution_days_total, row.claims_closed), (3.0, 2))
        self.assertEqual(row.mean_resolution_days, 1.5)

    def test_rows_read_per_cooperative(self):
        """C-4, X-1, issue #17: a cooperative's user reads only their cooperative's
        rows; the union manager reads the union's and its branches' rows."""
        self._last_month_data()
        self._refresh()
        self.assertEqual(
            self.Row.with_user(self.user_a).search([]).company_id, self.coop_a
        )
        self.assertEqual(
            self.Row.with_user(self.user_b).search([]).company_id, self.coop_b
        )
        self.assertEqual(
            self.Row.with_user(self.union_manager).search([]).company_id,
            self.union | self.coop_a | self.coop_b,
        )
        # read only: the job writes the rows
        self.assertFalse(self.Row.with_user(self.union_manager).has_access("write"))
        self.assertFalse(self.Row.with_user(self.user_a).has_access("create"))

    def test_dashboard_charts_claim_indicators(self):
        """C-4, issue #17: the claims dashboard, beside the customers' one, charts the
        four stored claim indicators for a claims user."""
        dashboard = self.env.ref("coop_claims.spreadsheet_dashboard_coop_claims")
        self.assertEqual(
            dashboard.dashboard_group_id,
            self.env.ref("coop_crm_base.spreadsheet_dashboard_group_coop"),
        )
        data = dashboard.with_user(self.user_b).get_readonly_dashboard()
        figures = data["snapshot"]["sheets"][0]["figures"]
        self.assertEqual(
            {figure["data"]["metaData"]["resModel"] for figure in figures},
            {"coop.claim.indicator"},
        )
        self.assertEqual(
            {figure["data"]["metaData"]["measure"] for figure in figures},
            set(INDICATORS),
        )
