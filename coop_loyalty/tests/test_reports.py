import io
import os
import subprocess
from datetime import date
from pathlib import Path

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import CoopLoyaltyCase

# Set to a folder to keep the PDFs and their pages as PNG pictures (pdftoppm -png -r 60)
# for a person to look at them.
PNG_DIR = os.environ.get("COOP_REPORT_PNG_DIR")


@tagged("post_install", "-at_install")
class TestLoyaltyReports(CoopLoyaltyCase, HttpCase):
    """The loyalty card printout and the ristourne statement, printed as PDF in the
    holder's language: French, and Arabic right to left (issue #7; L-1, L-7, X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("fr_FR", "ar_001"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"].search(
            [("name", "in", ("coop_crm_base", "coop_loyalty"))]
        )._update_translations(["fr_FR", "ar_001"])
        cls.company.name = "Coopérative Argan Tafraout"
        cls.customer.write(
            {
                "name": "Khadija Ait Benhaddou",
                "street": "12 rue des Arganiers",
                "city": "Tafraout",
                "zip": "85450",
            }
        )
        cls._adjust(cls.card, points=1250.0)
        # the tier the daily job gives for the spend (server code: issue #14)
        cls.card.sudo().coop_tier = "silver"
        policy = cls.env["coop.ristourne.policy"].create(
            {
                "name": "Ristourne annuelle",
                "company_id": cls.company.id,
                "period_type": "year",
                "eligibility": "all",
                "settlement": "credit_note",
                "account_id": cls.company_data["default_account_revenue"].id,
            }
        )
        # a computed run with a line of known figures: made as superuser code (as the
        # demo data is), the only way to create a run past draft (issue #14)
        cls.ristourne_run = (
            cls.env["coop.ristourne.run"]
            .sudo()
            .create(
                {
                    "policy_id": policy.id,
                    "company_id": cls.company.id,
                    "date_from": date(2025, 1, 1),
                    "date_to": date(2025, 12, 31),
                    "state": "computed",
                }
            )
            .sudo(False)
        )
        cls.line = cls.env["coop.ristourne.line"].create(
            {
                "run_id": cls.ristourne_run.id,
                "partner_id": cls.customer.id,
                "basis": 12345.67,
                "rate": 2.5,
                "amount": 308.64,
            }
        )

    def _pdf(self, report_ref, records, lang):
        """Render ``records`` as PDF with the partner's language ``lang``; return its
        number of pages. (wkhtmltopdf draws the web fonts as shapes here: the PDF has no
        text to extract, so the words are checked in the HTML it is made from.)"""
        self.customer.lang = lang
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, fmt = Report._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        if PNG_DIR:
            name = f"{report_ref.split('.')[-1]}_{lang}"
            folder = Path(PNG_DIR)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.pdf").write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    str(folder / f"{name}.pdf"),
                    str(folder / name),
                ],
                check=True,
            )
        return len(PdfFileReader(io.BytesIO(pdf)).pages)

    def _html(self, report_ref, records, lang):
        self.customer.lang = lang
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            report_ref, records.ids
        )
        return html.decode()

    def test_loyalty_card_french_and_arabic(self):
        """L-1, X-2: the card printout is one card-size page in the holder's language,
        with the number, the tier, the dates and the EAN-13 barcode; right to left in
        Arabic."""
        card = self.card
        report = "coop_loyalty.action_report_loyalty_card"
        html = self._html(report, card, "fr_FR")
        self.assertIn('data-oe-lang="fr_FR"', html)
        for expected in (
            "Carte de fidélité",
            "Numéro de carte",
            "Niveau",
            "Argent",
            "Valable jusqu",
            "Khadija Ait Benhaddou",
            card.coop_number,
            "1\xa0250",
            f'alt="Code-barres {card.coop_barcode}"',
            card.coop_date_expiry.strftime("%d/%m/%Y"),
        ):
            self.assertIn(expected, html)
        self.assertEqual(self._pdf(report, card, "fr_FR"), 1)

        html = self._html(report, card, "ar_001")
        self.assertIn('data-oe-lang="ar_001"', html)
        self.assertRegex(html, r'class="page o_coop_loyalty_card"[^>]* dir="rtl"')
        for expected in (
            "بطاقة الوفاء",
            "رقم البطاقة",
            "فضي",
            "Khadija Ait Benhaddou",
            card.coop_number,
        ):
            self.assertIn(expected, html)
        for english in (
            "Loyalty card",
            "Card number",
            "Valid until",
            "Silver",
            "Points<",
        ):
            self.assertNotIn(english, html)
        self.assertEqual(self._pdf(report, card, "ar_001"), 1)

    def test_ristourne_statement_french_and_arabic(self):
        """L-7, X-2: the ristourne statement is one page in the partner's language, with
        the period, basis, rate, amount and settlement; right to left in Arabic."""
        line = self.line
        report = "coop_loyalty.action_report_ristourne_statement"
        html = self._html(report, line, "fr_FR")
        self.assertIn('data-oe-lang="fr_FR"', html)
        for expected in (
            "Relevé de ristourne",
            "Votre ristourne",
            "Ristourne annuelle",
            "Bénéficiaire",
            "Khadija Ait Benhaddou",
            "12\xa0345,67",
            "2,50 %",
            "308,64",
            "01/01/2025",
            "31/12/2025",
            "À payer",
        ):
            self.assertIn(expected, html)
        self.assertEqual(self._pdf(report, line, "fr_FR"), 1)

        html = self._html(report, line, "ar_001")
        self.assertIn('data-oe-lang="ar_001"', html)
        self.assertRegex(
            html, r'class="page o_coop_ristourne_statement"[^>]* dir="rtl"'
        )
        for expected in (
            "كشف المرتجع",
            "المرتجع الخاص بك",
            "Khadija Ait Benhaddou",
            "308.64",
        ):
            self.assertIn(expected, html)
        for english in (
            "Ristourne statement",
            "Your ristourne",
            "Beneficiary",
            "To be paid",
        ):
            self.assertNotIn(english, html)
        self.assertEqual(self._pdf(report, line, "ar_001"), 1)

        # settled: the credit note and the day of payment are on the statement
        self.ristourne_run.action_validate()
        self.ristourne_run.action_settle()
        self.assertEqual(line.state, "settled")
        self.assertTrue(line.move_id)
        for lang, paid in (("fr_FR", "Payé par avoir"), ("ar_001", "مؤدى بإشعار دائن")):
            html = self._html(report, line, lang)
            self.assertIn(paid, html.replace("&#39;", "'"))
            self.assertIn(line.move_id.name, html)
            self.assertNotIn("À payer", html)
            self.assertEqual(self._pdf(report, line, lang), 1)

    def test_order_printout_card_in_arabic(self):
        """L-2, X-2: the card block of the order printout (balance, expiry, rewards
        waiting) is in the customer's language, a fragment a cell, and stays on the
        order's page."""
        self._adjust(self.card, points=600.0)
        order = self._confirmed_order(
            self.customer, qty=1
        )  # 100 x 1.5 (silver) = 150 points
        self.assertEqual(self.card.points, 750.0)  # a reward of 500 points waits
        report = "sale.action_report_saleorder"
        html = self._html(report, order, "fr_FR")
        for expected in (
            "Carte de fidélité",
            "Valable jusqu",
            "Récompenses en attente",
            self.card.coop_number,
        ):
            self.assertIn(expected, html)
        html = self._html(report, order, "ar_001")
        for expected in (
            "بطاقة الوفاء",
            "صالحة إلى غاية",
            "مكافآت في الانتظار",
            self.card.coop_number,
            "750",
        ):
            self.assertIn(expected, html)
        for english in ("Loyalty card", "Valid until", "Rewards waiting"):
            self.assertNotIn(english, html)
        self.assertEqual(self._pdf(report, order, "ar_001"), 1)
