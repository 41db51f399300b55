from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestCoopPosClaimsTour(TestPointOfSaleHttpCommon):
    """The till in Chromium, as a cashier (point of sale user only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.main_pos_config.company_id
        cls.env["product.product"].create(
            {
                "name": "Amlou jar",
                "list_price": 80.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Khadija Souk", "company_id": company.id}
        )
        cls.main_pos_config.write(
            {"tax_regime_selection": False, "use_pricelist": False}
        )

    def test_register_claim(self):
        """P-6, C-1, issue #16: after a sale, the cashier opens the order in the orders
        screen and registers a claim about it: the claim is the customer's, received in
        person and linked to the order."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CoopPosRegisterClaim")
        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        claim = self.env["coop.claim"].sudo().search([("pos_order_id", "=", order.id)])
        self.assertEqual(
            (claim.partner_id, claim.channel, claim.subject),
            (self.customer, "in_person", "The jar was broken"),
        )
