from odoo import fields
from odoo.tests import tagged

from odoo.addons.coop_crm_base.models.coop_message_channel import coop_sms_parts
from odoo.addons.coop_crm_base.tests.common import CoopChannelCase

from .common import TrainingCase

MOBILE = "0661234567"
E164 = "+212661234567"
LINK = "https://meet.example.com/coop-a-marketing"


@tagged("post_install", "-at_install")
class TestTrainingChannels(TrainingCase, CoopChannelCase):
    """The training's messages go on the member's consented channel (X-7, T-1, T-3,
    issue #18)."""

    channel_modules = ("coop_crm_base", "coop_training")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rural = cls.env["res.partner"].create(
            {
                "name": "Aicha Rural",
                "mobile": MOBILE,
                "company_id": cls.coop_a.id,
                "lang": "fr_FR",
                "coop_consent_sms": True,
            }
        )
        cls._membership(cls.rural, cls.coop_a, state="active")
        now = fields.Datetime.now()
        cls.remote = cls._training(
            name="Marketing",
            training_mode="remote",
            video_link=LINK,
            address_id=False,
            date_begin=fields.Datetime.add(now, days=10),
            date_end=fields.Datetime.add(now, days=10, hours=4),
        )
        cls.past = cls._training(
            name="Marketing",
            date_begin="2025-04-07 08:00:00",
            date_end="2025-04-07 16:00:00",
        )

    def _attend_past_session(self, partner):
        registration = self._register(self.past, partner)
        self.env["coop.training.attendance"].with_user(self.user_a).create(
            {"registration_id": registration.id, "day": "2025-04-07", "present": True}
        )
        return registration

    def _mails_to(self, partner, registration):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "event.registration"),
                    ("res_id", "=", registration.id),
                    ("recipient_ids", "in", partner.ids),
                ]
            )
        )

    def test_sms_member_registration_and_certificate_french(self):
        """X-7, T-1, T-3: a member with a mobile, SMS consent and no e-mail gets the
        registration (with the video link of a remote session) and, once the session
        is over, the certificate message by SMS, in French; no e-mail."""
        with self.mockSMSGateway():
            registration = self._register(self.remote, self.rural)
            attended = self._attend_past_session(self.rural)
            self.env["event.event"]._cron_send_training_certificates()
            self._send_queue()
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 3)
        self.assertEqual(set(sms.mapped("number")), {E164})
        confirmation_remote, confirmation_past, certificate = sms.mapped("body")
        self.assertIn("vous êtes inscrit(e) à Marketing", confirmation_remote)
        self.assertIn(LINK, confirmation_remote)
        self.assertNotIn(LINK, confirmation_past)
        self.assertIn("attestation de la formation Marketing", certificate)
        self.assertIn("(6 h)", certificate)
        self.assertSMSIapSent([E164], content="Marketing")
        self.assertTrue(attended.training_certificate_sent_date)
        logs = self.rural.coop_message_log_ids.sorted("id")
        self.assertEqual(logs.mapped("channel"), ["sms"] * 3)
        self.assertEqual(logs[0].res_id, registration.id)
        # the registration's form lists the message and its channel
        self.assertEqual(registration.coop_message_log_ids, logs[0])
        self.assertEqual(logs[-1].res_id, attended.id)
        self.assertFalse(self._mails_to(self.rural, registration))
        self.assertFalse(self._mails_to(self.rural, attended))
        # the certificate message goes once
        with self.mockSMSGateway():
            self.env["event.event"]._cron_send_training_certificates()
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))

    def test_sms_member_arabic_reminder_and_evaluation(self):
        """X-7, T-1, T-3: in Arabic, the registration, the certificate, the reminder
        before the session (with the video link) and the evaluation invitation (with
        a short link to the survey) each stay within two SMS parts."""
        self.rural.lang = "ar_001"
        with self.mockSMSGateway():
            registration = self._register(self.remote, self.rural)
            self._attend_past_session(self.rural)
            self.env["event.event"]._cron_send_training_certificates()
            self.env["event.event"]._cron_send_training_evaluation()
            reminders = self.remote.event_mail_ids.filtered(
                lambda m: m.interval_type == "before_event"
            )
            self.assertTrue(reminders)
            reminders[:1]._execute_event_based()
            self._send_queue()
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 5)
        for body in sms.mapped("body"):
            self.assertRegex(body, "[\u0600-\u06ff]")
            self.assertLessEqual(coop_sms_parts(body), 2, body)
        reminder = sms.filtered(lambda s: "تذكير" in s.body)
        self.assertEqual(len(reminder), 1)
        self.assertIn(LINK, reminder.body)
        evaluation = sms.filtered(lambda s: "/m/" in s.body)
        self.assertEqual(len(evaluation), 1)
        link = evaluation.body.split()[-1]
        self.assertRegex(link, r"/m/[A-Za-z0-9]{10}$")
        short = self.env["coop.short.link"].search([("code", "=", link[-10:])])
        self.assertIn("/survey/start/", short.url)
        self.assertIn("answer_token=", short.url)
        self.assertEqual(self.rural.coop_message_log_ids.mapped("channel"), ["sms"] * 5)
        self.assertEqual(
            self.rural.coop_message_log_ids.filtered(
                lambda log: log.res_id == registration.id
            ).mapped("subject"),
            ["Training reminder", "Training registration"],
        )

    def test_no_consent_nothing_sent(self):
        """X-7: the same member without consent receives nothing, neither the
        registration nor the certificate message; the registration's chatter says why
        and the messages are listed as not sent."""
        self.rural.coop_consent_sms = False
        with self.mockSMSGateway():
            registration = self._register(self.remote, self.rural)
            attended = self._attend_past_session(self.rural)
            self.env["event.event"]._cron_send_training_certificates()
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        # nothing to her number (the demo's attendees get their own messages)
        self.assertNotIn(E164, [sms["number"] for sms in self._sms])
        for record in (registration, attended):
            notes = record.message_ids.filtered(
                lambda m: "Aicha Rural" in (m.body or "")
            )
            self.assertTrue(notes)
            self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
            self.assertIn("No consent", notes[0].body)
            self.assertFalse(self._mails_to(self.rural, record))
        logs = self.rural.coop_message_log_ids
        self.assertEqual(len(logs), 3)
        self.assertEqual(set(logs.mapped("channel")), {"none"})
        self.assertEqual(set(logs.mapped("reason")), {"no_consent"})
        self.assertEqual(set(logs.mapped("res_model")), {"event.registration"})
        # not sent is still done: the certificate message is not retried every day
        self.assertTrue(attended.training_certificate_sent_date)

    def test_email_preferred(self):
        """X-7: a member who consented to both and prefers e-mail gets the
        registration and the certificate message by e-mail, no SMS."""
        self.rural.write(
            {
                "email": "aicha@example.ma",
                "coop_consent_email": True,
                "coop_preferred_channel": "email",
            }
        )
        with self.mockSMSGateway():
            registration = self._register(self.remote, self.rural)
            attended = self._attend_past_session(self.rural)
            self.env["event.event"]._cron_send_training_certificates()
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        mail = self._mails_to(self.rural, registration)
        self.assertEqual(len(mail), 1)
        self.assertIn(LINK, mail.body_html)
        self.assertIn("Marketing", mail.subject)
        certificate = self._mails_to(self.rural, attended).filtered(
            lambda m: "certificate" in m.subject or "attestation" in m.subject
        )
        self.assertEqual(len(certificate), 1)
        self.assertIn("/my/trainings", certificate.body_html)
        self.assertEqual(
            set(self.rural.coop_message_log_ids.mapped("channel")), {"email"}
        )
        # no partner made up from the registration's own address
        self.assertFalse(
            self.env["res.partner"].search_count(
                [("email", "=", "aicha@example.ma"), ("id", "!=", self.rural.id)]
            )
        )

    def test_other_events_keep_odoo_mail(self):
        """X-7: an event that is not a training keeps Odoo's scheduled mails: the
        attendee's registration mail is sent as Odoo sends it, nothing is logged."""
        event = self.env["event.event"].create(
            {
                "name": "Open day",
                "date_begin": fields.Datetime.add(fields.Datetime.now(), days=5),
                "date_end": fields.Datetime.add(fields.Datetime.now(), days=6),
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.m1.id}
        )
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "event.registration"),
                    ("res_id", "=", registration.id),
                ]
            )
        )
        self.assertEqual(len(mails), 1)
        self.assertIn("member.a1@example.com", mails.email_to)
        self.assertFalse(
            self.env["coop.message.log"].search(
                [
                    ("res_model", "=", "event.registration"),
                    ("res_id", "=", registration.id),
                ]
            )
        )

    def test_training_schedulers_use_training_templates(self):
        """X-7, T-1: a training's registration mail and reminders are the training's
        own, addressed to the member (its contact), not Odoo's generic ones."""
        templates = self.remote.event_mail_ids.mapped("template_ref")
        self.assertIn(
            self.env.ref("coop_training.mail_template_training_registration"),
            templates,
        )
        self.assertIn(
            self.env.ref("coop_training.mail_template_training_reminder"), templates
        )
        self.assertNotIn(self.env.ref("event.event_reminder"), templates)
        self.assertNotIn(self.env.ref("event.event_subscription"), templates)
