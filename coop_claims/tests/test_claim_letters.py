import logging
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata

from PIL import Image, ImageOps

from odoo.tests import HttpCase, tagged

from ..models.ir_actions_report import ARABIC_LETTERS, separate_arabic_punctuation
from .common import ClaimsCase

_logger = logging.getLogger(__name__)

LETTERS = {
    "acknowledgement": "coop_claims.action_report_claim_acknowledgement",
    "progress": "coop_claims.action_report_claim_progress",
    "closing": "coop_claims.action_report_claim_closing",
}
# what each letter says in each language (coop_claims/i18n/*.po); the first is the title
EXPECTED = {
    "fr_FR": {
        "acknowledgement": [
            "Accusé de réception de votre réclamation",
            "Nous vous remercions pour votre réclamation",
            "Réponse au plus tard le",
            "19/01/2026",
        ],
        "progress": [
            "Suivi de votre réclamation",
            "Voici où en est votre réclamation.",
            "Dédommagement proposé :",
            "Échange",
            "Clôture",
        ],
        "closing": [
            "Clôture de votre réclamation",
            "Notre réponse :",
            "Nous vous envoyons une bouteille neuve.",
            "Dédommagement accordé :",
        ],
    },
    "ar_001": {
        "acknowledgement": [
            "إشعار باستلام شكايتكم",
            "نشكركم على شكايتكم المسجلة تحت المرجع أعلاه",
            "نلتزم بالرد عليكم في أجل أقصاه التاريخ أعلاه",
        ],
        "progress": ["تقدم معالجة شكايتكم", "إليكم مآل شكايتكم", "التعويض المقترح"],
        "closing": [
            "إغلاق شكايتكم",
            "لقد أغلقنا شكايتكم",
            "التعويض الممنوح",
            "أرسلنا إليكم قنينة جديدة، مع اعتذارنا",
        ],
    },
}
ENGLISH = [
    "Acknowledgement of your claim",
    "Progress of your claim",
    "Closing of your claim",
    "Dear customer",
    "Yours sincerely",
    "Compensation proposed",
    "Compensation granted",
    "Answer at the latest on",
]
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
    r"([^<]*)</word>"
)
NOT_ARABIC = re.compile(f"[^{ARABIC_LETTERS}]")


def arabic_letters(text):
    """The Arabic letters of a text, in logical order, presentation forms undone."""
    return NOT_ARABIC.sub("", unicodedata.normalize("NFKC", text))


