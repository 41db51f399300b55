"""The portal and the public claim form across the suite (X-1, C-2, L-2, T-3, M-9)."""

import re

from odoo.fields import Command
from odoo.tests import new_test_user

from .common import SuiteHttpCase, create_attendance, create_training_day

NAME, EMAIL, PHONE = "Khadija Amrani", "khadija.amrani@example.com", "+212612345678"


class TestPortalIsolation(SuiteHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop = cls.env.ref("coop_crm_base.coop_company_argan")
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.coop.ids))
        cls.portal_user = new_test_user(
            env,
            "suite_portal_holder",
            groups="base.group_portal",
            password="suite_portal_holder",
            company_id=cls.coop.id,
            company_ids=[Command.set(cls.coop.ids)],
            name="Portal Holder",
        )
        cls.holder = cls.portal_user.partner_id
        cls.holder.company_id = cls.coop
        cls.other = env["res.partner"].create(
            {
                "name": NAME,
                "email": EMAIL,
                "phone": PHONE,
                "company_id": cls.coop.id,
            }
        )
        program = env["loyalty.program"].create(
            {
                "name": "Suite portal card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": cls.coop.id,
                "coop_card": True,
                "portal_visible": True,
            }
        )
        cls.own_card, cls.other_card = env["loyalty.card"].create(
            [
                {"program_id": program.id, "partner_id": partner.id, "points": 10}
                for partner in (cls.holder, cls.other)
            ]
        )
        Claim = env["coop.claim"]
        cls.own_claim = Claim.create(
            {
                "subject": "Own jar claim",
                "partner_id": cls.holder.id,
                "company_id": cls.coop.id,
            }
        )
        cls.other_claim = Claim.create(
            {
                "subject": "Neighbour jar claim",
                "partner_id": cls.other.id,
                "company_id": cls.coop.id,
            }
        )
        session = create_training_day(env, cls.coop, "Suite portal training")
        cls.own_reg, cls.other_reg = create_attendance(
            env, session, cls.holder | cls.other
        )

    def test_portal_customer_sees_own_records_only(self):
        """X-1, C-2, L-2, T-3: a portal customer sees their own card, claim and training
        certificate, and nothing of another customer of the same cooperative."""
        self.authenticate("suite_portal_holder", "suite_portal_holder")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn(self.own_card.coop_number, home.text)
        self.assertNotIn(self.other_card.coop_number, home.text)
        claims = self.url_open("/my/claims")
        self.assertEqual(claims.status_code, 200)
        self.assertIn("Own jar claim", claims.text)
        self.assertNotIn("Neighbour jar claim", claims.text)
        other = self.url_open(
            f"/my/claims/{self.other_claim.id}", allow_redirects=False
        )
        self.assertEqual(other.status_code, 303)
        trainings = self.url_open("/my/trainings")
        self.assertEqual(trainings.status_code, 200)
        self.assertIn("Suite portal training", trainings.text)
        self.assertIn(f"/my/trainings/{self.own_reg.id}/certificate", trainings.text)
        self.assertNotIn(
            f"/my/trainings/{self.other_reg.id}/certificate", trainings.text
        )
        certificate = self.url_open(f"/my/trainings/{self.own_reg.id}/certificate")
        self.assertEqual(certificate.status_code, 200)
        self.assertEqual(certificate.headers["Content-Type"], "application/pdf")
        refused = self.url_open(
            f"/my/trainings/{self.other_reg.id}/certificate", allow_redirects=False
        )
        self.assertEqual(refused.status_code, 303)
        for page in (home, claims, trainings):
            self.assertNotIn(NAME, page.text)
            self.assertNotIn(EMAIL, page.text)

    def _submit(self, email, name):
        form = self.url_open("/claims/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        return self.url_open(
            "/claims/submit",
            data={
                "csrf_token": token,
                "company_id": self.coop.id,
                "name": name,
                "email": email,
                "subject": "Jar claim",
                "description": "Broken <b>jar</b>",
            },
        )

    def test_public_form_does_not_reveal_customers(self):
        """C-2, M-9: the public form answers the same for a customer's e-mail address
        and an
        unknown one, and shows nothing stored about the customer."""
        self.authenticate(None, None)
        known = self._submit(EMAIL, "Someone Else")
        unknown = self._submit("nobody.known@example.com", "Someone Else")
        self.assertEqual((known.status_code, unknown.status_code), (200, 200))
        claims = self.env["coop.claim"].search(
            [("company_id", "=", self.coop.id), ("subject", "=", "Jar claim")],
            order="id",
        )
        self.assertEqual(len(claims), 2)

        def strip(text, claim):
            text = text.replace(claim.name, "REF").replace(
                f"/my/claims/{claim.id}", "URL"
            )
            text = re.sub(
                r"(access_token=|csrf_token[^>]*value=\")[\w-]+", r"\1X", text
            )
            return re.sub(r'(csrf_token: ")[^"]+', r"\1X", text)

        self.assertEqual(strip(known.text, claims[0]), strip(unknown.text, claims[1]))
        for text in (known.text, unknown.text):
            self.assertNotIn(NAME, text)
            self.assertNotIn(PHONE, text)
        # the claim page the visitor is sent to shows nothing stored about the customer
        page = self.url_open(claims[0].get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Jar claim", page.text)
        self.assertNotIn(NAME, page.text)
        self.assertNotIn(PHONE, page.text)

    def test_portal_export_covers_the_person_only(self):
        """M-9, X-1, issue #14: a portal customer who is a contact of a company
        downloads
        their own data, not the company's nor a colleague's (orders, claims, messages),
        and no internal field of their claims."""
        env = self.env(
            context=dict(self.env.context, allowed_company_ids=self.coop.ids)
        )
        firm = env["res.partner"].create(
            {"name": "Atlas Firm", "is_company": True, "company_id": self.coop.id}
        )
        self.holder.parent_id = firm
        colleague = env["res.partner"].create(
            {
                "name": NAME,
                "email": EMAIL,
                "parent_id": firm.id,
                "company_id": self.coop.id,
            }
        )
        product = env["product.product"].create(
            {"name": "Export oil", "list_price": 10.0, "company_id": self.coop.id}
        )
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.coop.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for partner in (self.holder, firm, colleague)
            ]
        )
        colleague_claim = env["coop.claim"].create(
            {
                "subject": "Colleague claim",
                "partner_id": colleague.id,
                "company_id": self.coop.id,
            }
        )
        colleague.message_post(body="Note about the colleague")
        firm.message_post(body="Note about the firm")
        self.authenticate("suite_portal_holder", "suite_portal_holder")
        response = self.url_open("/my/coop/personal-data")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["partner"]["id"], self.holder.id)
        self.assertEqual(data["contacts"], [])
        self.assertEqual([o["name"] for o in data["sale_orders"]], [orders[0].name])
        self.assertEqual([c["subject"] for c in data["claims"]], ["Own jar claim"])
        self.assertNotIn("claim_type", data["claims"][0])
        self.assertNotIn("root_cause", data["claims"][0])
        for text in (
            NAME,
            EMAIL,
            "Note about the colleague",
            "Note about the firm",
            colleague_claim.name,
            orders[1].name,
            orders[2].name,
        ):
            self.assertNotIn(text, response.text)

    def test_portal_export_not_for_staff(self):
        """M-9, issue #14: the portal route exports the person's data across the
        cooperatives, so it is for portal customers only: an internal user is sent back
        (their cooperative's manager exports)."""
        new_test_user(
            self.env,
            "suite_export_staff",
            groups="base.group_user",
            password="suite_export_staff",
            company_id=self.coop.id,
            company_ids=[Command.set(self.coop.ids)],
        )
        self.authenticate("suite_export_staff", "suite_export_staff")
        response = self.url_open("/my/coop/personal-data", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
