from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.coop_crm_base.models.coop_message_channel import coop_sms_parts
from odoo.addons.coop_crm_base.tests.common import CoopChannelCase

from .common import ClaimsCase

MOBILE = "0661234567"
E164 = "+212661234567"


@tagged("post_install", "-at_install")
class TestClaimChannels(ClaimsCase, CoopChannelCase):
    """The claim's messages go on the customer's consented channel (X-7, issue #18)."""

    channel_modules = ("coop_crm_base", "coop_claims")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop_a.coop_sms_unit_cost = 0.25
        cls.rural = cls.env["res.partner"].create(
            {
                "name": "Aicha Rural",
                "mobile": MOBILE,
                "company_id": cls.coop_a.id,
                "lang": "fr_FR",
                "coop_consent_sms": True,
            }
        )

    def _run_lifecycle(self, claim):
        claim.write({"claim_type": "good_faith", "category_id": self.category.id})
        claim.action_register()
        claim.action_resolve()
        claim.write(
            {"closing_condition": "satisfied", "answer": "<p>Nouveau bidon.</p>"}
        )
        claim.action_close()

    def test_sms_customer_hears_every_step(self):
        """X-7, C-2: a customer with a phone, SMS consent and no e-mail receives the
        acknowledgement, each phase change and the closing by SMS, in French, each
        with a short link that opens the claim's portal page; no e-mail is sent."""
        with self.mockSMSGateway():
            claim = self._claim(partner=self.rural)
            self._send_queue()
            self._run_lifecycle(claim)
            self._send_queue()
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 4)
        self.assertEqual(set(sms.mapped("number")), {E164})
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        ack, registration, resolution, closure = sms.mapped("body")
        self.assertIn(f"nous avons reçu votre réclamation {claim.name}", ack)
        self.assertIn("Enregistrement", registration)
        self.assertIn("Résolution", resolution)
        self.assertIn("clôturée", closure)
        self.assertSMSIapSent([E164], content=claim.name)
        # the short link opens the claim's page, token included
        link = ack.split()[-1]
        self.assertRegex(link, r"/m/[A-Za-z0-9]{10}$")
        response = self.url_open(link[link.index("/m/") :])
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/claims/{claim.id}", response.url)
        self.assertIn("access_token=", response.url)
        self.assertIn(claim.name, response.text)
        # closed: the page offers the rating the SMS announces
        self.assertIn("/rate/", response.text)
        # the chatter shows the SMS; the customer file shows the channel and its cost
        sms_messages = claim.message_ids.filtered(lambda m: m.message_type == "sms")
        self.assertEqual(len(sms_messages), 4)
        logs = self.rural.coop_message_log_ids
        self.assertEqual(logs.mapped("channel"), ["sms"] * 4)
        self.assertEqual(
            sum(logs.mapped("sms_cost")), 0.25 * sum(logs.mapped("sms_parts"))
        )
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", self.rural.ids)])
        )
        self.assertFalse(mails)

    def test_no_sms_consent_nothing_sent(self):
        """X-7: the same customer without SMS consent receives nothing; the claim's
        chatter says why and the message is listed as not sent."""
        self.rural.coop_consent_sms = False
        with self.mockSMSGateway():
            claim = self._claim(partner=self.rural)
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        self.assertEqual(self._sms, [])
        note = claim.message_ids.filtered(lambda m: "Aicha Rural" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn("No consent", note.body)
        log = self.rural.coop_message_log_ids
        self.assertEqual((log.channel, log.reason), ("none", "no_consent"))
        self.assertEqual(claim.with_user(self.user_a).coop_message_log_ids, log)
        not_sent = self.env["coop.message.log"].search(
            [
                ("channel", "=", "none"),
                ("res_model", "=", "coop.claim"),
                ("res_id", "=", claim.id),
            ]
        )
        self.assertEqual(not_sent, log)

    def test_email_preferred(self):
        """X-7: a customer who consented to both and prefers e-mail gets e-mail."""
        self.rural.write(
            {
                "email": "aicha@example.ma",
                "coop_consent_email": True,
                "coop_preferred_channel": "email",
            }
        )
        with self.mockSMSGateway():
            claim = self._claim(partner=self.rural)
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        ack = claim.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.rural in m.partner_ids
        )
        self.assertEqual(len(ack), 1)
        notification = self.env["mail.notification"].search(
            [("mail_message_id", "=", ack.id), ("res_partner_id", "=", self.rural.id)]
        )
        self.assertEqual(notification.notification_type, "email")
        self.assertEqual(self.rural.coop_message_log_ids.channel, "email")

    def test_channel_order_of_the_cooperative(self):
        """X-7: without a preference, the first consented channel in the
        cooperative's order: e-mail first by default, SMS first when it says so."""
        self.rural.write({"email": "aicha@example.ma", "coop_consent_email": True})
        channels = self.rural._coop_message_channels(self.coop_a)
        self.assertEqual(channels[self.rural.id], ("email", "aicha@example.ma"))
        self.coop_a.coop_channel_order = "sms,email,post"
        channels = self.rural._coop_message_channels(self.coop_a)
        self.assertEqual(channels[self.rural.id], ("sms", E164))
        # a preference the person did not consent to does not count
        self.rural.coop_preferred_channel = "post"
        channels = self.rural._coop_message_channels(self.coop_a)
        self.assertEqual(channels[self.rural.id], ("sms", E164))

    def test_blacklisted_number_gets_nothing(self):
        """X-7: a number on the phone blacklist (an SMS STOP) receives nothing, even
        with consent on record."""
        self.env["phone.blacklist"].sudo().add(E164)
        with self.mockSMSGateway():
            claim = self._claim(partner=self.rural)
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        log = self.rural.coop_message_log_ids
        self.assertEqual((log.channel, log.reason), ("none", "number_blacklisted"))
        self.assertIn("blacklist", claim.message_ids[0].body)

    def test_post_only(self):
        """X-7: a customer who consented to the post only gets a letter to post: the
        chatter and the list of messages say so, nothing is e-mailed or texted."""
        self.rural.write(
            {
                "coop_consent_sms": False,
                "coop_consent_post": True,
                "street": "Douar Tamri",
                "city": "Agadir",
            }
        )
        with self.mockSMSGateway():
            claim = self._claim(partner=self.rural)
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        self.assertEqual(self.rural.coop_message_log_ids.channel, "post")
        self.assertIn("letter", claim.message_ids[0].body)

    def test_claim_by_email_answered_by_email(self):
        """X-7: a claim received by e-mail is answered by e-mail, though the sender
        never consented to the cooperative's e-mails."""
        self.rural.write({"email": "aicha@example.ma"})
        with self.mockSMSGateway():
            self._claim(partner=self.rural, channel="email")
            self._send_queue()
        self.assertEqual(self.rural.coop_message_log_ids.channel, "email")
        self.assertFalse(self._sms_of(self.rural))

    def test_acknowledgement_sms_offers_whatsapp(self):
        """X-7: where the cooperative has a WhatsApp number, the acknowledgement SMS
        gives its click-to-chat link (wa.me/<number>, WhatsApp's own short address)
        before the short link, in French; in Arabic it still fits in two parts of the
        gateway."""
        self.coop_a.coop_whatsapp_number = "+212522334455"
        with self.mockSMSGateway():
            claim = self._claim(partner=self.rural)
            self._send_queue()
        ack = self._sms_of(self.rural).body
        self.assertIn(" wa.me/212522334455 ", ack)
        self.assertIn("nous avons reçu votre réclamation", ack)
        self.assertRegex(ack.split()[-1], r"/m/[A-Za-z0-9]{10}$")
        self.assertIn(claim.name, ack)
        self.rural.lang = "ar_001"
        with self.mockSMSGateway():
            self._claim(partner=self.rural)
            self._send_queue()
        arabic = self._sms_of(self.rural).sorted("id")[-1].body
        self.assertIn("wa.me/212522334455", arabic)
        self.assertLessEqual(coop_sms_parts(arabic), 2)

    def test_arabic_sms_parts(self):
        """X-7: the Arabic acknowledgement is written in Arabic and stays within two
        parts of the gateway (UCS-2: 70 characters, 67 per part of a long SMS); the
        parts counted are the ones logged and costed."""
        self.rural.lang = "ar_001"
        with self.mockSMSGateway():
            claim = self._claim(partner=self.rural)
            self._send_queue()
        body = self._sms_of(self.rural).body
        self.assertIn(claim.name, body)
        self.assertRegex(body, "[\u0600-\u06ff]")
        parts = coop_sms_parts(body)
        self.assertLessEqual(len(body), 2 * 67)
        self.assertEqual(parts, 2 if len(body) > 70 else 1)
        log = self.rural.coop_message_log_ids
        self.assertEqual(log.sms_parts, parts)
        self.assertEqual(log.sms_cost, 0.25 * parts)

    def test_sms_parts_of_the_gateway(self):
        """X-7: GSM 03.38 texts split at 160/153 characters (the euro sign counts
        two), any other character makes UCS-2 (70/67)."""
        self.assertEqual(coop_sms_parts("a" * 160), 1)
        self.assertEqual(coop_sms_parts("a" * 161), 2)
        self.assertEqual(coop_sms_parts("a" * 306), 2)
        self.assertEqual(coop_sms_parts("a" * 307), 3)
        self.assertEqual(coop_sms_parts("€" * 80), 1)
        self.assertEqual(coop_sms_parts("€" * 81), 2)
        self.assertEqual(coop_sms_parts("ش" * 70), 1)
        self.assertEqual(coop_sms_parts("ش" * 71), 2)
        self.assertEqual(coop_sms_parts("ê" + "a" * 69), 1)
        self.assertEqual(coop_sms_parts("ê" + "a" * 70), 2)

    def test_message_log_read_only_and_per_cooperative(self):
        """X-7, X-1: the list of messages is written by the suite only; a user of
        another cooperative does not see it; an unknown short code is not found."""
        with self.mockSMSGateway():
            self._claim(partner=self.rural)
        log = self.rural.coop_message_log_ids
        Log = self.env["coop.message.log"]
        with self.assertRaises(AccessError):
            Log.with_user(self.user_a).create(
                {
                    "company_id": self.coop_a.id,
                    "partner_id": self.rural.id,
                    "channel": "sms",
                }
            )
        with self.assertRaises(AccessError):
            log.with_user(self.user_a).write({"channel": "email"})
        self.assertEqual(Log.with_user(self.user_a).search([("id", "=", log.id)]), log)
        self.assertFalse(Log.with_user(self.user_b).search([("id", "=", log.id)]))
        with self.assertRaises(AccessError):
            self.env["coop.short.link"].with_user(self.user_a).search([])
        self.assertEqual(self.url_open("/m/AAAAAAAAAA").status_code, 404)

    def test_survey_short_links_untouched(self):
        """X-7: the suite's short links live under /m/, not under Odoo's survey
        session links (/s/<session code>), which keep working."""
        self.env["survey.survey"].search(
            [("session_state", "in", ["ready", "in_progress"])]
        ).write({"session_state": False})
        survey = self.env.ref("coop_crm_base.survey_coop_satisfaction")
        survey.write(
            {
                "session_state": "ready",
                "session_code": "123456",
                "session_start_time": fields.Datetime.now(),
                "access_mode": "public",
                "users_login_required": False,
            }
        )
        response = self.url_open("/s/123456")
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "The session will begin automatically when the host starts", response.text
        )

    def test_tour_chatter_shows_the_sms(self):
        """X-7, C-2 (issue #18): a French-speaking clerk sees in the claim's chatter the
        acknowledgement sent by SMS, registers the claim and sees its SMS."""
        self.user_a.write({"password": "coop_user_a", "lang": "fr_FR"})
        claim = self._claim(partner=self.rural)
        claim.write(
            {
                "claim_type": "good_faith",
                "category_id": self.category.id,
                "user_id": self.user_a.id,
            }
        )
        self.start_tour(
            f"/odoo/action-coop_claims.action_coop_claim/{claim.id}",
            "coop_claims_sms_tour",
            login="coop_user_a",
        )
        self.assertEqual(claim.phase, "registration")
        self.assertEqual(
            self.rural.coop_message_log_ids.mapped("channel"), ["sms", "sms"]
        )
