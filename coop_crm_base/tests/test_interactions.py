from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestInteractions(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the follow-up goes on the customer's consented channel
        cls.partner_a.with_context(tracking_disable=True).write(
            {"email": "fatima@example.com", "coop_consent_email": True}
        )
        Interaction = cls.env["coop.interaction"]
        cls.call_a = Interaction.with_user(cls.user_a).create(
            {
                "partner_id": cls.partner_a.id,
                "channel": "phone",
                "direction": "in",
                "subject": "Price of argan oil",
                "outcome": "Quote sent",
            }
        )
        cls.visit_b = Interaction.with_user(cls.user_b).create(
            {
                "partner_id": cls.partner_b.id,
                "channel": "souk",
                "direction": "out",
                "subject": "Met at the Tiznit souk",
            }
        )

    def test_interaction_company_and_count(self):
        """M-6: an interaction belongs to its user's cooperative; the partner counts
        them."""
        self.assertEqual(self.call_a.company_id, self.coop_a)
        self.assertEqual(self.call_a.user_id, self.user_a)
        self.assertEqual(
            self.partner_a.with_user(self.user_a).coop_interaction_count, 1
        )
        action = self.partner_a.with_user(self.user_a).action_coop_open_interactions()
        self.assertEqual(action["res_model"], "coop.interaction")
        self.assertEqual(action["domain"], [("partner_id", "=", self.partner_a.id)])

    def test_interaction_isolation(self):
        """M-6, M-9, X-1: coop B's user cannot read coop A's interactions."""
        with self.assertRaises(AccessError):
            self.call_a.with_user(self.user_b).read(["subject"])
        Interaction = self.env["coop.interaction"]
        ids = (self.call_a | self.visit_b).ids
        self.assertEqual(
            Interaction.with_user(self.user_b).search([("id", "in", ids)]), self.visit_b
        )
        self.assertEqual(
            Interaction.with_user(self.user_a).search([("id", "in", ids)]), self.call_a
        )
        self.assertEqual(
            Interaction.with_user(self.union_manager).search([("id", "in", ids)]),
            self.call_a | self.visit_b,
        )
        with self.assertRaises(AccessError):
            Interaction.with_user(self.user_b).create(
                {
                    "partner_id": self.partner_b.id,
                    "company_id": self.coop_a.id,
                    "subject": "Wrong cooperative",
                }
            )

    def test_followup_by_sms(self):
        """M-6, X-7 (issue #18): a customer reached by SMS only gets the summary by
        SMS, short; without consent, nothing is sent and the appointment says why."""
        start = fields.Datetime.now() + timedelta(days=1)
        customer = self.env["res.partner"].create(
            {
                "name": "Hassan Phone",
                "mobile": "0663456789",
                "company_id": self.coop_a.id,
                "coop_consent_sms": True,
            }
        )
        event = (
            self.env["calendar.event"]
            .with_user(self.user_a)
            .create(
                {
                    "name": "Call",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "coop_partner_id": customer.id,
                    "coop_summary": "<p>Delivery of 20 l next week.</p>" * 20,
                }
            )
        )
        # the appointment's confirmation went by SMS already (TestAppointmentChannels)
        confirmation = (
            self.env["sms.sms"].sudo().search([("partner_id", "=", customer.id)])
        )
        event.with_user(self.user_a).action_coop_send_followup()
        sms = (
            self.env["sms.sms"].sudo().search([("partner_id", "=", customer.id)])
            - confirmation
        )
        self.assertEqual(len(sms), 1)
        self.assertIn('our meeting "Call". Delivery of 20 l next week.', sms.body)
        self.assertLessEqual(len(sms.body), 320)
        self.assertEqual(
            customer.coop_message_log_ids.mapped("channel"), ["sms", "sms"]
        )
        customer.coop_consent_sms = False
        event.with_user(self.user_a).action_coop_send_followup()
        self.assertEqual(
            self.env["sms.sms"].sudo().search([("partner_id", "=", customer.id)])
            - confirmation,
            sms,
        )
        last = self.env["coop.message.log"].search(
            [("partner_id", "=", customer.id)], limit=1
        )
        self.assertEqual((last.channel, last.reason), ("none", "no_consent"))
        self.assertIn("not sent", event.message_ids[0].body)

    def test_appointment_confirmation_and_followup(self):
        """M-6: a remote appointment invites the customer (confirmation mail), logs a
        video-call interaction, and sends the follow-up summary in one click."""
        start = fields.Datetime.now() + timedelta(days=2)
        event = (
            self.env["calendar.event"]
            .with_user(self.user_a)
            .create(
                {
                    "name": "Video call about the order",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "coop_partner_id": self.partner_a.id,
                    "videocall_location": "https://meet.example.com/abc",
                }
            )
        )
        self.assertEqual(event.partner_ids, self.user_a.partner_id | self.partner_a)
        invitation = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "calendar.event"),
                    ("res_id", "=", event.id),
                    ("partner_ids", "in", self.partner_a.ids),
                ]
            )
        )
        self.assertEqual(len(invitation), 1)
        self.assertEqual(invitation.subject, "Invitation to Video call about the order")
        interaction = event.coop_interaction_ids
        self.assertEqual(len(interaction), 1)
        self.assertEqual(
            (
                interaction.channel,
                interaction.direction,
                interaction.partner_id,
                interaction.company_id,
            ),
            ("video", "out", self.partner_a, self.coop_a),
        )
        todo = interaction.activity_ids
        self.assertEqual(
            (todo.user_id, todo.date_deadline), (self.user_a, start.date())
        )
        self.assertEqual(
            todo.summary, "Send the follow-up summary of Video call about the order"
        )

        with self.assertRaises(UserError):
            event.with_user(self.user_a).action_coop_send_followup()  # no summary yet
        event.with_user(self.user_a).coop_summary = "<p>Delivery of 20 l next week.</p>"
        event.with_user(self.user_a).action_coop_send_followup()
        followup = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "calendar.event"),
                    ("res_id", "=", event.id),
                    (
                        "subject",
                        "=",
                        "Summary of our meeting: Video call about the order",
                    ),
                ]
            )
        )
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.partner_ids, self.partner_a)
        self.assertIn("Delivery of 20 l next week.", followup.body)
        self.assertEqual(
            self.env["mail.notification"]
            .sudo()
            .search_count(
                [
                    ("mail_message_id", "=", followup.id),
                    ("res_partner_id", "=", self.partner_a.id),
                    ("notification_type", "=", "email"),
                ]
            ),
            1,
        )
        self.assertEqual(interaction.outcome, "Delivery of 20 l next week.")
        self.assertFalse(interaction.activity_ids)
        self.assertTrue(event.coop_followup_date)
