from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.coop_crm_base.models.coop_message_channel import coop_sms_parts
from odoo.addons.coop_crm_base.tests.common import CoopChannelCase

from .common import CoopLoyaltyCase

MOBILE = "0661234567"
E164 = "+212661234567"


@tagged("post_install", "-at_install")
class TestLoyaltyChannels(CoopLoyaltyCase, CoopChannelCase):
    """The card's and the ristourne's messages go on the holder's consented channel
    (X-7, issue #18; L-1 to L-4, L-7)."""

    channel_modules = ("coop_crm_base", "coop_loyalty")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.name = "Tifawin"
        cls.rural = cls.env["res.partner"].create(
            {
                "name": "Aicha Rural",
                "mobile": MOBILE,
                "company_id": cls.company.id,
                "country_id": cls.env.ref("base.ma").id,
                "lang": "fr_FR",
                "coop_consent_sms": True,
            }
        )
        cls.rural_card = cls.env["loyalty.card"].create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.rural.id,
                "points": 0,
                "coop_date_issue": cls.today - timedelta(days=100),
            }
        )
        cls.program.write(
            {
                "coop_conversion_points": 1000.0,
                "coop_conversion_program_id": cls.voucher_program.id,
                "coop_conversion_amount": 100.0,
            }
        )

    def _logs(self, partner, subject):
        return partner.coop_message_log_ids.filtered(lambda log: log.subject == subject)

    def _mails_to(self, partner):
        return (
            self.env["mail.mail"].sudo().search([("recipient_ids", "in", partner.ids)])
        )

    def _remind(self, card, days):
        self._adjust(card, expiry=self.today + timedelta(days=days))
        with self.mockSMSGateway():
            sent = self.env["loyalty.card"]._cron_coop_expiry_reminders()
            self._send_queue()
        self.assertIn(card, sent)
        return sent

    def _ewallet_run(self, purchases):
        """A validated run of an eWallet ristourne of 5% over 2025 for the members
        ``purchases`` gives with the quantities of 100 they bought."""
        for partner, qty in purchases:
            self.env["coop.membership"].create(
                {"partner_id": partner.id, "company_id": self.company.id}
            ).action_admit()
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2025-06-15",
                    "date": "2025-06-15",
                    "company_id": self.company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": qty,
                                "price_unit": 100.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
        ewallet = self.env["loyalty.program"].create(
            {
                "name": "Ristourne wallet",
                "program_type": "ewallet",
                "company_id": self.company.id,
            }
        )
        policy = self.env["coop.ristourne.policy"].create(
            {
                "name": "Annual ristourne",
                "company_id": self.company.id,
                "period_type": "year",
                "eligibility": "members",
                "settlement": "ewallet",
                "ewallet_program_id": ewallet.id,
                "account_id": self.company_data["default_account_revenue"].id,
                "tier_ids": [Command.create({"threshold": 100.0, "rate": 5.0})],
            }
        )
        run = self.env["coop.ristourne.run"].create(
            {
                "policy_id": policy.id,
                "company_id": self.company.id,
                "date_from": "2025-01-01",
                "date_to": "2025-12-31",
            }
        )
        run.action_compute()
        run.action_validate()
        return run

    def test_sms_holder_reminder_in_french(self):
        """X-7, L-2: a holder with SMS consent and no e-mail gets the expiry reminder by
        SMS, in French, with the card, the date in the French format and the points;
        one SMS for one reminder, logged with its parts."""
        self._adjust(self.rural_card, points=120)
        self._remind(self.rural_card, 10)
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, E164)
        self.assertIn("votre carte", sms.body)
        self.assertIn(self.rural_card.coop_number, sms.body)
        self.assertIn((self.today + timedelta(days=10)).strftime("%d/%m/%Y"), sms.body)
        self.assertIn("Tifawin", sms.body)
        self.assertFalse(self._mails_to(self.rural))
        log = self._logs(self.rural, "Card expiry reminder")
        self.assertEqual(log.channel, "sms")
        self.assertEqual(log.sms_parts, coop_sms_parts(sms.body))
        self.assertEqual(log.res_id, self.rural_card.id)

    def test_grace_reminder(self):
        """X-7, L-2: a card in its grace period gets one reminder that its points still
        count until the end of the grace, on the holder's channel, once."""
        self._adjust(self.rural_card, expiry=self.today - timedelta(days=3))
        self.assertEqual(self.rural_card.coop_validity_state, "grace")
        with self.mockSMSGateway():
            sent = self.env["loyalty.card"]._cron_coop_expiry_reminders()
            self._send_queue()
        self.assertIn(self.rural_card, sent)
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 1)
        self.assertIn("expirée", sms.body)
        grace_end = self.rural_card.expiration_date.strftime("%d/%m/%Y")
        self.assertIn(grace_end, sms.body)
        self.assertEqual(
            self._logs(self.rural, "Card grace period reminder").channel, "sms"
        )
        with self.mockSMSGateway():
            again = self.env["loyalty.card"]._cron_coop_expiry_reminders()
        self.assertNotIn(self.rural_card, again)
        self.assertFalse(self._sms_of(self.rural))

    def test_sms_holder_voucher_in_arabic(self):
        """X-7, L-4: the voucher earned reaches an SMS holder in Arabic, with the
        voucher's code and value, within two SMS parts."""
        self.rural.lang = "ar_001"
        self._adjust(self.rural_card, points=950.0)
        with self.mockSMSGateway():
            self._confirmed_order(self.rural, qty=1)  # +100 = 1,050
            self._send_queue()
        voucher = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.voucher_program.id),
                ("partner_id", "=", self.rural.id),
            ]
        )
        self.assertEqual(len(voucher), 1)
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 1)
        self.assertIn(voucher.code, sms.body)
        self.assertRegex(sms.body, "[\u0600-\u06ff]")
        self.assertLessEqual(coop_sms_parts(sms.body), 2)
        self.assertEqual(self._logs(self.rural, "Voucher earned").channel, "sms")
        self.assertFalse(self._mails_to(self.rural))

    def test_sms_member_ristourne_in_french(self):
        """X-7, L-7: a member with SMS consent hears of the ristourne credited to
        their eWallet by SMS in French, with its amount; a member who consented to
        e-mail gets it by e-mail (to them only, not to the run's followers); the
        member without any consent gets nothing, and the run's chatter and the log
        say why."""
        silent = self.env["res.partner"].create(
            {"name": "Brahim Silent", "company_id": self.company.id}
        )
        mailed = self.env["res.partner"].create(
            {
                "name": "Malika Mail",
                "email": "malika@example.ma",
                "company_id": self.company.id,
                "coop_consent_email": True,
            }
        )
        run = self._ewallet_run([(self.rural, 10), (silent, 4), (mailed, 6)])
        self.assertEqual(run.line_ids.partner_id, self.rural | silent | mailed)
        run.message_subscribe(partner_ids=self.partner_a.ids)
        with self.mockSMSGateway():
            run.action_settle()
            self._send_queue()
        self.assertEqual(run.state, "settled")
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 1)
        self.assertIn("ristourne", sms.body)
        self.assertIn("50,00", sms.body)  # 5% of 1,000, as French writes amounts
        self.assertFalse(self._sms_of(silent))
        self.assertFalse(self._sms_of(mailed))
        self.assertEqual(self._logs(self.rural, "Ristourne credited").channel, "sms")
        log = self._logs(silent, "Ristourne credited")
        self.assertEqual((log.channel, log.reason), ("none", "no_consent"))
        self.assertEqual((log.res_model, log.res_id), (run._name, run.id))
        note = run.message_ids.filtered(lambda m: "Brahim Silent" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("No consent", note.body)
        # the e-mail: the member's own line (30.00), their name, the eWallet
        self.assertEqual(self._logs(mailed, "Ristourne credited").channel, "email")
        mail = self._mails_to(mailed).filtered(
            lambda m: (m.model, m.res_id) == (run._name, run.id)
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Malika Mail", mail.body_html)
        self.assertIn("30.00", mail.body_html)
        self.assertIn("eWallet", mail.body_html)
        self.assertNotIn("50.00", mail.body_html)
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("res_partner_id", "=", self.partner_a.id),
                    ("mail_message_id", "in", run.message_ids.ids),
                ]
            )
        )

    def test_no_consent_nothing_sent(self):
        """X-7: a holder without any consent gets no reminder, voucher nor card
        message; each is logged as not sent with its reason, and the card's chatter
        says why."""
        self.rural.coop_consent_sms = False
        self._remind(self.rural_card, 10)
        with self.mockSMSGateway():
            self._adjust(self.rural_card, points=1000.0)
            self._confirmed_order(self.rural, qty=1)
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        self.assertEqual(self._sms, [])
        self.assertFalse(self._mails_to(self.rural))
        for subject in ("Card expiry reminder", "Voucher earned"):
            log = self._logs(self.rural, subject)
            self.assertEqual((log.channel, log.reason), ("none", "no_consent"))
        notes = self.rural_card.message_ids.filtered(
            lambda m: "not sent to Aicha Rural" in (m.body or "")
        )
        self.assertEqual(len(notes), 2)

    def test_email_preferred(self):
        """X-7, L-2: a holder who consented to both and prefers e-mail gets the
        reminder by e-mail, no SMS."""
        self.rural.write(
            {
                "email": "aicha@example.ma",
                "coop_consent_email": True,
                "coop_preferred_channel": "email",
            }
        )
        self.company.coop_channel_order = "sms,email,post"
        self._remind(self.rural_card, 10)
        self.assertFalse(self._sms_of(self.rural))
        mails = self._mails_to(self.rural)
        self.assertEqual(len(mails), 1)
        self.assertIn(self.rural_card.coop_number, mails.subject)
        self.assertEqual(
            self._logs(self.rural, "Card expiry reminder").channel, "email"
        )

    def test_card_issued_and_renewed(self):
        """X-7, L-1, L-3: the card issued to a customer and its renewal are told on
        the customer's channel (here SMS, in French), with the card and its expiry."""
        newcomer = self.env["res.partner"].create(
            {
                "name": "Newcomer",
                "mobile": "0662345678",
                "country_id": self.env.ref("base.ma").id,
                "company_id": self.company.id,
                "lang": "fr_FR",
                "coop_consent_sms": True,
            }
        )
        with self.mockSMSGateway():
            newcomer.action_coop_issue_card()
            self._send_queue()
        card = self.env["loyalty.card"].search([("partner_id", "=", newcomer.id)])
        sms = self._sms_of(newcomer)
        self.assertEqual(len(sms), 1)
        self.assertIn(card.coop_number, sms.body)
        self.assertIn(card.coop_date_expiry.strftime("%d/%m/%Y"), sms.body)
        self.assertEqual(self._logs(newcomer, "Card issued").channel, "sms")
        self.program.coop_fee_product_id = False
        self._clear_outgoing_sms()
        with self.mockSMSGateway():
            card.action_renew()
            self._send_queue()
        sms = self._sms_of(newcomer)
        self.assertEqual(len(sms), 1)
        self.assertIn("renouvelée", sms.body)
        self.assertIn(card.coop_date_expiry.strftime("%d/%m/%Y"), sms.body)
        self.assertEqual(self._logs(newcomer, "Card renewal").channel, "sms")

    def test_referral_card_issued(self):
        """X-7, L-9: a card issued by the card service (a referrer rewarded without a
        card yet) is told to its holder on their channel."""
        self.program.coop_referral_points = 50
        referrer = self.env["res.partner"].create(
            {
                "name": "Referrer",
                "mobile": "0663456789",
                "country_id": self.env.ref("base.ma").id,
                "company_id": self.company.id,
                "coop_consent_sms": True,
            }
        )
        referred = self.env["res.partner"].create(
            {
                "name": "Referred",
                "company_id": self.company.id,
                "coop_referred_by_id": referrer.id,
            }
        )
        with self.mockSMSGateway():
            self._confirmed_order(referred)
            self._send_queue()
        card = self.env["loyalty.card"].search([("partner_id", "=", referrer.id)])
        self.assertEqual(len(card), 1)
        self.assertEqual(len(self._sms_of(referrer)), 1)
        self.assertIn(card.coop_number, self._sms_of(referrer).body)
        self.assertEqual(self._logs(referrer, "Card issued").channel, "sms")

    def test_arabic_sms_within_two_parts(self):
        """X-7: the Arabic reminder, grace, issue and renewal SMS stay within two
        UCS-2 parts (a long cooperative name included)."""
        self.company.name = "Coopérative Tifawin des femmes"
        self.rural.lang = "ar_001"
        self._adjust(self.rural_card, points=12345.5)
        card = self.rural_card
        bodies = []
        for xmlid in (
            "sms_template_card_issued",
            "sms_template_card_expiry_reminder",
            "sms_template_card_grace_reminder",
            "sms_template_card_renewed",
        ):
            template = self.env.ref(f"coop_loyalty.{xmlid}")
            body = template._render_field("body", card.ids, compute_lang=True)[card.id]
            self.assertRegex(body, "[\u0600-\u06ff]", xmlid)
            self.assertLessEqual(coop_sms_parts(body), 2, body)
            bodies.append(body)
        self.assertEqual(len(set(bodies)), 4)
