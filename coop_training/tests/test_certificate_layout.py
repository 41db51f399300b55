from lxml import html as lxml_html

from odoo import fields
from odoo.tests import tagged
from odoo.tools.misc import format_date

from .common import TrainingCase

LONG_TITLE_AR = (
    "التسويق الرقمي والبيع عبر الإنترنت لمنتجات المجال لفائدة التعاونيات الفلاحية "
    "بجهة سوس ماسة درعة وجهة مراكش آسفي"
)
LONG_NAME_AR = "فاطمة الزهراء بنعلي الإدريسي الوزاني التازي العلوي"


@tagged("post_install", "-at_install")
class TestCertificateLayout(TrainingCase):
    """The certificate in the member's language, its long names cut in lines (T-3,
    X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("fr_FR", "ar_001"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"].search(
            [("name", "=", "coop_training")]
        )._update_translations(["fr_FR", "ar_001"])
        cls.training.with_context(lang="ar_001").name = LONG_TITLE_AR
        cls.training.with_context(lang="fr_FR").name = "Les bases de la comptabilité"
        cls.registration = cls._register(cls.training, cls.m1)
        cls.env["coop.training.attendance"].create(
            {
                "registration_id": cls.registration.id,
                "day": "2025-03-10",
                "present": True,
            }
        )

    def _certificate(self):
        content, _format = self.env["ir.actions.report"]._render_qweb_html(
            "coop_training.action_report_training_certificate", self.registration.ids
        )
        return lxml_html.fromstring(content)

    @staticmethod
    def _lines(doc, css_class):
        (block,) = doc.xpath(f"//*[hasclass('{css_class}')]")
        return [
            span.text_content() for span in block.xpath(".//span[hasclass('d-block')]")
        ]

    def test_certificate_in_the_member_language(self):
        """T-3, X-2: the session, topic and texts are those of the member's language,
        whoever prints it."""
        self.m1.lang = "fr_FR"
        doc = self._certificate()
        text = doc.text_content()
        self.assertIn("Attestation de formation", text)
        self.assertEqual(
            self._lines(doc, "o_coop_certificate_title"),
            ["Les bases de la comptabilité"],
        )
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
        """T-3, X-2: wkhtmltopdf does not wrap Arabic text, so a long title or name
        comes
        in lines short enough for the page, all words kept in their order."""
        self.m1.write({"lang": "ar_001", "name": LONG_NAME_AR})
        doc = self._certificate()
        title = self._lines(doc, "o_coop_certificate_title")
        self.assertGreater(len(title), 1)
        self.assertTrue(all(len(line) <= 55 for line in title), title)
        self.assertEqual(" ".join(title), LONG_TITLE_AR)
        name = self._lines(doc, "o_coop_certificate_name")
        self.assertEqual(
            name, ["فاطمة الزهراء بنعلي الإدريسي الوزاني", "التازي العلوي"]
        )

    def _text(self, doc, css_class):
        (block,) = doc.xpath(f"//*[hasclass('{css_class}')]")
        return " ".join(block.text_content().split())

    def test_place_date_signatures_and_hours(self):
        """T-3, X-2, issue #21: the certificate says where and when it is issued (the
        city of the session's venue, else of its cooperative), has the trainer's and the
        cooperative's signature and stamp blocks, and prints whole hours without a
        decimal (6, not 6.0) and others with theirs, in French and in Arabic."""
        trainer = self.env["res.partner"].create(
            {"name": "Trainer Tarik", "company_id": self.coop_a.id}
        )
        self.training.trainer_ids = trainer
        self.coop_a.city = "Taroudant"
        self.training.address_id = self.env["res.partner"].create(
            {"name": "Salle des fêtes", "city": "Agadir", "company_id": self.coop_a.id}
        )
        for lang in ("fr_FR", "ar_001"):
            self.m1.lang = lang
            doc = self._certificate()
            # one day present at the session's 6 hours a day: no stray decimal
            self.assertEqual(self._text(doc, "o_coop_certificate_hours"), "6")
            self.assertEqual(self._text(doc, "o_coop_certificate_place"), "Agadir")
            self.assertEqual(
                self._text(doc, "o_coop_certificate_date"),
                format_date(
                    self.env,
                    fields.Date.context_today(
                        self.registration.with_context(tz=self.training.date_tz)
                    ),
                    lang_code=lang,
                ),
            )
            self.assertRegex(self._text(doc, "o_coop_certificate_date"), r"\b20\d\d\b")
            self.assertIn(
                "Trainer Tarik", self._text(doc, "o_coop_certificate_sign_trainer")
            )
            self.assertIn(
                self.coop_a.name, self._text(doc, "o_coop_certificate_sign_company")
            )
            if lang == "ar_001":
                self.assertEqual(doc.xpath("//div[hasclass('page')]/@dir"), ["rtl"])

        # a half day more: 7.5 keeps its decimal, in the language's number format
        self.env["coop.training.attendance"].create(
            {
                "registration_id": self.registration.id,
                "day": "2025-03-11",
                "present": True,
                "hours": 1.5,
            }
        )
        self.assertEqual(self.registration.training_hours, 7.5)
        for lang in ("fr_FR", "ar_001"):
            self.m1.lang = lang
            point = self.env["res.lang"]._get_data(code=lang).decimal_point
            self.assertEqual(
                self._text(self._certificate(), "o_coop_certificate_hours"),
                f"7{point}5",
            )

        # without a venue city, the cooperative's city
        self.training.address_id = False
        self.assertEqual(
            self._text(self._certificate(), "o_coop_certificate_place"), "Taroudant"
        )

    def test_hours_precision(self):
        """issue #21: the decimals of the hours on the certificate."""
        from ..report.training_certificate import hours_precision

        self.assertEqual(
            [hours_precision(h) for h in (0, 7.0, 7.5, 0.7, 10.25, 3.3)],
            [0, 0, 1, 1, 2, 1],
        )
