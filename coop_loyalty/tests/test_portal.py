from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyPortal(HttpCase):
    def test_holder_sees_card_and_rewards(self):
        """L-2: the holder sees on the portal the card number, that it is in its grace
        period until when, and the rewards waiting."""
        today = fields.Date.today()
        program = self.env["loyalty.program"].create(
            {
                "name": "Portal card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "coop_card": True,
                "coop_grace_days": 30,
                "portal_visible": True,
                "rule_ids": [
                    Command.create(
                        {"reward_point_mode": "money", "reward_point_amount": 1.0}
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "required_points": 500,
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        holder = new_test_user(
            self.env,
            "portal_holder",
            groups="base.group_portal",
            password="portal_holder_pwd",
        )
        card = self.env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": holder.partner_id.id,
                "points": 600,
                "coop_date_issue": today - timedelta(days=400),
                "coop_date_expiry": today - timedelta(days=5),
            }
        )
        self.authenticate("portal_holder", "portal_holder_pwd")
        response = self.url_open("/my/home")
        self.assertEqual(response.status_code, 200)
        self.assertIn(card.coop_number, response.text)
        self.assertIn("your points still count until", response.text)
        self.assertIn("10% on your order", response.text)