@tagged("post_install", "-at_install")
class TestClaimLetters(HttpCase, ClaimsCase):
    """C-5, X-2: the three letters printed as PDF in the customer's language, right to
    left in Arabic, all of their ink within the page's margins (issue #7).

    An HttpCase: wkhtmltopdf gets the report's style sheets from the test server, which
    serves requests during HttpCase tests only. The PDF is read with poppler (pdftotext,
    pdftoppm). With COOP_CLAIMS_LETTERS_DIR set, the PDFs are also written there, to be
    looked at."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("fr_FR", "ar_001"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"].search(
            [("name", "in", ("base", "coop_claims"))]
        )._update_translations(["fr_FR", "ar_001"])
        cls.coop_a.write({"street": "12 rue des Arganiers", "city": "Agadir"})
        cls.partner_a.write(
            {
                "street": "5 avenue Hassan II",
                "zip": "80000",
                "city": "Agadir",
                "country_id": cls.env.ref("base.ma").id,
            }
        )
        cls.claim = cls._claim(
            claim_type="good_faith",
            category_id=cls.category.id,
            subject="Rancid argan oil, bottle of 1 l",
        )
        cls.claim.action_register()
        cls.claim.action_resolve()
        cls.env["coop.claim.compensation"].create(
            {
                "claim_id": cls.claim.id,
                "compensation_type": "exchange",
                "name": "New bottle of argan oil",
                "cost": 120.0,
            }
        ).action_grant()
        cls.claim.write({"closing_condition": "compensated"})
        cls.poppler = bool(shutil.which("pdftotext") and shutil.which("pdftoppm"))
        if not cls.poppler:
            _logger.warning(
                "poppler-utils missing: the letters' PDFs are produced, not read"
            )

    def _close(self, answer):
        self.claim.answer = answer
        self.claim.action_close()

    def _pdf(self, letter):
        report = self.env.ref(LETTERS[letter])
        pdf, fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, self.claim.ids)
        )
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), f"{letter}: no PDF produced")
        folder = os.environ.get("COOP_CLAIMS_LETTERS_DIR")
        if folder:
            with open(
                os.path.join(folder, f"{letter}_{self.claim.partner_id.lang}.pdf"), "wb"
            ) as file:
                file.write(pdf)
        return report, pdf

    def _poppler(self, pdf):
        """Words of the first page [(xMin, yMin, xMax, text)], the page's width in
        points and the horizontal extent of its ink in points."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "letter.pdf")
            with open(path, "wb") as file:
                file.write(pdf)
            out = subprocess.run(
                ["pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
            subprocess.run(
                [
                    "pdftoppm",
                    "-gray",
                    "-r",
                    "72",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    path,
                    os.path.join(tmp, "page"),
                ],
                check=True,
            )
            with Image.open(os.path.join(tmp, "page.pgm")) as page:
                # 72 dpi: a pixel is a point; ink is anything darker than light grey
                ink = ImageOps.invert(page.convert("L")).point(
                    lambda v: 255 if v > 60 else 0
                )
                left, _top, right, _bottom = ink.getbbox()
        width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
        words = [
            (float(x0), float(y0), float(x1), text)
            for x0, y0, x1, text in WORD.findall(out)
        ]
        return words, width, (left, right)

    def _check_letters(self, lang):
        self.partner_a.lang = lang
        rtl = lang == "ar_001"
        for letter in LETTERS:
            with self.subTest(letter=letter, lang=lang):
                report, pdf = self._pdf(letter)
                html = (
                    self.env["ir.actions.report"]
                    ._render_qweb_html(report.report_name, self.claim.ids)[0]
                    .decode()
                )
                self.assertIn(f'data-oe-lang="{lang}"', html)
                self.assertEqual('<div class="page" dir="rtl"' in html, rtl)
                self.assertIn(self.claim.name, html)
                text = " ".join(re.sub(r"<[^>]+>", "", html).split())
                for expected in EXPECTED[lang][letter]:
                    self.assertIn(expected, text)
                for english in ENGLISH:
                    self.assertNotIn(english, text)
                if not self.poppler:
                    continue
                words, width, (ink_left, ink_right) = self._poppler(pdf)
                # nothing printed in the outer 7 mm of the page (the paragraphs of
                # issue #7 reached the page's edge)
                margin = 7 * 72 / 25.4
                self.assertGreater(
                    ink_left, margin, f"{letter} ({lang}): ink in the left margin"
                )
                self.assertLess(
                    ink_right,
                    width - margin,
                    f"{letter} ({lang}): ink in the right margin",
                )
                # wkhtmltopdf writes Arabic as text (its Latin font is drawn as curves)
                lines = {}
                for x0, y0, x1, glyph in words:
                    if arabic_letters(glyph):
                        lines.setdefault(round(y0), []).append((x0, x1, glyph))
                if not rtl:
                    self.assertFalse(lines, f"{letter}: Arabic in the French letter")
                    continue
                read = [
                    "".join(
                        arabic_letters(g) for _x0, _x1, g in sorted(line, reverse=True)
                    )
                    for _y, line in sorted(lines.items())
                ]
                for expected in EXPECTED[lang][letter]:
                    self.assertTrue(
                        any(arabic_letters(expected) in line for line in read),
                        f"{letter}: «{expected}» not printed",
                    )
                # right to left: the title ends on the right, and so does every line
                # that ends in the right half (prose, labels), none further right than
                # it
                edges = {
                    text: max(x1 for _x0, x1, _g in line)
                    for text, line in zip(
                        read, (lines[y] for y in sorted(lines)), strict=False
                    )
                }
                right = edges[arabic_letters(EXPECTED[lang][letter][0])]
                self.assertGreater(
                    right, width * 0.85, f"{letter}: title not on the right"
                )
                for text, edge in edges.items():
                    if edge > width / 2:
                        self.assertAlmostEqual(
                            edge,
                            right,
                            delta=1.5,
                            msg=f"{letter}: a line does not end where the title "
                            f"ends: {text}",
                        )

    def test_letters_in_french(self):
        """C-5, X-2: acknowledgement, progress and closing letters in French, as PDF."""
        self._close("<p>Nous vous envoyons une bouteille neuve.</p>")
        self._check_letters("fr_FR")

    def test_letters_in_arabic(self):
        """C-5, X-2: the letters in Arabic, right to left, every line within the margins
        (issue #7), including an answer whose words carry punctuation."""
        self._close("<p>أرسلنا إليكم قنينة جديدة، مع اعتذارنا.</p>")
        self._check_letters("ar_001")

    def test_whatsapp_on_the_letters(self):
        """X-7 (issue #18): a cooperative with a WhatsApp number offers it on its
        letters, in the customer's language; without one, nothing is said."""
        self.partner_a.lang = "fr_FR"
        report = self.env.ref("coop_claims.action_report_claim_acknowledgement")

        def text():
            html = (
                self.env["ir.actions.report"]
                ._render_qweb_html(report.report_name, self.claim.ids)[0]
                .decode()
            )
            return " ".join(re.sub(r"<[^>]+>", "", html).split())

        self.assertNotIn("WhatsApp", text())
        self.coop_a.coop_whatsapp_number = "0612345678"
        letter = text()
        self.assertIn("Vous pouvez aussi nous écrire sur WhatsApp", letter)
        self.assertIn("+212612345678", letter)
        self.assertIn("https://wa.me/212612345678", letter)

    def test_arabic_punctuation_separated(self):
        """X-2: punctuation glued to an Arabic word of Arabic text gets its own inline
        element; punctuation between Arabic and digits or Latin, attributes, the head
        and text without Arabic are left as they are."""
        html = (
            '<html><head><title>أعلاه.</title></head><body dir="rtl">'
            '<p alt="أعلاه.">نشكركم، على CLM/2026/00004 أعلاه.</p>'
            "<td>24 نوفمبر, 2026</td><p>Fatima A. "
            "(Agadir)</p><p>«شكاية»</p></body></html>"
        )
        punct = '<span class="o_coop_rtl_punct">%s</span>'
        self.assertEqual(
            separate_arabic_punctuation(html),
            (
                '<html><head><title>أعلاه.</title></head><body dir="rtl">'
                f'<p alt="أعلاه.">نشكركم{punct % "،"} على CLM/2026/00004 '
                f'أعلاه{punct % "."}</p>'
                '<td>24 نوفمبر, 2026</td><p>Fatima A. (Agadir)</p>'
                f'<p>{punct % "«"}شكاية{punct % "»"}</p></body></html>'
            ),
        )
