"""X-2 (issue #7): the suite's menus, dashboards and forms in Arabic, right to left,
with
the four addons installed (the tour lives in coop_crm_base/static/tests/tours/)."""

import shutil

from .common import SuiteHttpCase
from .suite_addons import ADDONS


class TestSuiteArabicUi(SuiteHttpCase):
    """X-2: the administrator in Arabic walks the app's menus and main screens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # without rtlcss Odoo serves the left-to-right stylesheet to Arabic users
        assert shutil.which(
            "rtlcss"
        ), "install rtlcss (npm install -g rtlcss) for Arabic screens"
        modules = env["ir.module.module"].search([("name", "in", ADDONS)])
        assert set(
            modules.filtered(lambda m: m.state == "installed").mapped("name")
        ) == set(ADDONS), "the four addons must be installed"
        env["res.lang"]._activate_lang("ar_001")
        modules._update_translations(["ar_001"])
        cls.admin = env.ref("base.user_admin")
        cls.admin.lang = "ar_001"
        # records to open in each screen, whatever the demo data holds
        company = cls.admin.company_id
        partner = env["res.partner"].create(
            {
                "name": "Fatima Zahra",
                "company_id": company.id,
                "phone": "0661234567",
            }
        )
        membership = env["coop.membership"].create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "share_count": 5,
            }
        )
        membership.action_admit()

    def test_arabic_rtl_suite_tour(self):
        """X-2, M-2, M-3, M-8, L-1, C-1, T-1: members, customers, dashboard, indicators,
        loyalty cards, claims and training sessions, list and form, read right to left
        in
        Arabic: direction rtl, Arabic labels from the addons' ar.po, each form's label
        to
        the right of its value."""
        env = self.env
        self.assertEqual(env["res.lang"]._lang_get("ar_001").direction, "rtl")
        menus = {
            "coop_crm_base.menu_coop_root": "التعاونية",
            "coop_loyalty.menu_coop_loyalty_card": "البطاقات",
            "coop_claims.menu_coop_claim": "الشكايات",
            "coop_training.menu_training_session": "الدورات",
        }
        for xmlid, name in menus.items():
            self.assertEqual(env.ref(xmlid).with_context(lang="ar_001").name, name)
        for model in ("loyalty.card", "coop.claim", "event.event"):
            self.assertTrue(
                env[model].search_count([]), f"no {model} to open in the tour"
            )
        # all the administrator's cooperatives active, as the company switcher does
        cids = (
            self.admin.company_id.ids
            + (self.admin.company_ids - self.admin.company_id).ids
        )
        self.start_tour(
            "/odoo/action-coop_crm_base.action_coop_membership?cids="
            + "-".join(map(str, cids)),
            "coop_arabic_rtl_suite",
            login="admin",
        )
