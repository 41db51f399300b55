from datetime import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimResolution(ClaimsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Argan oil 250 ml",
                "list_price": 400.0,
                "taxes_id": [(6, 0, [])],
                "company_id": cls.coop_a.id,
            }
        )

    def _resolving_claim(self, **vals):
        claim = self._claim(
            claim_type="seller_fault",
            category_id=self.category.id,
            product_id=self.product.id,
            **vals,
        )
        claim.action_register()
        claim.action_resolve()
        return claim

    def _orders(self, partner, count, when=None):
        orders = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": self.coop_a.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {"product_id": self.product.id, "product_uom_qty": 1},
                            )
                        ],
                    }
                    for _i in range(count)
                ]
            )
        )
        orders.action_confirm()
        return orders

    def test_total_cost_and_coupon(self):
        """SPEC 3 resolution: compensation lines with their cost; a discount coupon is a
        loyalty card of a coupon program; the claim's total cost."""
        program = self.env["loyalty.program"].create(
            {
                "name": "Claim vouchers A",
                "program_type": "coupons",
                "company_id": self.coop_a.id,
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount": 50.0,
                            "discount_mode": "per_order",
                            "required_points": 1,
                        },
                    )
                ],
            }
        )
        claim = self._resolving_claim()
        coupon, exchange, service = self.env["coop.claim.compensation"].create(
            [
                {
                    "claim_id": claim.id,
                    "compensation_type": "coupon",
                    "name": "50 MAD voucher",
                    "cost": 50.0,
                    "loyalty_program_id": program.id,
                },
                {
                    "claim_id": claim.id,
                    "compensation_type": "exchange",
                    "name": "New bottle",
                    "cost": 400.0,
                },
                {
                    "claim_id": claim.id,
                    "compensation_type": "service",
                    "name": "Free delivery",
                    "cost": 35.5,
                },
            ]
        )
        self.assertEqual(claim.total_cost, 485.5)
        coupon.action_grant()
        self.assertEqual(coupon.state, "done")
        self.assertEqual(coupon.loyalty_card_id.program_id, program)
        self.assertEqual(coupon.loyalty_card_id.partner_id, self.partner_a)
        self.assertEqual(coupon.loyalty_card_id.points, 1.0)
        service.action_cancel()
        self.assertEqual(claim.total_cost, 450.0)
        with self.assertRaises(UserError):
            coupon.action_grant()
        with self.assertRaises(ValidationError):
            exchange.cost = -1

    def test_refund_creates_draft_credit_note(self):
        """SPEC 3 resolution: a partial refund creates a draft credit note."""
        claim = self._resolving_claim()
        refund = self.env["coop.claim.compensation"].create(
            {
                "claim_id": claim.id,
                "compensation_type": "refund",
                "name": "Half of the bottle",
                "cost": 200.0,
            }
        )
        with self.assertRaisesRegex(UserError, "no sales journal"):
            refund.action_grant()
        self.assertEqual(refund.state, "draft")
        # branches share the chart and journals of their root company (Odoo 18)
        self.env["account.chart.template"].with_company(self.union).try_loading(
            "generic_coa", self.union, install_demo=False
        )
        refund.action_grant()
        move = refund.move_id
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.partner_id, self.partner_a)
        self.assertEqual(move.company_id, self.coop_a)
        self.assertEqual(move.amount_total, 200.0)
        self.assertEqual(move.invoice_line_ids.product_id, self.product)
        self.assertEqual(claim.total_cost, 200.0)

    def test_partner_history_and_flag_by_count(self):
        """SPEC 3 registration, C-3: the customer's earlier claims are shown and a
        customer with more claims in 12 months than the limit is flagged."""
        self.coop_a.write({"coop_claim_flag_count": 3, "coop_claim_flag_share": 0.0})
        now = datetime.now()
        claims = self.Claim
        for _i in range(3):
            claims |= self._claim(date_received=now)
        self.assertEqual(claims[-1].partner_claim_ids, claims[:-1])
        self.assertEqual(claims[-1].partner_claim_count, 2)
        self.assertFalse(claims[-1].partner_claim_flag)
        fourth = self._claim(date_received=now)
        self.assertTrue(fourth.partner_claim_flag)
        self.assertIn(
            "4 claims in 12 months (limit 3)", fourth.partner_claim_flag_reason
        )
        self.assertTrue(self.partner_a.with_company(self.coop_a).coop_claim_flag)
        self.assertEqual(self.partner_a.coop_claim_count, 4)
        # claims older than 12 months do not count
        old = self._claim(date_received=datetime(2024, 1, 1))
        self.assertEqual(
            self.partner_a._coop_claim_flag_info(self.coop_a)[self.partner_a.id][
                "claims"
            ],
            4,
        )
        self.assertIn(old, fourth.partner_claim_ids)

    def test_flag_by_share_of_orders(self):
        """C-3: 2 claims for 5 orders in 12 months is 40%, above a 30% limit."""
        self.coop_a.write({"coop_claim_flag_count": 0, "coop_claim_flag_share": 30.0})
        self._orders(self.partner_a, 5)
        first = self._claim(date_received=datetime.now())
        self.assertFalse(first.partner_claim_flag)
        second = self._claim(date_received=datetime.now())
        self.assertTrue(second.partner_claim_flag)
        info = self.partner_a._coop_claim_flag_info(self.coop_a)[self.partner_a.id]
        self.assertEqual((info["claims"], info["orders"]), (2, 5))
        self.assertIn("(40%, limit 30%)", info["reason"])

    def test_improvement_action_from_recurring_cause(self):
        """SPEC 3 exploitation: a preventive action is proposed from a recurring cause
        (same category and product) and links the claims."""
        now = datetime.now()
        claims = self.Claim
        for _i in range(3):
            claims |= self._claim(
                date_received=now,
                category_id=self.category.id,
                product_id=self.product.id,
                claim_type="good_faith",
            )
        Action = self.env["coop.claim.action"]
        proposed = Action._coop_propose_from_recurring_causes(self.coop_a, threshold=3)
        self.assertEqual(len(proposed), 1)
        self.assertEqual(proposed.claim_ids, claims)
        self.assertEqual(proposed.state, "draft")
        self.assertEqual(proposed.action_type, "preventive")
        # an open action already covers the cause: nothing new
        self.assertFalse(
            Action._coop_propose_from_recurring_causes(self.coop_a, threshold=3)
        )
        proposed.action_start()
        proposed.action_done()
        self.assertEqual(proposed.state, "done")
        # from a claim, in exploitation
        claim = claims[0]
        claim.action_register()
        claim.action_resolve()
        claim.write(
            {
                "closing_condition": "satisfied",
                "answer": "<p>ok</p>",
                "root_cause": "Caps too loose",
            }
        )
        claim.action_close()
        claim.action_follow_up()
        claim.action_exploit()
        result = claim.action_propose_improvement()
        action = Action.browse(result["res_id"])
        self.assertEqual(action.claim_ids, claims)
        self.assertEqual(action.root_cause, "Caps too loose")
        self.assertIn(action, claim.action_ids)
