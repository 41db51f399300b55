"""The four addons form one installable suite (foundation issue, X-1)."""

import ast
import re
from pathlib import Path

from .common import SuiteTransactionCase
from .suite_addons import ADDONS

ROOT = Path(__file__).resolve().parent.parent

REQUIRED_KEYS = {
    "name",
    "version",
    "license",
    "author",
    "website",
    "category",
    "summary",
    "depends",
    "data",
    "installable",
}


class TestSuiteIntegrity(SuiteTransactionCase):
    def test_addons_installed_with_demo(self):
        """X-3: the four addons are installed, with demo data, in the test database."""
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(sorted(modules.mapped("name")), sorted(ADDONS))
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertTrue(all(modules.mapped("demo")))
        union = self.env.ref("coop_crm_base.coop_company_union")
        self.assertEqual(len(union.child_ids), 3)

    def test_manifests(self):
        """Foundation: every manifest is a standard 18.0 manifest with an icon."""
        for addon in ADDONS:
            manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())
            self.assertFalse(REQUIRED_KEYS - set(manifest), addon)
            self.assertRegex(manifest["version"], r"^18\.0\.\d+\.\d+\.\d+$", addon)
            self.assertTrue(
                (ROOT / addon / "static/description/icon.png").exists(), addon
            )
            if addon != "coop_crm_base":
                self.assertIn("coop_crm_base", manifest["depends"], addon)

    def test_one_app_menu(self):
        """Foundation: one "Cooperative" app menu holds the four addons' menus."""
        root = self.env.ref("coop_crm_base.menu_coop_root")
        self.assertFalse(root.parent_id)
        for addon, short in [
            ("coop_loyalty", "loyalty"),
            ("coop_claims", "claims"),
            ("coop_training", "training"),
        ]:
            menu = self.env.ref(f"{addon}.menu_{short}_root")
            self.assertEqual(menu.parent_id, root, addon)

    def test_union_manager_manages_every_module(self):
        """X-1: a union manager is a manager of every module of the suite."""
        union_group = self.env.ref("coop_crm_base.group_union_manager")
        implied = union_group.trans_implied_ids
        for short in ("loyalty", "claims", "training"):
            self.assertIn(self.env.ref(f"coop_{short}.group_{short}_manager"), implied)
        self.assertIn(self.env.ref("coop_crm_base.group_coop_user"), implied)
        plain = self.env.ref("coop_crm_base.group_coop_user").trans_implied_ids
        self.assertNotIn(self.env.ref("coop_crm_base.group_coop_manager"), plain)

    def test_every_model_has_access_rules(self):
        """X-1: every model of the suite has access rights, and company-bound ones
        record rules."""
        suite_models = (
            self.env["ir.model"]
            .search([("modules", "!=", False)])
            .filtered(
                lambda m: any(a in ADDONS for a in re.split(r",\s*", m.modules))
                and m.model.startswith("coop.")
                and not self.env[m.model]._abstract
            )
        )
        self.assertTrue(suite_models)
        for model in suite_models:
            if self.env[model.model]._transient:
                continue
            self.assertTrue(model.access_ids, f"{model.model} has no access rights")
            if (
                "company_id" in self.env[model.model]._fields
                and self.env[model.model]._fields["company_id"].store
            ):
                self.assertTrue(model.rule_ids, f"{model.model} has no record rule")
