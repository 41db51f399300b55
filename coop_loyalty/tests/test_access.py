from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.coop_crm_base.tests.common import CoopCase


@tagged("post_install", "-at_install")
class TestLoyaltyAccess(CoopCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = cls.env.ref("coop_loyalty.group_loyalty_user")
        (cls.user_a | cls.user_b).write({"groups_id": [Command.link(group.id)]})
        cls.policy_a = cls.env["coop.ristourne.policy"].create({
            "name": "Coop A ristourne", "company_id": cls.coop_a.id,
            "tier_ids": [Command.create({"threshold": 0.0, "rate": 2.0})],
        })
        cls.run_a = cls.env["coop.ristourne.run"].create({
            "policy_id": cls.policy_a.id, "company_id": cls.coop_a.id,
            "date_from": "2025-01-01", "date_to": "2025-12-31",
        })
        cls.line_a = cls.env["coop.ristourne.line"].create({
            "run_id": cls.run_a.id, "partner_id": cls.partner_a.id,
            "basis": 1000.0, "rate": 2.0, "amount": 20.0,
        })

    def test_other_cooperative_cannot_see_runs(self):
        """L-7/X-1: a user of coop B cannot read coop A's ristourne policies, runs or lines;
        coop A's users and the union manager can."""
        for record in (self.policy_a, self.run_a, self.line_a):
            with self.assertRaises(AccessError):
                record.with_user(self.user_b).read(["company_id"])
            self.assertFalse(record.with_user(self.user_b).search([("id", "=", record.id)]))
            self.assertEqual(record.with_user(self.user_a).read(["id"])[0]["id"], record.id)
        union = self.run_a.with_user(self.union_manager).with_context(
            allowed_company_ids=self.union.ids)
        self.assertEqual(union.read(["state"])[0]["state"], "draft")

    def test_loyalty_user_cannot_compute(self):
        """L-7/X-1: computing and settling belong to loyalty managers."""
        with self.assertRaises(AccessError):
            self.run_a.with_user(self.user_a).write({"date_to": "2025-06-30"})
        with self.assertRaises(AccessError):
            self.env["coop.ristourne.run"].with_user(self.user_b).create({
                "policy_id": self.policy_a.id, "company_id": self.coop_b.id,
                "date_from": "2025-01-01", "date_to": "2025-12-31",
            })

    def test_cards_private_to_their_cooperative(self):
        """L-1/X-1: a cooperative's cards are not visible to another cooperative's users;
        the union manager sees them with the branches selected (Odoo's own multi-company
        rule of loyalty cards)."""
        program = self.env["loyalty.program"].create({
            "name": "Coop A card", "program_type": "loyalty", "trigger": "auto",
            "applies_on": "both", "company_id": self.coop_a.id, "coop_card": True,
        })
        card = self.env["loyalty.card"].create({
            "program_id": program.id, "partner_id": self.partner_a.id,
        })
        Card = self.env["loyalty.card"]
        domain = [("id", "=", card.id)]
        self.assertEqual(Card.with_user(self.user_a).search(domain), card)
        self.assertFalse(Card.with_user(self.user_b).search(domain))
        with self.assertRaises(AccessError):
            card.with_user(self.user_b).read(["coop_number"])
        branches = self.union | self.coop_a | self.coop_b
        self.union_manager.company_ids = [Command.set(branches.ids)]
        union = Card.with_user(self.union_manager).with_context(
            allowed_company_ids=branches.ids)
        self.assertEqual(union.search(domain), card)
