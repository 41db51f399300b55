"""Every term of the suite is translated into French and Arabic (X-2).

The check is the one of ``i18n/translations.py check``: no missing .po, no empty
or fuzzy entry, and the same placeholders as the English source. The .pot files
are regenerated with ``python3 i18n/translations.py export``.
"""

import importlib.util
import io
from pathlib import Path

import polib

from odoo.tools.translate import trans_export

from .common import SuiteTransactionCase

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "translations", ROOT / "i18n" / "translations.py"
)
translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations)


class TestTranslations(SuiteTransactionCase):
    def test_po_files_complete(self):
        """X-2: fr.po and ar.po of each addon translate every term the code has now.

        The terms are exported from the database, as `i18n/translations.py export`
        does, so a new label without translation fails here even if the .pot was
        not regenerated.
        """
        for addon in translations.ADDONS:
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", self.env.cr)
            template = polib.pofile(buffer.getvalue().decode())
            msgids = {(e.msgctxt, e.msgid) for e in template}
            self.assertGreater(len(msgids), 5, addon)  # the export read the addon
            for lang in translations.LANGS:
                path = ROOT / addon / "i18n" / f"{lang}.po"
                with self.subTest(po=str(path.relative_to(ROOT))):
                    self.assertTrue(path.exists())
                    self.assertEqual(translations.check_po(path), [])
                    po = polib.pofile(str(path))
                    translated = {(e.msgctxt, e.msgid) for e in po if e.msgstr}
                    self.assertFalse(msgids - translated, "terms of the .pot missing")

    def test_placeholder_check_catches_errors(self):
        """X-2: the check refuses a translation whose placeholders differ from the
        source."""
        self.assertEqual(
            translations.placeholders("%(member)s paid %s"), ["%(member)s", "%s"]
        )
        self.assertNotEqual(
            translations.placeholders("%(member)s paid %s"),
            translations.placeholders("%(membre)s a payé %s"),
        )

    def test_french_and_arabic_load(self):
        """X-2: the .po files load into Odoo and give the labels in French and
        Arabic."""
        for lang in ("fr_FR", "ar_001"):
            self.env["res.lang"]._activate_lang(lang)
        # what Odoo does when a language is installed: load each addon's <lang>.po
        self.env["ir.module.module"].search(
            [("name", "in", translations.ADDONS)]
        )._update_translations(["fr_FR", "ar_001"])
        self.env.invalidate_all()
        field = self.env["ir.model.fields"]._get("coop.membership", "share_count")
        self.assertEqual(
            field.with_context(lang="fr_FR").field_description, "Parts souscrites"
        )
        self.assertEqual(
            field.with_context(lang="ar_001").field_description,
            polib.pofile(str(ROOT / "coop_crm_base/i18n/ar.po"))
            .find("Shares subscribed")
            .msgstr,
        )
        self.assertEqual(self.env["res.lang"]._lang_get("ar_001").direction, "rtl")
        menu = self.env.ref("coop_crm_base.menu_coop_root").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Coopérative")
