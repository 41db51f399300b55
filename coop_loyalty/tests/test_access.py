from odoo.exceptions import AccessError, UserError
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
        cls.policy_a = cls.env["coop.ristourne.policy"].create(
            {
                "name": "Coop A ristourne",
                "company_id": cls.coop_a.id,
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 2.0})],
            }
        )
        cls.run_a = cls.env["coop.ristourne.run"].create(
            {
                "policy_id": cls.policy_a.id,
                "company_id": cls.coop_a.id,
                "date_from": "2025-01-01",
                "date_to": "2025-12-31",
            }
        )
        cls.line_a = cls.env["coop.ristourne.line"].create(
            {
                "run_id": cls.run_a.id,
                "partner_id": cls.partner_a.id,
                "basis": 1000.0,
                "rate": 2.0,
                "amount": 20.0,
            }
        )

    def test_other_cooperative_cannot_see_runs(self):
        """L-7/X-1: a user of coop B cannot read coop A's ristourne policies, runs or
        lines; coop A's users and the union manager can."""
        for record in (self.policy_a, self.run_a, self.line_a):
            with self.assertRaises(AccessError):
                record.with_user(self.user_b).read(["company_id"])
            self.assertFalse(
                record.with_user(self.user_b).search([("id", "=", record.id)])
            )
            self.assertEqual(
                record.with_user(self.user_a).read(["id"])[0]["id"], record.id
            )
        union = self.run_a.with_user(self.union_manager).with_context(
            allowed_company_ids=self.union.ids
        )
        self.assertEqual(union.read(["state"])[0]["state"], "draft")

    def test_loyalty_user_cannot_compute(self):
        """L-7/X-1: computing and settling belong to loyalty managers."""
        with self.assertRaises(AccessError):
            self.run_a.with_user(self.user_a).write({"date_to": "2025-06-30"})
        with self.assertRaises(AccessError):
            self.env["coop.ristourne.run"].with_user(self.user_b).create(
                {
                    "policy_id": self.policy_a.id,
                    "company_id": self.coop_b.id,
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                }
            )

    def test_cards_private_to_their_cooperative(self):
        """L-1/X-1: a cooperative's cards are not visible to another cooperative's
        users; the union manager sees them with the branches selected (Odoo's own
        multi-company rule of loyalty cards)."""
        program = self.env["loyalty.program"].create(
            {
                "name": "Coop A card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": self.coop_a.id,
                "coop_card": True,
            }
        )
        card = self.env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": self.partner_a.id,
            }
        )
        Card = self.env["loyalty.card"]
        domain = [("id", "=", card.id)]
        self.assertEqual(Card.with_user(self.user_a).search(domain), card)
        self.assertFalse(Card.with_user(self.user_b).search(domain))
        with self.assertRaises(AccessError):
            card.with_user(self.user_b).read(["coop_number"])
        branches = self.union | self.coop_a | self.coop_b
        self.union_manager.company_ids = [Command.set(branches.ids)]
        union = Card.with_user(self.union_manager).with_context(
            allowed_company_ids=branches.ids
        )
        self.assertEqual(union.search(domain), card)

    # ------------------------------------------------------------------ issue #14, X-1
    def _union_env(self, model):
        branches = self.union | self.coop_a | self.coop_b
        self.union_manager.company_ids = [Command.set(branches.ids)]
        return (
            self.env[model]
            .with_user(self.union_manager)
            .with_context(
                allowed_company_ids=[self.coop_a.id, self.union.id, self.coop_b.id]
            )
        )

    def _card_program_a(self):
        return self.env["loyalty.program"].create(
            {
                "name": "Coop A card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": self.coop_a.id,
                "coop_card": True,
            }
        )

    def test_card_issue_for_another_cooperative_customer(self):
        """Issue #14, X-1: a user of coop A cannot issue a card of A's program (made as
        superuser) to a customer private to coop B, nor create one; a union manager is
        told the customer's cooperative and what to do. No card is made."""
        program = self._card_program_a()
        Card = self.env["loyalty.card"]
        with self.assertRaises(AccessError):
            self.partner_b.with_user(self.user_a).action_coop_issue_card()
        with self.assertRaises(AccessError):
            Card.with_user(self.manager_a).create(
                {"program_id": program.id, "partner_id": self.partner_b.id}
            )
        partner_b = self._union_env("res.partner").browse(self.partner_b.id)
        with self.assertRaisesRegex(UserError, "Coop B"):
            partner_b.action_coop_issue_card()
        with self.assertRaisesRegex(UserError, "Coop B"):
            self._union_env("loyalty.card").create(
                {"program_id": program.id, "partner_id": self.partner_b.id}
            )
        own = Card.create({"program_id": program.id, "partner_id": self.partner_a.id})
        with self.assertRaisesRegex(UserError, "Coop B"):
            own.with_user(self.union_manager).with_context(
                allowed_company_ids=[self.coop_a.id, self.union.id, self.coop_b.id]
            ).write({"partner_id": self.partner_b.id})
        self.assertEqual(own.partner_id, self.partner_a)
        self.assertFalse(Card.search([("partner_id", "=", self.partner_b.id)]))
        # the generic company check holds for superuser code too
        with self.assertRaises(UserError):
            Card.create({"program_id": program.id, "partner_id": self.partner_b.id})

    def test_referrer_of_another_cooperative(self):
        """Issue #14, X-1: the referrer of a customer of coop A is a customer of coop A
        (or shared); a union manager is told the referrer's cooperative."""
        with self.assertRaises(AccessError):
            self.partner_a.with_user(self.manager_a).write(
                {"coop_referred_by_id": self.partner_b.id}
            )
        partner_a = self._union_env("res.partner").browse(self.partner_a.id)
        with self.assertRaisesRegex(UserError, "Coop B"):
            partner_a.write({"coop_referred_by_id": self.partner_b.id})
        with self.assertRaisesRegex(UserError, "Coop B"):
            self._union_env("res.partner").create(
                {
                    "name": "Referred in A",
                    "company_id": self.coop_a.id,
                    "coop_referred_by_id": self.partner_b.id,
                }
            )
        self.partner_a.invalidate_recordset()
        self.assertFalse(self.partner_a.coop_referred_by_id)
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Referred in A")])
        )

    def test_ristourne_line_for_another_cooperative_customer(self):
        """Issue #14, X-1: a ristourne line of coop A's run pays a customer of coop A: a
        manager of A cannot name a customer of B, the union manager is told B."""
        Line = self.env["coop.ristourne.line"]
        with self.assertRaises(AccessError):
            Line.with_user(self.manager_a).create(
                {
                    "run_id": self.run_a.id,
                    "partner_id": self.partner_b.id,
                    "amount": 50.0,
                }
            )
        with self.assertRaisesRegex(UserError, "Coop B"):
            self._union_env("coop.ristourne.line").create(
                {
                    "run_id": self.run_a.id,
                    "partner_id": self.partner_b.id,
                    "amount": 50.0,
                }
            )
        with self.assertRaisesRegex(UserError, "Coop B"):
            self._union_env("coop.ristourne.line").browse(self.line_a.id).write(
                {"partner_id": self.partner_b.id}
            )
        self.assertEqual(self.run_a.line_ids, self.line_a)
        self.assertEqual(self.line_a.partner_id, self.partner_a)
