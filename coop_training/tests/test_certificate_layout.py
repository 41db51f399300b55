from lxml import html as lxml_html

from odoo.tests import tagged

from .common import TrainingCase

LONG_TITLE_AR = (
    "التسويق الرقمي والبيع عبر الإنترنت لمنتجات المجال لفائدة التعاونيات الفلاحية "
    "بجهة سوس ماسة درعة وجهة مراكش آسفي"
)
LONG_NAME_AR = "فاطمة الزهراء بنعلي الإدريسي الوزاني التازي العلوي"


@tagged("post_install", "-at_install")
class TestCertificateLayout(TrainingCase):
    """The certificate in the member's language, its long names cut in lines (T-3, X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("fr_FR", "ar_001"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"].search([("name", "=", "coop_training")])\
            ._update_translations(["fr_FR", "ar_001"])
        cls.training.with_context(lang="ar_001").name = LONG_TITLE_AR
        cls.training.with_context(lang="fr_FR").name = "Les bases de la comptabilité"
        cls.registration = cls._register(cls.training, cls.m1)
        cls.env["coop.training.attendance"].create({
            "registration_id": cls.registration.id, "day": "2025-03-10", "present": True,
        })

    def _certificate(self):
        content, _format = self.env["ir.actions.report"]._render_qweb_html(
            "coop_training.action_report_training_certificate", self.registration.ids
        )
        return lxml_html.fromstring(content)

    @staticmethod
    def _lines(doc, css_class):
        (block,) = doc.xpath(f"//*[hasclass('{css_class}')]")
        return [span.text_content() for span in block.xpath(".//span[hasclass('d-block')]")]

    def test_certificate_in_the_member_language(self):
        """T-3, X-2: the session, topic and texts are those of the member's language,
        whoever prints it."""
        self.m1.lang = "fr_FR"
        doc = self._certificate()
        text = doc.text_content()
        self.assertIn("Attestation de formation", text)
        self.assertEqual(self._lines(doc, "o_coop_certificate_title"),
                         ["Les bases de la comptabilité"])
        self.assertIn("Comptabilité", text)  # the topic
        self.assertNotIn("Accounting", text)

        self.m1.lang = "ar_001"
        doc = self._certificate()
        text = doc.text_content()
        self.assertEqual(doc.xpath("//div[hasclass('page')]/@dir"), ["rtl"])
        self.assertIn("شهادة تكوين", text)
        self.assertIn("المحاسبة", text)  # the topic
        self.assertNotIn("Accounting", text)

    def test_long_arabic_title_and_name_cut_in_lines(self):
        """T-3, X-2: wkhtmltopdf does not wrap Arabic text, so a long title or name comes
        in lines short enough for the page, all words kept in their order."""
        self.m1.write({"lang": "ar_001", "name": LONG_NAME_AR})
        doc = self._certificate()
        title = self._lines(doc, "o_coop_certificate_title")
        self.assertGreater(len(title), 1)
        self.assertTrue(all(len(line) <= 55 for line in title), title)
        self.assertEqual(" ".join(title), LONG_TITLE_AR)
        name = self._lines(doc, "o_coop_certificate_name")
        self.assertEqual(name, ["فاطمة الزهراء بنعلي الإدريسي الوزاني", "التازي العلوي"])
