from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimProfitability(ClaimsCase):
    """R-3 (issue #17): a customer's claims in their cost to serve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._coop_load_books()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Argan oil 250 ml",
                "list_price": 400.0,
                "taxes_id": [(6, 0, [])],
                "company_id": cls.coop_a.id,
            }
        )

    def _compensations(self, claim, *specs):
        return self.env["coop.claim.compensation"].create(
            [
                {
                    "claim_id": claim.id,
                    "compensation_type": kind,
                    "name": f"{kind} {cost}",
                    "cost": cost,
                    **vals,
                }
                for kind, cost, vals in specs
            ]
        )

    def test_profit_is_revenue_minus_compensations(self):
        """R-3: the customer bought 400 and was refunded 50 by a posted credit note
        (the ledger counts 350), and was given a service of 30: revenue 400 (the
        refund is added back and counted as a cost), cost to serve 80, profit 320. A
        cancelled compensation and a coupon not used yet cost nothing. A customer
        whose compensations exceed what they bought is not profitable."""
        order = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "company_id": self.coop_a.id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 1})
                    ],
                }
            )
        )
        order.action_confirm()
        program = self.env["loyalty.program"].create(
            {
                "name": "Claim vouchers",
                "program_type": "coupons",
                "company_id": self.coop_a.id,
            }
        )
        claim = self._claim(product_id=self.product.id)
        refund, service, coupon, cancelled = self._compensations(
            claim,
            ("refund", 50.0, {}),
            ("service", 30.0, {}),
            ("coupon", 20.0, {"loyalty_program_id": program.id}),
            ("exchange", 400.0, {}),
        )
        (refund | service | coupon).action_grant()
        cancelled.action_cancel()
        refund.move_id.action_post()
        other = self.env["res.partner"].create(
            {"name": "Never bought", "company_id": self.coop_a.id}
        )
        other_claim = self._claim(partner=other)
        self._compensations(other_claim, ("service", 100.0, {})).action_grant()
        Partner = self.env["res.partner"]
        Partner._coop_recompute_customer_stats(self.coop_a)
        self.assertEqual(
            (
                self.partner_a.coop_amount_12m,
                self.partner_a.coop_lifetime_revenue,
                self.partner_a.coop_cost_to_serve,
                self.partner_a.coop_profit,
                self.partner_a.coop_unprofitable,
            ),
            (350.0, 400.0, 80.0, 320.0, False),
        )
        self.assertEqual(
            (other.coop_cost_to_serve, other.coop_profit, other.coop_unprofitable),
            (100.0, -100.0, True),
        )
        self.assertEqual(
            Partner.search(
                [("coop_unprofitable", "=", True), ("company_id", "=", self.coop_a.id)]
            ),
            other,
        )


@tagged("post_install", "-at_install")
class TestCustomerProfitabilityUi(HttpCase):
    """R-3 (issue #17): the customers' profitability as a French-speaking manager
    reads it, in a real browser (X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"].search(
            [("name", "in", ("coop_crm_base", "coop_claims"))]
        )._update_translations(["fr_FR"])
        cls.manager = new_test_user(
            cls.env,
            "profitability_manager_fr",
            groups="coop_crm_base.group_coop_manager,coop_claims.group_claims_user,"
            "sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            lang="fr_FR",
            tz="Africa/Casablanca",
        )
        product = cls.env["product.product"].create(
            {"name": "Huile d'argan 1 l", "list_price": 100.0, "taxes_id": False}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Client Coûteux", "company_id": cls.company.id}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        order.action_confirm()
        claim = cls.env["coop.claim"].create(
            {
                "subject": "Huile rance",
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "channel": "phone",
                "date_received": datetime(2026, 1, 9, 10, 0),
            }
        )
        cls.env["coop.claim.compensation"].create(
            {
                "claim_id": claim.id,
                "compensation_type": "service",
                "name": "Livraison offerte et visite",
                "cost": 500.0,
            }
        ).action_grant()
        cls.env["res.partner"]._coop_recompute_customer_stats(cls.company)

    def test_customer_profitability_tour_french(self):
        """R-3, X-2: revenue 100, cost to serve 500 (the compensation), profit -400,
        not profitable: found by the "Non rentable" filter and read on the form."""
        self.assertEqual(
            (self.customer.coop_profit, self.customer.coop_unprofitable), (-400.0, True)
        )
        self.start_tour(
            "/odoo/action-coop_crm_base.action_coop_customer_profitability",
            "coop_customer_profitability_tour",
            login="profitability_manager_fr",
        )
