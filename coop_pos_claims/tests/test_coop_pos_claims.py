from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestCoopPosClaims(TestPoSCommon):
    """A stall's cashier (point of sale user, not a claims user) and a customer who
    bought a jar of oil."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oil = cls.create_product("Argan oil", cls.categ_basic, 100.0)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Khadija Customer", "company_id": cls.company.id}
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "Another customer", "company_id": cls.company.id}
        )
        cls.cashier = new_test_user(
            cls.env,
            "coop_pos_claims_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.open_new_session()

    def _sync(self, customer):
        data = self.create_ui_order_data([(self.oil, 1)], customer=customer)
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def test_claim_from_the_till(self):
        """P-6, C-1, issue #16: the cashier registers a claim about a paid order: it is
        the order's customer's, in the order's cooperative, received in person, linked
        to the order, at the reception phase with its reference; the order counts it."""
        order = self._sync(self.customer)
        result = (
            self.env["pos.order"]
            .with_user(self.cashier)
            .coop_register_claim(order.id, "  The jar was broken  ", "Seen at home.")
        )
        claim = self.env["coop.claim"].browse(result["id"])
        self.assertEqual(result["name"], claim.name)
        self.assertEqual(
            (
                claim.partner_id,
                claim.company_id,
                claim.channel,
                claim.pos_order_id,
                claim.subject,
                claim.phase,
            ),
            (
                self.customer,
                self.company,
                "in_person",
                order,
                "The jar was broken",
                "reception",
            ),
        )
        self.assertIn("Seen at home.", claim.description)
        self.assertEqual(order.sudo().coop_claim_count, 1)

    def test_refused_claims(self):
        """P-6, X-1, issue #16: no claim for an order without customer nor without a
        subject; a user who cannot read the order cannot register one; a claim's order
        is one of its customer's."""
        Order = self.env["pos.order"].with_user(self.cashier)
        anonymous = self._sync(False)
        with self.assertRaisesRegex(UserError, "customer"):
            Order.coop_register_claim(anonymous.id, "Broken")
        order = self._sync(self.customer)
        with self.assertRaisesRegex(UserError, "about"):
            Order.coop_register_claim(order.id, "   ")
        stranger = new_test_user(
            self.env,
            "coop_pos_claims_stranger",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.env["pos.order"].with_user(stranger).coop_register_claim(
                order.id, "Broken"
            )
        Claim = self.env["coop.claim"].sudo()
        self.assertFalse(Claim.search([("pos_order_id", "=", order.id)]))
        with self.assertRaisesRegex(ValidationError, "not one of"):
            Claim.create(
                {
                    "partner_id": self.other.id,
                    "company_id": self.company.id,
                    "subject": "Not my order",
                    "pos_order_id": order.id,
                }
            )
