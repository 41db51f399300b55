from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def coop_card_program_vals(company, required_points=500, **vals):
    """Values of the cooperative card program of the suite's tests: 1 point per unit of
    currency paid, a 10% discount on the order for ``required_points`` points, the
    program's defaults otherwise (12 months, 30 days of grace, bronze x1, silver x1.5,
    gold x2); ``vals`` override or add fields."""
    return {
        "name": "Coop card",
        "program_type": "loyalty",
        "trigger": "auto",
        "applies_on": "both",
        "company_id": company.id,
        "coop_card": True,
        "rule_ids": [
            Command.create(
                {
                    "reward_point_mode": "money",
                    "reward_point_amount": 1.0,
                }
            )
        ],
        "reward_ids": [
            Command.create(
                {
                    "reward_type": "discount",
                    "discount": 10,
                    "discount_mode": "percent",
                    "required_points": required_points,
                    "discount_applicability": "order",
                }
            )
        ],
        **vals,
    }


class CoopLoyaltyCase(AccountTestInvoicingCommon):
    """A company with accounting, a cooperative card program and a customer with a
    card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("coop_crm_base.group_coop_manager")
        cls.company = cls.company_data["company"]
        cls.currency = cls.company.currency_id
        cls.today = fields.Date.context_today(cls.env.user)
        cls.product = cls.env["product.product"].create(
            {
                "name": "Argan oil",
                "list_price": 100.0,
                "type": "consu",
                "taxes_id": [Command.clear()],
            }
        )
        cls.fee_product = cls.env["product.product"].create(
            {
                "name": "Card fee",
                "list_price": 250.0,
                "type": "service",
                "taxes_id": [Command.clear()],
            }
        )
        cls.voucher_program = cls.env["loyalty.program"].create(
            {
                "name": "Vouchers",
                "program_type": "gift_card",
                "company_id": cls.company.id,
            }
        )
        cls.program = cls.env["loyalty.program"].create(
            coop_card_program_vals(
                cls.company,
                coop_fee_product_id=cls.fee_product.id,
                coop_silver_threshold=1000.0,
                coop_gold_threshold=3000.0,
            )
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Khadija Customer",
                "email": "khadija@example.com",
                "mobile": "+212612345678",
                "company_id": cls.company.id,
                # the card's messages go to holders who consented to e-mail
                "coop_consent_email": True,
            }
        )
        cls.card = cls.env["loyalty.card"].create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.customer.id,
                "points": 0,
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            "coop_plain_salesman",
            groups="sales_team.group_sale_salesman,coop_loyalty.group_loyalty_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _adjust(cls, card, points=None, expiry=None, reason="Opening balance (test)"):
        """The loyalty manager's adjustment, with its reason (issue #14): the one way
        besides orders, conversions and renewals to set a card's points or expiry."""
        wizard = (
            cls.env["loyalty.card.update.balance"]
            .with_context(default_card_id=card.id)
            .create(
                {
                    "new_balance": card.points if points is None else points,
                    "coop_date_expiry": expiry,
                    "description": reason,
                }
            )
        )
        wizard.action_update_card_point()
        return card

    @classmethod
    def _order(cls, partner, qty=1.0, product=None, env=None, company=None):
        env = env or cls.env
        return env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": (company or cls.company).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or cls.product).id,
                            "product_uom_qty": qty,
                        }
                    )
                ],
            }
        )

    @classmethod
    def _confirmed_order(cls, partner, qty=1.0, product=None):
        order = cls._order(partner, qty=qty, product=product)
        order.action_confirm()
        return order
