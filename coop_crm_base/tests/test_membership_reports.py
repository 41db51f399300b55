from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestMembershipReports(CoopCase):
    def _html(self, report_ref, records):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            report_ref, records.ids
        )
        return html.decode()

    def test_certificate_and_card(self):
        """M-2, X-2: the membership certificate and the member card show the member's
        data."""
        membership = self._membership(
            self.partner_a, self.coop_a, share_count=10, share_paid_count=4
        )
        membership.action_admit()
        html = self._html(
            "coop_crm_base.action_report_membership_certificate", membership
        )
        self.assertIn("Fatima A", html)
        self.assertIn(membership.number, html)
        self.assertIn("is an active member since", html)
        self.assertIn("Membership number", html)
        card = self._html("coop_crm_base.action_report_member_card", membership)
        self.assertIn(membership.number, card)
        self.assertIn(
            f'alt="Barcode {membership.number}"', card
        )  # the QR code of the number

    def test_certificate_in_french_and_arabic(self):
        """X-2: the certificate is printed in the member's language, right to left in
        Arabic."""
        for lang in ("fr_FR", "ar_001"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"].search(
            [("name", "=", "coop_crm_base")]
        )._update_translations(["fr_FR", "ar_001"])
        membership = self._membership(self.partner_a, self.coop_a, share_count=2)
        membership.action_admit()
        self.partner_a.lang = "fr_FR"
        html = self._html(
            "coop_crm_base.action_report_membership_certificate", membership
        )
        self.assertIn("Attestation d'adhésion", html)
        self.partner_a.lang = "ar_001"
        html = self._html(
            "coop_crm_base.action_report_membership_certificate", membership
        )
        self.assertIn(
            'data-oe-lang="ar_001"', html
        )  # the PDF page of it is right to left
        self.assertNotIn("Membership certificate", html)
