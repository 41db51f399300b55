"""What a user reads carries no requirement id (issue #19) and prints as a Moroccan user
expects it (X-2, issue #21)."""

import re

from odoo.tools import format_date

from .common import SuiteTransactionCase
from .suite_addons import ADDONS

# a requirement id of the specification: M-4, L-8, C-1, T-3, X-9...
REQUIREMENT_ID = re.compile(r"\b[CLMTX]-\d{1,2}\b")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class TestUserTexts(SuiteTransactionCase):
    def _suite_xmlids(self, model):
        """{record id: "module.name"} of the records of ``model`` the suite's addons
        create."""
        data = self.env["ir.model.data"].search(
            [("model", "=", model), ("module", "in", ADDONS)]
        )
        return {d.res_id: f"{d.module}.{d.name}" for d in data}

    def _offenders(self, model, fnames):
        found = []
        ids = self._suite_xmlids(model)
        for record in self.env[model].browse(list(ids)).exists():
            for fname in fnames:
                # comments of an arch are not shown (QWeb drops them)
                text = COMMENT.sub("", str(record.with_context(lang=None)[fname] or ""))
                if REQUIREMENT_ID.search(text):
                    found.append(
                        f"{ids[record.id]}.{fname}: {REQUIREMENT_ID.findall(text)}"
                    )
        return found

    def test_no_requirement_id_in_labels(self):
        """X-8, issue #19: no requirement id (M-4, C-1, L-8...) in the labels, help
        texts, selection values, views, menus, actions, groups, reports and mail
        templates of the four addons: they belong to commit messages and test
        docstrings."""
        found = []
        # fields of the suite's models and the fields it adds to Odoo's
        fields_ = (
            self.env["ir.model.fields"]
            .browse(list(self._suite_xmlids("ir.model.fields")))
            .exists()
        )
        self.assertTrue(fields_)
        for field in fields_:
            for text in (field.field_description, field.help or ""):
                if REQUIREMENT_ID.search(text):
                    found.append(
                        f"{field.model}.{field.name}: {REQUIREMENT_ID.findall(text)}"
                    )
            for selection in field.selection_ids:
                if REQUIREMENT_ID.search(selection.name or ""):
                    found.append(f"{field.model}.{field.name} = {selection.value}")
        found += self._offenders("ir.ui.view", ["arch_db"])
        found += self._offenders("ir.ui.menu", ["name"])
        found += self._offenders("ir.actions.act_window", ["name", "help"])
        found += self._offenders("ir.actions.report", ["name"])
        found += self._offenders("ir.actions.server", ["name"])
        found += self._offenders("res.groups", ["name", "comment"])
        found += self._offenders("mail.template", ["name", "subject", "body_html"])
        found += self._offenders("ir.cron", ["cron_name"])
        found += self._offenders("ir.filters", ["name"])
        self.assertFalse(
            found, "requirement ids in what users read:\n" + "\n".join(found)
        )

    def test_requirement_id_check_catches_labels(self):
        """X-8, issue #19: the check finds an id in a title, not a date or a code."""
        self.assertTrue(REQUIREMENT_ID.search('<group string="Deadline (C-1)">'))
        self.assertTrue(REQUIREMENT_ID.search("shared among active members (L-8)."))
        self.assertFalse(
            REQUIREMENT_ID.search("RC-ESS-2004-117, 2026-Q1, EAN-13, CLM/2026/00001")
        )

    def test_demo_texts_in_french_or_arabic(self):
        """X-3, issue #21: the demo's own texts (professions, functions, claim subjects
        and answers, improvement actions, ristourne runs, trainers, rooms, training
        needs, interactions, users) are in French or Arabic, as a Moroccan cooperative
        writes them, not in English."""
        english = re.compile(
            r"\b(the|of|to|and|with|from|after|before|our|we|was|staff|manager|trainer|"
            r"room|farmer|teacher|shopkeeper|nurse|driver|student|retired|cook|engineer|"
            r"buyer|chef|curator|moved|shares|unpaid|ristourne run)\b",
            re.IGNORECASE,
        )
        checks = {
            "res.partner": ["name", "coop_profession", "function"],
            "res.users": ["name"],
            "coop.membership": ["exit_reason"],
            "coop.interaction": ["subject", "outcome"],
            "coop.claim": ["subject", "answer", "root_cause"],
            "coop.claim.compensation": ["name"],
            "coop.claim.action": ["name"],
            "coop.ristourne.run": ["name"],
            "coop.training.need": ["name"],
        }
        found = []
        for model, fnames in checks.items():
            data = self.env["ir.model.data"].search(
                [
                    ("model", "=", model),
                    ("module", "in", ADDONS),
                    ("noupdate", "=", True),
                ]
            )
            records = self.env[model].browse(data.mapped("res_id")).exists()
            self.assertTrue(records or model == "coop.membership", f"no demo {model}")
            for record in records:
                for fname in fnames:
                    text = str(record[fname] or "")
                    if english.search(text):
                        found.append(f"{model} {record.id} {fname}: {text[:60]!r}")
        self.assertFalse(found, "English in the demo:\n" + "\n".join(found))

    def test_card_reminder_date_in_customer_format(self):
        """X-2, issue #21: the card expiry reminder gives the date as the customer reads
        dates ("31/12/2026" in French), not as the database stores it ("2026-12-31")."""
        self.env["res.lang"]._activate_lang("fr_FR")
        card = self.env["loyalty.card"].search(
            [("coop_date_expiry", "!=", False), ("partner_id", "!=", False)], limit=1
        )
        self.assertTrue(card, "no demo card with an expiry date")
        card.partner_id.lang = "fr_FR"
        template = self.env.ref("coop_loyalty.mail_template_card_expiry_reminder")
        expected = format_date(self.env, card.coop_date_expiry, lang_code="fr_FR")
        for fname in ("subject", "body_html"):
            rendered = template._render_field(fname, card.ids, compute_lang=True)[
                card.id
            ]
            self.assertIn(expected, str(rendered), fname)
            self.assertNotIn(str(card.coop_date_expiry), str(rendered), fname)
