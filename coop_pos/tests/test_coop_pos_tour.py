from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.coop_loyalty.tests.common import coop_card_program_vals
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestCoopPosTour(TestPointOfSaleHttpCommon):
    """The till in Chromium, as a cashier (point of sale user only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.main_pos_config.company_id
        cls.env.user.groups_id += cls.env.ref(
            "coop_loyalty.group_loyalty_manager"
        ) | cls.env.ref("coop_crm_base.group_coop_manager")
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.amlou = cls.env["product.product"].create(
            {
                "name": "Amlou jar",
                "list_price": 80.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )
        fee = cls.env["product.product"].create(
            {
                "name": "Coop card fee",
                "list_price": 50.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.program = cls.env["loyalty.program"].create(
            coop_card_program_vals(
                company,
                required_points=1000,
                coop_fee_product_id=fee.id,
                pos_ok=True,
            )
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Khadija Souk",
                "mobile": "0612345678",
                "company_id": company.id,
            }
        )
        cls.card = cls.env["loyalty.card"].create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.customer.id,
                "points": 0,
            }
        )
        cls.main_pos_config.write(
            {
                "coop_sales_channel": "souk",
                "tax_regime_selection": False,
                "use_pricelist": False,
            }
        )

    def test_phone_search_and_card(self):
        """P-1, P-2, P-5, issue #16: the cashier finds the customer by her phone typed
        as she says it (06 12 34 56 78, stored +212612345678), sells her a jar of 80 and
        pays; the order is in the souk channel and the server credits her card with 80
        points, once."""
        self.assertEqual(self.customer.mobile, "+212612345678")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CoopPosPhoneSearchCard")
        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(
            (order.partner_id, order.amount_total, order.coop_sales_channel),
            (self.customer, 80.0, "souk"),
        )
        self.assertTrue(order.coop_card_points_done)
        self.assertEqual(self.card.points, 80.0)
        self.assertEqual(len(self.card.history_ids), 1)

    def test_renew_expired_card(self):
        """P-2, L-3, issue #16: the cashier sees that the customer's card has expired
        (past its grace), renews it with the button (the card fee line) and sells a jar;
        the server renews the card for 12 months from today and the renewed card earns
        the order's points (fee 50 + jar 80 = 130)."""
        today = fields.Date.context_today(self.env.user)
        self.card.coop_date_issue = today - timedelta(days=500)
        self.env["loyalty.card.update.balance"].with_context(
            default_card_id=self.card.id
        ).create(
            {
                "new_balance": 0,
                "coop_date_expiry": today - timedelta(days=60),
                "description": "Expired card (test)",
            }
        ).action_update_card_point()
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CoopPosRenewCard")
        # renewed on the cashier's day (their time zone: America/New_York)
        cashier_today = fields.Date.context_today(
            self.pos_user.with_user(self.pos_user)
        )
        self.assertEqual(
            self.card.coop_date_expiry, cashier_today + relativedelta(months=12)
        )
        self.assertEqual(self.card.points, 130.0)

    def test_members_pricelist(self):
        """P-3, issue #16: an active member of the cooperative, shown with the member
        badge in the customer list, buys at the members' pricelist (10% off: the jar of
        80 for 72) at a point of sale whose default pricelist is the public one."""
        company = self.main_pos_config.company_id
        public = self.env["product.pricelist"].create(
            {"name": "Public", "company_id": company.id}
        )
        members = self.env["product.pricelist"].create(
            {
                "name": "Members",
                "company_id": company.id,
                "item_ids": [
                    Command.create(
                        {"compute_price": "percentage", "percent_price": 10.0}
                    )
                ],
            }
        )
        self.main_pos_config.write(
            {
                "use_pricelist": True,
                "available_pricelist_ids": [Command.set((public | members).ids)],
                "pricelist_id": public.id,
                "coop_member_pricelist_id": members.id,
            }
        )
        self.env["coop.membership"].create(
            {"partner_id": self.customer.id, "company_id": company.id}
        ).action_admit()
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CoopPosMemberPricelist")
        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual((order.pricelist_id, order.amount_total), (members, 72.0))
