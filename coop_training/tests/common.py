from contextlib import contextmanager

from odoo import Command

from odoo.addons.coop_crm_base.tests.common import CoopCase


class TrainingCase(CoopCase):
    """Coop A with five active members and a past two-day session (T-1, T-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        training_user = cls.env.ref("coop_training.group_training_user")
        (cls.user_a | cls.user_b).write({"groups_id": [Command.link(training_user.id)]})
        Partner = cls.env["res.partner"]
        cls.members = Partner.create(
            [
                {
                    "name": f"Member A{i}",
                    "email": f"member.a{i}@example.com",
                    "company_id": cls.coop_a.id,
                    # the training's messages go to members who consented
                    "coop_consent_email": True,
                }
                for i in range(1, 6)
            ]
        )
        cls.m1, cls.m2, cls.m3, cls.m4, cls.m5 = cls.members
        for partner in cls.members:
            cls._membership(partner, cls.coop_a, state="active")
        cls.member_b = Partner.create(
            {
                "name": "Member B1",
                "email": "member.b1@example.com",
                "company_id": cls.coop_b.id,
                "coop_consent_email": True,
            }
        )
        cls._membership(cls.member_b, cls.coop_b, state="active")
        cls.outsider = Partner.create(
            {
                "name": "Outsider",
                "email": "outsider@example.com",
                "company_id": cls.coop_a.id,
            }
        )
        cls.topic = cls.env.ref("coop_training.topic_accounting")
        cls.program = cls.env["coop.training.program"].create(
            {"name": "Test programme"}
        )
        cls.training = cls._training(
            name="Accounting basics",
            date_begin="2025-03-10 08:00:00",
            date_end="2025-03-11 16:00:00",
        )

    @classmethod
    def _training(cls, user=None, **vals):
        values = {
            "is_training": True,
            "training_topic_id": cls.topic.id,
            "training_program_id": cls.program.id,
            "company_id": cls.coop_a.id,
            "coop_company_ids": [Command.set(cls.coop_a.ids)],
            "date_tz": "UTC",
            "training_hours_per_day": 6.0,
            "address_id": cls.coop_a.partner_id.id,
            **vals,
        }
        return (
            cls.env["event.event"]
            .with_user(user or cls.user_a)
            .with_company(cls.coop_a)
            .create(values)
        )

    @classmethod
    def _register(cls, event, partners, user=None):
        return (
            cls.env["event.registration"]
            .with_user(user or cls.user_a)
            .create(
                [
                    {"event_id": event.id, "partner_id": partner.id}
                    for partner in partners
                ]
            )
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """Like assertRaisesRegex, but in a savepoint rolled back (Odoo's
        assertRaises)."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))
