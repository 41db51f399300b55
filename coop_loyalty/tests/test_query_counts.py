from odoo.fields import Command
from odoo.tests import tagged

from .common import CoopLoyaltyCase


@tagged("post_install", "-at_install", "is_query_count")
class TestLoyaltyQueryCount(CoopLoyaltyCase):
    """X-5: the card work done when an order is confirmed (points with the tier's
    multiplier, tier update, conversion check, referral check) costs a number of queries
    that does not grow with the number of order lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write(
            {
                "coop_conversion_points": 100000.0,
                "coop_conversion_program_id": cls.voucher_program.id,
                "coop_conversion_amount": 100.0,
                # no tier change in this test: its tracking message would add queries
                "coop_silver_threshold": 100000.0,
                "coop_gold_threshold": 200000.0,
            }
        )
        # services: the stock moves of goods (sale_stock, when the point of sale or
        # another addon installs stock) grow with the lines and are not the cards' work
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": f"Product {index}",
                    "list_price": 10.0 + index,
                    "type": "service",
                    "taxes_id": [Command.clear()],
                }
                for index in range(20)
            ]
        )
        cls.cardless = cls.env["res.partner"].create(
            {
                "name": "Customer without card",
                "company_id": cls.company.id,
            }
        )

    def _quotation(self, count, partner=None):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                    for product in self.products[:count]
                ],
            }
        )

    def _confirm(self, order):
        """The number of queries of the order's confirmation, caches emptied."""
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        order.action_confirm()
        return self.env.cr.sql_log_count - before

    def test_confirm_with_card_query_count(self):
        """X-5, L-2, L-4, L-5: confirming an order of 2 or of 20 lines for a customer
        with a card takes the same number of queries, at most CARD_QUERIES more than the
        same order confirmed for a customer without a card (whatever else is
        installed)."""
        # warm-up: the customers' first orders, the caches of both sizes
        for partner in (self.customer, self.cardless):
            self._confirm(self._quotation(2, partner))
            self._confirm(self._quotation(20, partner))
        # the card has points: Odoo applies it to the next orders (same queries for
        # both)
        self._adjust(self.card, points=10.0)
        small, big = self._quotation(2), self._quotation(20)
        plain_small, plain_big = (
            self._quotation(2, self.cardless),
            self._quotation(20, self.cardless),
        )
        counts = {
            "small": self._confirm(small),
            "big": self._confirm(big),
            "plain small": self._confirm(plain_small),
            "plain big": self._confirm(plain_big),
        }
        self.assertEqual(counts["small"], counts["big"], counts)
        self.assertLessEqual(
            counts["small"] - counts["plain small"], CARD_QUERIES, counts
        )
        self.assertLessEqual(counts["big"] - counts["plain big"], CARD_QUERIES, counts)
        self.assertEqual((small.state, big.state), ("sale", "sale"))
        # 1 point per MAD, bronze: 2 x (10 + 11) and 2 x (10 + ... + 29)
        self.assertEqual(small.coupon_point_ids.points, 42.0)
        self.assertEqual(big.coupon_point_ids.points, 780.0)
        self.assertEqual(self.card.points, 10.0 + 42.0 + 780.0)
        self.assertEqual(self.card.coop_spend_12m, 42.0 + 780.0 + 42.0 + 780.0)
        self.assertEqual(self.card.coop_tier, "bronze")


# queries that a customer's card adds to an order's confirmation, whatever its lines
CARD_QUERIES = 12


