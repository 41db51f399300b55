"""Arabic as written in Morocco (X-2, issue #21): Western digits, phone numbers left to
right inside right-to-left screens."""

import shutil

from odoo.tools import format_date

from .common import SuiteHttpCase
from .suite_addons import ADDONS

ARABIC_INDIC = "".join(chr(c) for c in range(0x0660, 0x066A)) + "".join(
    chr(c) for c in range(0x06F0, 0x06FA)
)

# run in the claim's form, in Arabic; "test successful" or an error for the test to fail
CHECK_CLAIM_FORM = """
(async () => {
    const until = Date.now() + 20000;
    let phone, received;
    while (Date.now() < until) {
        const field = document.querySelector('.o_field_phone[name="partner_phone"]');
        phone = field && field.querySelector("a, input");
        received = document.querySelector(
            '.o_field_widget[name="date_received"] input');
        if (phone && received && received.value) {
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const fail = (message) => console.error("coop arabic check: " + message);
    if (!phone || !received) {
        return fail("the claim form shows no phone or no date of reception");
    }
    if (getComputedStyle(document.body).direction !== "rtl") {
        return fail("the screen is not right to left");
    }
    const style = getComputedStyle(phone);
    if (style.direction !== "ltr" || style.unicodeBidi !== "isolate") {
        return fail(`the phone is ${style.direction} / ${style.unicodeBidi}`);
    }
    if (/[\\u0660-\\u0669\\u06F0-\\u06F9]/.test(received.value)) {
        return fail(`the date of reception has Arabic-Indic digits: ${received.value}`);
    }
    if (!/2026/.test(received.value)) {
        return fail(`the date is not in Western digits: ${received.value}`);
    }
    if (luxon.Settings.defaultNumberingSystem !== "latn") {
        const digits = luxon.Settings.defaultNumberingSystem;
        return fail(`dates are written in ${digits} digits`);
    }
    console.log("test successful");
})();
"""


class TestArabicMorocco(SuiteHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("ar_001")
        env["ir.module.module"].search([("name", "in", ADDONS)])._update_translations(
            ["ar_001"]
        )
        cls.admin = env.ref("base.user_admin")
        cls.admin.lang = "ar_001"
        company = cls.admin.company_id
        cls.partner = env["res.partner"].create(
            {
                "name": "فاطمة العمراني",
                "company_id": company.id,
                "phone": "0661 23 45 67",
            }
        )
        cls.claim = (
            env["coop.claim"]
            .with_company(company)
            .create(
                {
                    "subject": "زيت غير صالح",
                    "partner_id": cls.partner.id,
                    "company_id": company.id,
                    "channel": "phone",
                    "date_received": "2026-12-07 10:00:00",
                }
            )
        )

    def test_server_prints_western_digits(self):
        """X-2, issue #21: dates and amounts printed by the server for an Arabic reader
        (reports, e-mails, chatter) use the digits 0-9, as in Morocco."""
        env = self.env(context=dict(self.env.context, lang="ar_001"))
        text = format_date(env, "2026-12-07", lang_code="ar_001")
        self.assertIn("2026", text)
        self.assertFalse(set(text) & set(ARABIC_INDIC), text)
        amount = (
            env["res.lang"]._lang_get("ar_001").format("%.2f", 1234.5, grouping=True)
        )
        self.assertEqual(amount, "1,234.50")

    def test_web_client_digits_and_phone(self):
        """X-2, issue #21: in the web client in Arabic, dates in Western digits (Odoo
        gives Arabic-Indic digits to "ar-001") and a phone number isolated left to right
        inside the right-to-left form ("0661 23 45 67", not "67 45 23 0661")."""
        self.assertTrue(
            shutil.which("rtlcss"),
            "rtlcss is needed for right-to-left screens (npm install -g rtlcss)",
        )
        self.browser_js(
            f"/odoo/action-coop_claims.action_coop_claim/{self.claim.id}"
            f"?cids={self.admin.company_id.id}",
            CHECK_CLAIM_FORM,
            ready="",
            login="admin",
            timeout=90,
        )
