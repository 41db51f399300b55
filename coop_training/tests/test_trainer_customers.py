from odoo import Command
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTrainersNotCustomers(TrainingCase):
    """M-3, T-1 (issue #21): the Customers list shows customers, not the trainers of the
    trainings; a trainer who buys or is a member stays a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.trainer = Partner.create(
            {"name": "Trainer Only", "company_id": cls.coop_a.id}
        )
        cls.trainer_buyer = Partner.create(
            {"name": "Trainer Buyer", "company_id": cls.coop_a.id}
        )
        cls.training.trainer_ids = [
            Command.set((cls.trainer | cls.trainer_buyer | cls.m1).ids)
        ]
        product = cls.env["product.product"].create(
            {"name": "Argan oil", "list_price": 90}
        )
        cls.env["sale.order"].with_company(cls.coop_a).create(
            {
                "partner_id": cls.trainer_buyer.id,
                "company_id": cls.coop_a.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )

    def _customers(self, user, operator="=", value=True):
        partners = self.trainer | self.trainer_buyer | self.m1 | self.m2
        return (
            self.env["res.partner"]
            .with_user(user)
            .search([("id", "in", partners.ids), ("coop_is_customer", operator, value)])
        )

    def test_trainers_out_of_customers(self):
        """M-3 (issue #21): the Customers filter leaves out a partner who is only a
        trainer; a trainer with an order or a membership is still a customer, and the
        field reads alike."""
        self.assertEqual(
            self._customers(self.user_a), self.trainer_buyer | self.m1 | self.m2
        )
        self.assertEqual(self._customers(self.user_a, "!=", True), self.trainer)
        self.assertEqual(self._customers(self.user_a, "=", False), self.trainer)
        self.assertEqual(
            (self.trainer | self.trainer_buyer | self.m1).mapped("coop_is_customer"),
            [False, True, True],
        )
        # a partner who no longer trains anyone is a customer again
        self.training.trainer_ids = [Command.unlink(self.trainer.id)]
        self.assertIn(self.trainer, self._customers(self.user_a))
