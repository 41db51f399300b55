from datetime import timedelta

import pytz

from odoo import fields
from odoo.tests import tagged

from .common import CoopCase, CoopChannelCase


@tagged("post_install", "-at_install")
class TestAppointmentChannels(CoopCase, CoopChannelCase):
    """The appointment's confirmation, and the message when it is moved, reach the
    customer on their channel; the other attendees keep Odoo's invitations (M-6, X-7,
    issue #18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"].with_context(tracking_disable=True)
        cls.by_sms = Partner.create(
            {
                "name": "Hassan Phone",
                "mobile": "0663456789",
                "company_id": cls.coop_a.id,
                "lang": "fr_FR",
                "tz": "Europe/Paris",  # never UTC: the time shown is the local one
                "coop_consent_sms": True,
            }
        )
        cls.by_email = Partner.create(
            {
                "name": "Nadia Mail",
                "email": "nadia@example.com",
                "mobile": "0663456780",
                "company_id": cls.coop_a.id,
                "coop_consent_sms": True,
                "coop_consent_email": True,
                "coop_preferred_channel": "email",
            }
        )
        cls.silent = Partner.create(
            {
                "name": "Omar Silent",
                "email": "omar@example.com",
                "mobile": "0663456781",
                "company_id": cls.coop_a.id,
            }
        )
        cls.manager_a.partner_id.email = "manager.a@example.com"
        # a time of day whatever the hour the test runs at: 09:30 UTC in three days
        cls.start = fields.Datetime.now().replace(
            hour=9, minute=30, second=0, microsecond=0
        ) + timedelta(days=3)

    def _appointment(self, customer, **vals):
        return (
            self.env["calendar.event"]
            .with_user(self.user_a)
            .create(
                {
                    "name": "Olive oil order",
                    "start": self.start,
                    "stop": self.start + timedelta(hours=1),
                    "coop_partner_id": customer.id,
                    **vals,
                }
            )
        )

    def _mails_to(self, event, partner, subject_start):
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "calendar.event"),
                    ("res_id", "=", event.id),
                    ("partner_ids", "in", partner.ids),
                    ("subject", "=like", f"{subject_start}%"),
                ]
            )
        )

    def _local(self, partner, when):
        return pytz.utc.localize(when).astimezone(pytz.timezone(partner.tz))

    def test_confirmation_by_sms_in_french(self):
        """M-6, X-7: a customer with a phone, SMS consent and no e-mail gets the
        confirmation by SMS, in French, with the date and time in their time zone and
        the video link; no e-mail is attempted."""
        with self.mockSMSGateway():
            event = self._appointment(
                self.by_sms, videocall_location="https://meet.example.com/olive"
            )
            self._send_queue()
        sms = self._sms_of(self.by_sms)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+212663456789")
        local = self._local(self.by_sms, self.start)
        self.assertIn("confirmé", sms.body)
        self.assertIn(local.strftime("%d/%m/%Y"), sms.body)
        self.assertIn(local.strftime("%H:%M"), sms.body)
        self.assertNotIn("09:30", sms.body)  # not the UTC time
        self.assertIn("Olive oil order", sms.body)
        self.assertIn("https://meet.example.com/olive", sms.body)
        self.assertLessEqual(len(sms.body), 160)
        log = self.by_sms.coop_message_log_ids
        self.assertEqual(
            (log.channel, log.res_model, log.res_id),
            ("sms", "calendar.event", event.id),
        )
        self.assertFalse(self._mails_to(event, self.by_sms, "Invitation"))

    def test_confirmation_by_email_when_preferred(self):
        """M-6, X-7: a customer who prefers e-mail gets Odoo's invitation, with its
        calendar file, and no SMS; the log points at the invitation."""
        with self.mockSMSGateway():
            event = self._appointment(self.by_email, location="Tiznit shop")
            self._send_queue()
        self.assertFalse(self._sms_of(self.by_email))
        invitation = self._mails_to(event, self.by_email, "Invitation to")
        self.assertEqual(len(invitation), 1)
        self.assertEqual(invitation.subject, "Invitation to Olive oil order")
        self.assertIn("invitation.ics", invitation.attachment_ids.mapped("name"))
        log = self.by_email.coop_message_log_ids
        self.assertEqual((log.channel, log.message_id), ("email", invitation))

    def test_no_consent_nothing_sent_staff_still_invited(self):
        """M-6, X-7: a customer without consent gets neither Odoo's invitation nor an
        SMS, the appointment says why; a staff attendee keeps Odoo's invitation."""
        staff = self.manager_a.partner_id
        with self.mockSMSGateway():
            event = self._appointment(
                self.silent,
                partner_ids=[
                    fields.Command.link(self.user_a.partner_id.id),
                    fields.Command.link(staff.id),
                ],
            )
            self._send_queue()
        self.assertFalse(self._sms_of(self.silent))
        self.assertFalse(self._mails_to(event, self.silent, "Invitation"))
        self.assertEqual(len(self._mails_to(event, staff, "Invitation to")), 1)
        log = self.silent.coop_message_log_ids
        self.assertEqual((log.channel, log.reason), ("none", "no_consent"))
        self.assertTrue(
            event.message_ids.filtered(
                lambda m: "not sent" in m.body and "Omar Silent" in m.body
            )
        )

    def test_moved_appointment(self):
        """M-6, X-7: when the appointment is moved, the SMS customer is told by SMS
        (new date and time), the e-mail customer gets Odoo's change mail, a customer
        without consent hears nothing."""
        with self.mockSMSGateway():
            by_sms = self._appointment(self.by_sms, location="Tiznit shop")
            by_email = self._appointment(self.by_email)
            silent = self._appointment(self.silent)
            self._send_queue()
        moved = self.start + timedelta(days=1, hours=2)
        with self.mockSMSGateway():
            (by_sms | by_email | silent).with_user(self.user_a).write(
                {"start": moved, "stop": moved + timedelta(hours=1)}
            )
            self._send_queue()
        sms = self._sms_of(self.by_sms)
        self.assertEqual(len(sms), 1)
        local = self._local(self.by_sms, moved)
        self.assertIn("déplacé", sms.body)
        self.assertIn(local.strftime("%d/%m/%Y"), sms.body)
        self.assertIn(local.strftime("%H:%M"), sms.body)
        self.assertIn("Tiznit shop", sms.body)
        self.assertFalse(self._sms_of(self.by_email))
        self.assertEqual(
            self._mails_to(by_email, self.by_email, "Olive oil order").mapped(
                "subject"
            ),
            ["Olive oil order: Date updated"],
        )
        self.assertFalse(self._sms_of(self.silent))
        self.assertFalse(self._mails_to(silent, self.silent, ""))
        self.assertEqual(
            self.silent.coop_message_log_ids.mapped("reason"),
            ["no_consent", "no_consent"],
        )

    def test_reminder_by_email_only(self):
        """M-6, X-7: Odoo's e-mail reminder has no SMS form: it goes by e-mail to a
        customer who consented to e-mail, even one who prefers SMS, and is logged as
        not sent to a customer reached by SMS only, for want of consent to this
        message's channel (not of any consent)."""
        self.by_email.coop_preferred_channel = "sms"
        with self.mockSMSGateway():
            by_sms = self._appointment(self.by_sms)
            by_email = self._appointment(self.by_email)
            self._send_queue()
        reminder = self.env.ref("calendar.calendar_template_meeting_reminder")
        with self.mockSMSGateway():
            (by_sms | by_email).attendee_ids._send_mail_to_attendees(reminder)
            self._send_queue()
        self.assertFalse(self._sms_of(self.by_sms) | self._sms_of(self.by_email))
        self.assertEqual(
            self._mails_to(by_email, self.by_email, "Olive oil order").mapped(
                "subject"
            ),
            ["Olive oil order - Reminder"],
        )
        log = self.by_email.coop_message_log_ids.filtered(
            lambda log: log.subject == "Appointment reminder"
        )
        self.assertEqual(log.channel, "email")
        log = self.by_sms.coop_message_log_ids.filtered(
            lambda log: log.subject == "Appointment reminder"
        )
        self.assertEqual((log.channel, log.reason), ("none", "no_channel_consent"))
