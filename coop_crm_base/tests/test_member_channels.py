from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CoopCase, CoopChannelCase


@tagged("post_install", "-at_install")
class TestMemberChannels(CoopCase, CoopChannelCase):
    """The member hears of their admission and of each change of their membership on
    their channel (X-7, M-2, issue #18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls.env["res.partner"].create(
            {
                "name": "Mbarek Member",
                "mobile": "0671234567",
                "company_id": cls.coop_a.id,
                "lang": "ar_001",
                "coop_consent_sms": True,
            }
        )

    def test_member_hears_admission_and_exclusion_by_sms(self):
        """X-7, M-2: a member with a phone and SMS consent, without e-mail, receives
        the admission and the exclusion by SMS, in Arabic; the reason of the exclusion
        stays inside the cooperative."""
        membership = self._membership(self.member, self.coop_a)
        with self.mockSMSGateway():
            membership.action_admit()
            membership.with_user(self.manager_a).action_exclude(
                reason="Unpaid shares for two years"
            )
            self.env["sms.sms"].sudo()._process_queue()
        sms = self._new_sms.filtered(lambda s: s.partner_id == self.member).sorted("id")
        self.assertEqual(len(sms), 2)
        self.assertEqual(set(sms.mapped("number")), {"+212671234567"})
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        admitted, excluded = sms.mapped("body")
        self.assertIn(membership.number, admitted)
        self.assertRegex(admitted, "[\u0600-\u06ff]")
        self.assertIn(membership.number, excluded)
        self.assertNotIn("Unpaid", excluded)
        self.assertEqual(
            self.member.coop_message_log_ids.mapped("channel"), ["sms", "sms"]
        )

    def test_member_without_consent_hears_nothing(self):
        """X-7: without consent, nothing is sent; the membership's chatter says why."""
        self.member.coop_consent_sms = False
        membership = self._membership(self.member, self.coop_a)
        with self.mockSMSGateway():
            membership.action_admit()
            self.env["sms.sms"].sudo()._process_queue()
        self.assertFalse(self._new_sms)
        log = self.member.coop_message_log_ids
        self.assertEqual((log.channel, log.reason), ("none", "no_consent"))
        self.assertTrue(
            membership.message_ids.filtered(lambda m: "Mbarek Member" in m.body)
        )

    def test_withdrawn_application_sends_nothing(self):
        """X-7: a candidate who withdraws was never a member: no membership message."""
        membership = self._membership(self.member, self.coop_a)
        with self.mockSMSGateway():
            membership.action_resign(reason="Moved to Agadir")
        self.assertFalse(self.member.coop_message_log_ids)

    def test_personal_data_lists_messages_sent(self):
        """X-7, M-9: the export of the person's data lists the messages sent to them
        and their channel."""
        membership = self._membership(self.member, self.coop_a)
        with self.mockSMSGateway():
            membership.action_admit()
        data = self.member._coop_personal_data()
        self.assertEqual(
            [(row["channel"], row["res_model"]) for row in data["messages_sent"]],
            [("sms", "coop.membership")],
        )

    def test_whatsapp_link(self):
        """X-7: the cooperative's WhatsApp number is stored in E.164 and offered as a
        wa.me link; a wrong number is refused."""
        self.coop_a.coop_whatsapp_number = "0612345678"
        self.assertEqual(self.coop_a.coop_whatsapp_number, "+212612345678")
        self.assertEqual(self.coop_a.coop_whatsapp_url, "https://wa.me/212612345678")
        with self.assertRaises(ValidationError):
            self.coop_a.coop_whatsapp_number = "12"

    def test_whatsapp_number_at_creation(self):
        """X-7: a cooperative created with its WhatsApp number stores it in E.164 as a
        change of the number does; a wrong number is refused."""
        Company = self.env["res.company"]
        coop = Company.create(
            {
                "name": "Coop W",
                "parent_id": self.union.id,
                "currency_id": self.mad.id,
                "coop_whatsapp_number": "0612345678",
            }
        )
        self.assertEqual(coop.coop_whatsapp_number, "+212612345678")
        self.assertEqual(coop.coop_whatsapp_url, "https://wa.me/212612345678")
        with self.assertRaises(ValidationError):
            Company.create({"name": "Coop X", "coop_whatsapp_number": "12"})
