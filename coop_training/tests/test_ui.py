from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

TITLE = "Tour Session Digital Marketing"


@tagged("post_install", "-at_install")
class TestTrainingUi(HttpCase):
    """A training session as the training staff runs it, in a real browser, in French
    (T-1, T-2, T-3, X-2):
    coop_training/static/tests/tours/coop_training_session_tour.js."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("fr_FR")
        env["ir.module.module"].search(
            [("name", "in", ["web", "event", "coop_crm_base", "coop_training"])]
        )._update_translations(["fr_FR"])
        mad = env.ref("base.MAD")
        Company = env["res.company"]
        cls.union = Company.create({"name": "Tour Union", "currency_id": mad.id})
        cls.coop = Company.create(
            {
                "name": "Tour Cooperative",
                "parent_id": cls.union.id,
                "currency_id": mad.id,
            }
        )
        cls.other_coop = Company.create(
            {
                "name": "Tour Other Cooperative",
                "parent_id": cls.union.id,
                "currency_id": mad.id,
            }
        )
        # the least rights the flow needs: training user (event user, coop user), no
        # manager
        cls.trainer = new_test_user(
            env,
            "coop_tour_trainer",
            groups="coop_training.group_training_user",
            name="Tour Trainer",
            company_id=cls.coop.id,
            company_ids=[Command.set(cls.coop.ids)],
            lang="fr_FR",
            tz="Africa/Casablanca",
        )
        Partner = env["res.partner"]
        cls.members = Partner.create(
            [
                {
                    "name": name,
                    "email": f"{name.split()[0].lower()}@example.com",
                    "company_id": cls.coop.id,
                    "lang": "fr_FR",
                }
                for name in ("Khadija Tour", "Youssef Tour", "Amina Tour")
            ]
        )
        cls.memberships = env["coop.membership"].create(
            [
                {"partner_id": partner.id, "company_id": cls.coop.id, "state": "active"}
                for partner in cls.members
            ]
        )
        # not a member of the cooperative: a customer, and a member of another
        # cooperative
        cls.outsider = Partner.create(
            {
                "name": "Karim Outsider",
                "email": "karim@example.com",
                "company_id": cls.coop.id,
            }
        )
        cls.other_member = Partner.create(
            {
                "name": "Salma Elsewhere",
                "email": "salma@example.com",
                "company_id": False,  # a contact shared by the cooperatives
            }
        )
        env["coop.membership"].create(
            {
                "partner_id": cls.other_member.id,
                "company_id": cls.other_coop.id,
                "state": "active",
            }
        )
        cls.topic = env["coop.training.topic"].create({"name": "Tour Topic E-commerce"})

    def test_training_session_tour_french(self):
        """T-1, T-2, T-3, X-2: a training user plans a session in French, registers
        three
        members (an outsider is refused), marks two days of attendance and prints a
        certificate; the records are those the flow should leave."""
        self.assertFalse(self.trainer.has_group("event.group_event_manager"))
        self.assertFalse(self.trainer.has_group("coop_training.group_training_manager"))
        field = self.env["event.event"]._fields["training_hours_per_day"]
        self.assertEqual(
            field.get_description(self.env(context={"lang": "fr_FR"}))["string"],
            "Heures par jour",
        )

        with mute_logger("odoo.http"):  # the outsider's refusal is logged as a warning
            self.start_tour(
                "/odoo/coop-trainings",
                "coop_training_session",
                login="coop_tour_trainer",
            )

        # T-1: the session as planned in the form
        session = self.env["event.event"].search([("name", "=", TITLE)])
        self.assertEqual(len(session), 1)
        self.assertTrue(session.is_training)
        self.assertEqual(session.training_topic_id, self.topic)
        self.assertEqual(session.training_mode, "on_site")
        self.assertEqual(session.company_id, self.coop)
        self.assertEqual(session.coop_company_ids, self.coop)
        self.assertEqual(session.training_hours_per_day, 3.5)
        self.assertEqual(session.create_uid, self.trainer)
        days = session._get_training_days()
        self.assertEqual(len(days), 2)

        # T-2: three members registered, each linked to the membership; no outsider
        registrations = session.registration_ids.sorted("id")
        self.assertEqual(registrations.partner_id, self.members)
        self.assertEqual(
            registrations.mapped("partner_id.name"),
            ["Khadija Tour", "Youssef Tour", "Amina Tour"],
        )
        self.assertEqual(registrations.coop_membership_id, self.memberships)
        self.assertEqual(registrations.coop_member_company_id, self.coop)
        self.assertFalse(
            self.env["event.registration"].search(
                [("partner_id", "=", self.outsider.id)]
            )
        )
        khadija, youssef, amina = registrations

        # T-2: attendance of the two days, hours and states
        self.assertEqual(len(session.training_attendance_ids), 6)

        def presence(registration):
            lines = registration.training_attendance_ids
            self.assertEqual(sorted(lines.mapped("day")), days)
            return sorted((line.present, line.hours) for line in lines)

        self.assertEqual(presence(khadija), [(True, 3.5), (True, 3.5)])
        self.assertEqual(presence(youssef), [(False, 0.0), (True, 3.5)])
        self.assertEqual(presence(amina), [(False, 0.0), (False, 0.0)])
        self.assertEqual(
            [
                (r.state, r.training_hours, r.training_days_attended)
                for r in registrations
            ],
            [("done", 7.0, 2), ("done", 3.5, 1), ("open", 0.0, 0)],
        )
        self.assertEqual(
            (session.training_hours_total, session.training_attendee_count), (10.5, 2)
        )
        self.assertEqual(
            registrations.mapped("training_certificate_available"), [True, True, False]
        )

        # T-3, X-2: the certificate the tour opened, as the trainer sees it, in French
        # new_test_user gives the login as password
        self.authenticate("coop_tour_trainer", "coop_tour_trainer")
        html = self.url_open(
            f"/report/html/coop_training.report_training_certificate/{khadija.id}"
        ).text
        for text in (
            "Attestation de formation",
            "Nous certifions que",
            "Khadija Tour",
            TITLE,
            "Tour Cooperative",
        ):
            self.assertIn(text, html)
        # issue #21: seven hours, without a stray decimal
        self.assertRegex(html, r'class="o_coop_certificate_hours"[^>]*>\s*7\s*<')
        # no certificate for a registrant who never came
        with mute_logger("odoo.http"):
            refused = self.url_open(
                f"/report/html/coop_training.report_training_certificate/{amina.id}"
            )
        self.assertNotEqual(refused.status_code, 200)
        self.assertNotIn("o_coop_certificate_name", refused.text)

    def test_outsider_refused(self):
        """T-2, X-4: registering someone who is not an active member of the session's
        cooperative is refused, with the names in the message, unless the session is
        open
        to non-members."""
        session = (
            self.env["event.event"]
            .with_user(self.trainer)
            .create(
                {
                    "name": "Tour refusal",
                    "is_training": True,
                    "training_topic_id": self.topic.id,
                    "date_begin": "2025-03-10 08:00:00",
                    "date_end": "2025-03-10 16:00:00",
                    "date_tz": "UTC",
                }
            )
        )
        Registration = self.env["event.registration"].with_user(self.trainer)
        for partner in (self.outsider, self.other_member):
            with self.assertRaises(ValidationError) as caught:
                Registration.create({"event_id": session.id, "partner_id": partner.id})
            self.assertIn(partner.name, str(caught.exception))
            self.assertIn("Tour Cooperative", str(caught.exception))
        self.assertFalse(session.registration_ids)
        session.open_to_non_members = True
        guest = Registration.create(
            {"event_id": session.id, "partner_id": self.outsider.id}
        )
        self.assertFalse(guest.coop_membership_id)
        member = Registration.create(
            {"event_id": session.id, "partner_id": self.members[0].id}
        )
        self.assertEqual(member.coop_membership_id, self.memberships[0])
