from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestRegisterMembers(TrainingCase):
    """Several members registered at once, from the members list or from the session
    (T-2, X-1, issue #21)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.upcoming = cls._training(
            name="Upcoming cooperative management",
            date_begin=fields.Datetime.add(fields.Datetime.now(), days=10),
            date_end=fields.Datetime.add(fields.Datetime.now(), days=11),
        )
        Membership = cls.env["coop.membership"]
        cls.ms = Membership.search([("partner_id", "in", cls.members.ids)])
        cls.ms_b = Membership.search([("partner_id", "=", cls.member_b.id)])
        cls.Wizard = cls.env["coop.training.register.wizard"].with_user(cls.user_a)

    def _membership_of(self, partner):
        return self.ms.filtered(lambda m: m.partner_id == partner)

    def test_from_the_members_list(self):
        """issue #21: the members chosen in the list are registered to the upcoming
        session chosen, linked to their membership; one already registered is skipped
        and named, not an error."""
        action = self.env.ref("coop_training.action_coop_training_register_members")
        self.assertEqual(action.binding_model_id.model, "coop.membership")
        self.assertIn(
            self.env.ref("coop_training.group_training_user"), action.groups_id
        )
        already = self._register(self.upcoming, self.m1)
        chosen = (
            self._membership_of(self.m1)
            | self._membership_of(self.m2)
            | self._membership_of(self.m3)
        )
        wizard_form = Form(
            self.Wizard.with_context(
                active_model="coop.membership", active_ids=chosen.ids
            )
        )
        self.assertEqual(wizard_form.membership_ids.ids, chosen.ids)
        wizard_form.event_id = self.upcoming
        result = wizard_form.save().action_register()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("Member A1", result["params"]["message"])
        registrations = self.upcoming.registration_ids
        self.assertEqual(len(registrations), 3)
        self.assertEqual(registrations.partner_id, self.m1 | self.m2 | self.m3)
        self.assertEqual(
            registrations.filtered(lambda r: r.partner_id == self.m1), already
        )
        for registration in registrations:
            self.assertEqual(
                registration.coop_membership_id.partner_id, registration.partner_id
            )
            self.assertEqual(registration.create_uid, self.user_a)

    def test_from_the_session(self):
        """issue #21: the session's button opens the wizard on the session, offering the
        active memberships of its cooperatives."""
        action = self.upcoming.with_user(self.user_a).action_open_register_members()
        self.assertEqual(action["res_model"], "coop.training.register.wizard")
        wizard_form = Form(self.Wizard.with_context(**action["context"]))
        self.assertEqual(wizard_form.event_id, self.upcoming)
        self.assertEqual(wizard_form.event_company_ids.ids, self.coop_a.ids)
        offered = (
            self.env["coop.membership"]
            .with_user(self.user_a)
            .search([("state", "=", "active"), ("company_id", "in", self.coop_a.ids)])
        )
        self.assertEqual(offered & (self.ms | self.ms_b), self.ms)
        wizard_form.membership_ids.add(self._membership_of(self.m4))
        wizard_form.membership_ids.add(self._membership_of(self.m5))
        wizard_form.save().action_register()
        self.assertEqual(self.upcoming.registration_ids.partner_id, self.m4 | self.m5)

    def test_misuse_refused(self):
        """X-1, issue #21: a member of another cooperative, a past session or another
        cooperative's session are refused as the user who tries, and nothing is
        registered."""
        # a member of Coop B (a membership the user cannot read), to a session of Coop A
        wizard = self.Wizard.create(
            {
                "event_id": self.upcoming.id,
                "membership_ids": [Command.set(self.ms_b.ids)],
            }
        )
        with self.assertRaises(AccessError):
            wizard.action_register()
        self.assertFalse(self.upcoming.registration_ids)
        self.assertFalse(
            self.env["event.registration"].search(
                [("partner_id", "=", self.member_b.id)]
            )
        )
        # a session that is over
        wizard = self.Wizard.create(
            {
                "event_id": self.training.id,
                "membership_ids": [Command.set(self._membership_of(self.m1).ids)],
            }
        )
        with self.assertRaisesText(UserError, "upcoming"):
            wizard.action_register()
        self.assertFalse(self.training.registration_ids)
        # Coop B's user registering Coop A's members to Coop A's session
        wizard_b = (
            self.env["coop.training.register.wizard"]
            .with_user(self.user_b)
            .create(
                {
                    "event_id": self.upcoming.id,
                    "membership_ids": [Command.set(self._membership_of(self.m2).ids)],
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard_b.action_register()
        self.assertFalse(self.upcoming.registration_ids)