@tagged("post_install", "-at_install", "is_query_count")
class TestRistourneComputeSql(CoopLoyaltyCase):
    """X-5, L-7: the ristourne of every member is computed by one INSERT ... SELECT,
    with the figures of the Python computation, in a number of queries that does not
    grow with the number of members."""

    # purchases of the period (untaxed, net of credit notes) of each member
    BASES = [
        500.50,
        2000.20,
        499.99,
        3333.33,
        1999.99,
        12345.67,
        2000.00,
        500.00,
        10.10,
        777.77,
        4000.02,
        1500.50,
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["product.product"].browse(cls.product.id).list_price = 1.0
        cls.members = cls.env["res.partner"].create(
            [
                {"name": f"Member {index}", "company_id": cls.company.id}
                for index in range(len(cls.BASES) + 1)
            ]
        )
        for member in cls.members:
            cls.env["coop.membership"].create(
                {
                    "partner_id": member.id,
                    "company_id": cls.company.id,
                }
            ).action_admit()
        cls.policy = cls.env["coop.ristourne.policy"].create(
            {
                "name": "Tiers",
                "company_id": cls.company.id,
                "eligibility": "members",
                "settlement": "credit_note",
                "account_id": cls.company_data["default_account_revenue"].id,
                "tier_ids": [
                    Command.create({"threshold": 500.0, "rate": 1.0}),
                    Command.create({"threshold": 2000.0, "rate": 2.5}),
                    Command.create({"threshold": 3333.33, "rate": 3.33}),
                ],
            }
        )
        moves = []
        # 2025: three members; 2026: all of them
        for year, bases in (("2025", cls.BASES[:3]), ("2026", cls.BASES)):
            for member, basis in zip(cls.members, bases, strict=False):
                moves.append(cls._move_vals(member, basis + 100.0, f"{year}-03-01"))
                moves.append(
                    cls._move_vals(member, 100.0, f"{year}-04-01", "out_refund")
                )
        # a member whose credit notes exceed the purchases gets nothing
        last = cls.members[-1]
        moves.append(cls._move_vals(last, 50.0, "2026-03-01"))
        moves.append(cls._move_vals(last, 80.0, "2026-04-01", "out_refund"))
        cls.env["account.move"].create(moves).action_post()

    @classmethod
    def _move_vals(cls, partner, amount, date, move_type="out_invoice"):
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": date,
            "date": date,
            "company_id": cls.company.id,
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

    def _run(self, year):
        return self.env["coop.ristourne.run"].create(
            {
                "policy_id": self.policy.id,
                "company_id": self.company.id,
                "date_from": f"{year}-01-01",
                "date_to": f"{year}-12-31",
            }
        )

    def _figures(self, run):
        return {
            line.partner_id.id: (line.basis, line.rate, line.amount)
            for line in run.line_ids
        }

    @staticmethod
    def _rounded(figures):
        """As stored: 2 decimals for the amounts, 4 for the rate."""
        return {
            key: (round(basis, 2), round(rate, 4), round(amount, 2))
            for key, (basis, rate, amount) in figures.items()
        }

    def test_compute_sql_figures_and_query_count(self):
        """X-5, L-7: the lines computed in SQL are those of the Python computation (half
        cents rounded away from zero, nothing below the first tier, nothing for a
        negative basis), and 3 or 12 members take the same number of queries."""
        small, big = self._run("2025"), self._run("2026")
        for run in (small, big):  # warm-up
            run.action_compute()
            run.action_draft()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(RISTOURNE_QUERIES):
            small.action_compute()
        self.env.invalidate_all()
        with self.assertQueryCount(RISTOURNE_QUERIES):
            big.action_compute()
        for run, bases in ((small, self.BASES[:3]), (big, self.BASES)):
            # the figures computed in Python from the known purchases
            expected = {}
            for member, basis in zip(self.members, bases, strict=False):
                reached = self.policy.tier_ids.filtered(
                    lambda t, b=basis: t.threshold <= b
                )
                rate = reached[-1].rate if reached else 0.0  # tiers by threshold
                amount = run.currency_id.round(basis * rate / 100.0)
                if amount > 0:
                    expected[member.id] = (basis, rate, amount)
            self.assertEqual(self._figures(run), self._rounded(expected))
        self.assertEqual(len(small.line_ids), 2)  # 499.99 is below the first tier
        self.assertEqual(len(big.line_ids), 10)
        figures = {
            self.members.browse(pid).name: amounts
            for pid, amounts in self._figures(big).items()
        }
        self.assertEqual(figures["Member 0"], (500.5, 1.0, 5.01))  # 5.005
        self.assertEqual(figures["Member 1"], (2000.2, 2.5, 50.01))  # 50.005
        self.assertEqual(figures["Member 3"], (3333.33, 3.33, 111.0))  # 110.99989
        self.assertEqual(figures["Member 5"], (12345.67, 3.33, 411.11))
        self.assertNotIn("Member 2", figures)
        self.assertNotIn("Member 12", figures)
        self.assertAlmostEqual(
            big.total_amount, sum(v[2] for v in self._figures(big).values())
        )
        self.assertEqual(big.line_ids.mapped("state"), ["to_settle"] * 10)
        self.assertEqual(big.line_ids.company_id, self.company)
        self.assertEqual(big.line_ids.policy_id, self.policy)

    def test_settlement_followers_as_odoo_posts(self):
        """X-5, L-7: the credit notes of a settlement have their customer as follower,
        with the subtypes Odoo gives when it posts an invoice itself, once each."""
        run = self._run("2026")
        run.action_compute()
        run.action_validate()
        run.action_settle()
        self.assertEqual(run.state, "settled")
        reference = self.env["account.move"].create(
            self._move_vals(self.members[0], 10.0, "2026-06-01", "out_refund")
        )
        reference.action_post()
        expected = reference.message_follower_ids.filtered(
            lambda f: f.partner_id == self.members[0]
        ).subtype_ids
        self.assertTrue(expected)
        for line in run.line_ids:
            followers = line.move_id.message_follower_ids.filtered(
                lambda f, line=line: f.partner_id == line.partner_id
            )
            self.assertEqual(len(followers), 1)
            self.assertEqual(followers.subtype_ids, expected)
            self.assertEqual(line.move_id.state, "posted")
            self.assertEqual(line.move_id.amount_total, line.amount)


# queries of a ristourne compute, whatever the number of members (issue #14: 2 of them
# check that no other run of the policy overlaps the period)
RISTOURNE_QUERIES = 14
