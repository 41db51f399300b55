from datetime import datetime

from odoo.tests import tagged

from .common import ClaimsCase

# the report's columns read from the claim as they are
SAME_AS_CLAIM = [
    "name",
    "date_received",
    "date_closed",
    "company_id",
    "partner_id",
    "user_id",
    "team_id",
    "phase",
    "channel",
    "claim_type",
    "severity",
    "category_id",
    "product_id",
    "region_id",
    "city",
]


@tagged("post_install", "-at_install")
class TestClaimReport(ClaimsCase):
    """C-3, C-4 (issue #15): the claims analysis is a query on the claims
    (``_table_query`` with ``_depends``), no SQL view: what was written in the
    transaction and not yet flushed to the database is in the report."""

    def test_unflushed_writes_in_report(self):
        """C-3, C-4 (issue #15): a claim written in the same transaction, without a
        flush, shows in the analysis with its new values: its channel, its cost (a
        stored compute still pending) and its closing; a view without ``_depends``
        reads the old rows."""
        claim = self._claim(category_id=self.category.id)
        self.env.flush_all()
        claim.channel = "whatsapp"
        self.env["coop.claim.compensation"].create(
            {
                "claim_id": claim.id,
                "compensation_type": "exchange",
                "name": "Replacement",
                "cost": 120.0,
            }
        )
        # as the closing action and the deadline job write them
        claim._coop_with_transition().write(
            {"date_closed": datetime(2026, 1, 12, 10, 0), "is_overdue": True}
        )
        Report = self.env["coop.claim.report"].with_user(self.user_a)
        groups = Report.read_group(
            [("claim_id", "=", claim.id)],
            [
                "claim_count:sum",
                "total_cost:sum",
                "overdue_count:sum",
                "resolution_days:avg",
            ],
            ["channel"],
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["channel"], "whatsapp")
        self.assertEqual(groups[0]["claim_count"], 1)
        self.assertEqual(groups[0]["total_cost"], 120.0)
        self.assertEqual(groups[0]["overdue_count"], 1)
        self.assertEqual(groups[0]["resolution_days"], 3.0)

    def test_rows_match_claims(self):
        """C-3 (issue #15): one row per claim, with the claim's values, its
        cooperative's currency and the counters (claims, in time, overdue); the
        resolution time only for a closed claim; a coop B user sees only coop B's
        rows."""
        region = self.env["coop.region"].search([], limit=1)
        self.assertTrue(region, "the regions of Morocco are data of coop_crm_base")
        product = self.env["product.product"].create({"name": "Argan oil 1 l"})
        open_claim = self._claim(
            category_id=self.category.id,
            claim_type="good_faith",
            severity="high",
            product_id=product.id,
            region_id=region.id,
            city="Agadir",
            user_id=self.user_a.id,
        )
        closed_claim = self._claim(channel="email")
        closed_claim._coop_with_transition().write(
            {"date_closed": datetime(2026, 1, 10, 10, 0)}
        )
        claim_b = self._claim(partner=self.partner_b, company=self.coop_b)
        claims = open_claim | closed_claim | claim_b
        rows = self.env["coop.claim.report"].search([("claim_id", "in", claims.ids)])
        self.assertEqual(rows.claim_id, claims)
        self.assertEqual(len(rows), 3)
        for row in rows:
            claim = row.claim_id
            self.assertEqual(row.id, claim.id)
            for fname in SAME_AS_CLAIM:
                self.assertEqual(row[fname], claim[fname], fname)
            self.assertEqual(row.currency_id, claim.company_id.currency_id)
            self.assertEqual(row.claim_count, 1)
            self.assertEqual(row.total_cost, 0.0)
            self.assertEqual(row.in_time_count, int(claim.answered_in_time))
            self.assertEqual(row.overdue_count, 0)
        open_row = rows.filtered(lambda r: r.claim_id == open_claim)
        self.assertEqual(open_row.city, "Agadir")
        self.assertFalse(open_row.resolution_days)
        closed_row = rows.filtered(lambda r: r.claim_id == closed_claim)
        self.assertEqual(closed_row.resolution_days, closed_claim.resolution_days)
        self.assertTrue(closed_row.resolution_days)
        # the report's record rule
        self.assertEqual(
            self.env["coop.claim.report"]
            .with_user(self.user_b)
            .search([("claim_id", "in", claims.ids)])
            .claim_id,
            claim_b,
        )
