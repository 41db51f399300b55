from unittest.mock import patch

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.coop_crm_base.tests.common import day_one_clerk

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimSequenceNoGap(ClaimsCase):
    """X-9, issue #21: a failed claim creation does not consume a claim number."""

    def _number(self, claim):
        return int(claim.name.rsplit("/", 1)[1])

    def _failing_create(self):
        """A creation that fails after the claim took its number (its acknowledgement
        cannot be posted), rolled back as a request's or a savepoint's would be."""
        Claim = type(self.env["coop.claim"])
        with (
            patch.object(
                Claim, "_coop_post_template", side_effect=UserError("cannot post")
            ),
            self.assertRaises(UserError),
            self.env.cr.savepoint(),
        ):
            self._claim(subject="Never saved")
        self.assertFalse(self.Claim.search([("subject", "=", "Never saved")]))

    def test_failed_create_keeps_its_number(self):
        """X-9, issue #21: after a failed creation, the next claim gets the number the
        failed one had taken; the sequence is no_gap."""
        first = self._claim()
        self._failing_create()
        second = self._claim()
        self.assertEqual(self._number(second), self._number(first) + 1)
        sequence = self.Claim._coop_claim_sequence(self.coop_a)
        self.assertEqual(sequence.implementation, "no_gap")

    def test_standard_sequence_switched_without_reuse(self):
        """X-9, issue #21: a cooperative's sequence left ``standard`` by an earlier
        version becomes no_gap at its next use and continues from its next number (no
        number given twice, none skipped)."""
        first = self._claim()
        sequence = self.Claim._coop_claim_sequence(self.coop_a)
        sequence.write({"implementation": "standard", "number_next": 40})
        # numbers 40 and 41 taken by the earlier version from the PostgreSQL sequence:
        # they are not in the stored number_next
        sequence.next_by_id()
        sequence.next_by_id()
        self.assertEqual((sequence.number_next, sequence.number_next_actual), (40, 42))
        self._failing_create()
        claim = self._claim()
        self.assertEqual(self._number(claim), 42)
        self.assertEqual(sequence.implementation, "no_gap")
        self.assertEqual(self._number(self._claim()), 43)
        names = self.Claim.search([("company_id", "=", self.coop_a.id)]).mapped("name")
        self.assertEqual(len(names), len(set(names)))
        self.assertLess(self._number(first), 40)


@tagged("post_install", "-at_install")
class TestClaimClerkWithoutAddress(ClaimsCase):
    """X-9, issue #21: a cooperative's clerk without an e-mail address, in a cooperative
    without one and a database without catchall nor alias domain, saves a claim and
    moves it to registration; the customer's messages go out from a fallback address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = day_one_clerk(
            cls.env, "claims_clerk_no_mail", "coop_claims.group_claims_user", cls.coop_a
        )

    def test_clerk_without_address_saves_and_registers(self):
        """X-9, issue #21: the acknowledgement and the phase change are posted, written
        by the clerk from a no-reply address; the claim is saved and registered."""
        self.assertFalse(self.clerk.email_formatted or self.coop_a.email_formatted)
        claim = (
            self.Claim.with_user(self.clerk)
            .with_company(self.coop_a)
            .create(
                {
                    "subject": "Broken jar",
                    "partner_id": self.partner_a.id,
                    "company_id": self.coop_a.id,
                    "channel": "phone",
                }
            )
        )
        self.assertRegex(claim.name, r"^CLM/\d{4}/\d{5}$")
        claim.with_user(self.clerk).write(
            {"claim_type": "good_faith", "category_id": self.category.id}
        )
        claim.with_user(self.clerk).action_register()
        self.assertEqual(claim.phase, "registration")
        for subject in ("we have received your claim", "progresses"):
            message = self._messages(claim, subject)
            self.assertEqual(len(message), 1, subject)
            self.assertEqual(message.author_id, self.clerk.partner_id)
            self.assertRegex(message.email_from, r"noreply@[\w.-]+")
            self.assertEqual(message.partner_ids, self.partner_a)


@tagged("post_install", "-at_install")
class TestClaimDailyScreen(ClaimsCase):
    """Issue #21, the claims of the daily screens: WhatsApp as a channel, the customer's
    mobile when they have no landline, a registration button that does not read "Save"
    in French."""

    def test_whatsapp_channel(self):
        """Issue #21 (C-1): a claims user records a claim received on WhatsApp; the
        indicators' analysis counts it under that channel."""
        claim = (
            self.Claim.with_user(self.user_a)
            .with_company(self.coop_a)
            .create(
                {
                    "subject": "Message on WhatsApp",
                    "partner_id": self.partner_a.id,
                    "company_id": self.coop_a.id,
                    "channel": "whatsapp",
                }
            )
        )
        self.assertEqual(claim.channel, "whatsapp")
        labels = dict(self.Claim._fields["channel"]._description_selection(self.env))
        self.assertEqual(labels["whatsapp"], "WhatsApp")
        self.env.flush_all()
        report = self.env["coop.claim.report"].search([("claim_id", "=", claim.id)])
        self.assertEqual(report.channel, "whatsapp")

    def test_mobile_shown_without_landline(self):
        """Issue #21: the claim form shows the customer's mobile when they have no
        landline, and the landline when they have one."""
        self.partner_a.write({"phone": False, "mobile": "+212661234567"})
        claim = self._claim()
        form = Form(claim.with_user(self.user_a).with_company(self.coop_a))
        self.assertEqual(form.partner_mobile, "+212661234567")
        self.assertFalse(form._get_modifier("partner_mobile", "invisible"))
        self.assertTrue(form._get_modifier("partner_phone", "invisible"))
        self.partner_b.write({"phone": "+212522123456", "mobile": "+212661234568"})
        claim_b = self._claim(partner=self.partner_b, company=self.coop_b)
        form = Form(claim_b.with_user(self.user_b).with_company(self.coop_b))
        self.assertFalse(form._get_modifier("partner_phone", "invisible"))
        self.assertTrue(form._get_modifier("partner_mobile", "invisible"))

    def test_registration_button_is_not_save(self):
        """Issue #21: the button that moves a claim to registration is not labelled like
        the form's "Save" ("Enregistrer" in French)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "=", "coop_claims")]
        )._update_translations(["fr_FR"])
        for lang, save in (("en_US", "Save"), ("fr_FR", "Enregistrer")):
            arch = self.Claim.with_context(lang=lang).get_views([(False, "form")])[
                "views"
            ]["form"]["arch"]
            button = etree.fromstring(arch).xpath("//button[@name='action_register']")
            self.assertEqual(len(button), 1)
            label = button[0].get("string")
            self.assertTrue(label)
            self.assertFalse(label.lower().startswith(save.lower()), (lang, label))
            self.assertNotIn(label, ("Register", "Enregistrer"))
