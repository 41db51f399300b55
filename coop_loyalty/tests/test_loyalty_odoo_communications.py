from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.coop_crm_base.tests.common import CoopChannelCase

from .common import CoopLoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyOdooCommunications(CoopLoyaltyCase, CoopChannelCase):
    """Odoo's communication plans of a cooperative card program respect the holder's
    channel, and a card made by hand in the back office is told to its holder once
    (X-7, L-1, issue #18)."""

    channel_modules = ("coop_crm_base", "coop_loyalty")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        odoo_template = cls.env.ref("loyalty.mail_template_loyalty_card")
        cls.program.communication_plan_ids = [
            Command.create({"trigger": "create", "mail_template_id": odoo_template.id}),
            Command.create(
                {
                    "trigger": "points_reach",
                    "points": 100,
                    "mail_template_id": odoo_template.id,
                }
            ),
        ]
        Partner = cls.env["res.partner"]
        cls.rural = Partner.create(
            {
                "name": "Aicha Rural",
                "mobile": "0661234567",
                "country_id": cls.env.ref("base.ma").id,
                "company_id": cls.company.id,
                "lang": "fr_FR",
                "coop_consent_sms": True,
            }
        )
        cls.mailed = Partner.create(
            {
                "name": "Nadia Mail",
                "email": "nadia@example.com",
                "company_id": cls.company.id,
                "coop_consent_email": True,
            }
        )

    def _mails_to(self, partner):
        return (
            self.env["mail.mail"].sudo().search([("recipient_ids", "in", partner.ids)])
        )

    def _logs(self, partner, subject):
        return partner.coop_message_log_ids.filtered(lambda log: log.subject == subject)

    def _card_by_hand(self, partner):
        return self.env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": partner.id}
        )

    def test_card_by_hand_told_once_on_channel(self):
        """X-7, L-1: a card created by hand in the back office is told to its holder
        once, by the suite's "card issued" on their channel (SMS here, in French);
        Odoo's own creation mail of the program is not sent besides."""
        with self.mockSMSGateway():
            card = self._card_by_hand(self.rural)
            self._send_queue()
        sms = self._sms_of(self.rural)
        self.assertEqual(len(sms), 1)
        self.assertIn(card.coop_number, sms.body)
        self.assertIn("valable", sms.body)
        self.assertFalse(self._mails_to(self.rural))
        self.assertEqual(
            self.rural.coop_message_log_ids.mapped("subject"), ["Card issued"]
        )
        # a holder who consented to e-mail: the suite's mail, once, not Odoo's
        card = self._card_by_hand(self.mailed)
        mails = self._mails_to(self.mailed)
        self.assertEqual(
            mails.mapped("subject"), [f"Your loyalty card {card.coop_number}"]
        )
        self.assertEqual(self._logs(self.mailed, "Card issued").channel, "email")

    def test_points_reached_on_channel(self):
        """X-7: Odoo's "points reached" mail of a cooperative card goes to a holder who
        consented to e-mail only; for the others it is logged as not sent, for want
        of consent to this message's channel (e-mail) when they consented to SMS."""
        rural_card = self._card_by_hand(self.rural)
        mailed_card = self._card_by_hand(self.mailed)
        with self.mockSMSGateway():
            self._adjust(rural_card, points=150)
            self._adjust(mailed_card, points=150)
            self._send_queue()
        self.assertFalse(self._sms_of(self.rural))
        self.assertFalse(self._mails_to(self.rural))
        not_sent = self.rural.coop_message_log_ids - self._logs(
            self.rural, "Card issued"
        )
        self.assertEqual(
            (not_sent.channel, not_sent.reason, not_sent.res_id),
            ("none", "no_channel_consent", rural_card.id),
        )
        sent = self.mailed.coop_message_log_ids - self._logs(self.mailed, "Card issued")
        self.assertEqual((sent.channel, sent.res_id), ("email", mailed_card.id))
        # Odoo's template (sent at once and deleted: its auto_delete), to the holder
        self.assertIn("Your reward coupon", sent.message_id.subject)
        self.assertEqual(
            sent.message_id.notification_ids.filtered(
                lambda n: n.notification_type == "email"
            ).res_partner_id,
            self.mailed,
        )
