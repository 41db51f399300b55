import base64
import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .sales_common import CoopSalesCase


@tagged("post_install", "-at_install")
class TestPrivacy(CoopSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer(
            "Khadija Amrani",
            cls.coop_a,
            email="khadija@example.com",
            phone="0612345678",
            city="Agadir",
            coop_consent_email=True,
            coop_profession="Teacher",
        )
        cls.contact = cls._customer(
            "Khadija's son",
            cls.coop_a,
            parent_id=cls.customer.id,
            email="son@example.com",
        )
        cls.orders = cls._orders(
            [
                (cls.customer, cls.coop_a, cls._days_ago(10), 300.0),
                (cls.contact, cls.coop_a, cls._days_ago(40), 200.0),
            ]
        )
        cls.interaction = cls.env["coop.interaction"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.coop_a.id,
                "channel": "phone",
                "subject": "Asked about her allergy",
                "outcome": "Allergic to nuts",
            }
        )
        cls.customer.message_post(
            body="Prefers to be called after 18:00",
            attachments=[("id_card.txt", b"ID card copy")],
        )
        survey = cls.env.ref("coop_crm_base.survey_coop_satisfaction")
        cls.answer = cls.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": cls.customer.id,
                "state": "done",
                "email": "khadija@example.com",
                "user_input_line_ids": [
                    Command.create(
                        {
                            "question_id": cls.env.ref(
                                "coop_crm_base.survey_coop_satisfaction_csat"
                            ).id,
                            "answer_type": "scale",
                            "value_scale": 4,
                        }
                    ),
                    Command.create(
                        {
                            "question_id": cls.env.ref(
                                "coop_crm_base.survey_coop_satisfaction_comment"
                            ).id,
                            "answer_type": "text_box",
                            "value_text_box": "My neighbour Ali was rude",
                        }
                    ),
                ],
            }
        )
        cls.env["ir.attachment"].create(
            {
                "name": "contract.txt",
                "raw": b"contract",
                "res_model": "res.partner",
                "res_id": cls.customer.id,
            }
        )

    def test_export_json(self):
        """M-9: everything about the partner is exported as a JSON download."""
        action = self.customer.with_user(
            self.manager_a
        ).action_coop_export_personal_data()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.mimetype, "application/json")
        data = json.loads(base64.b64decode(attachment.datas))
        self.assertEqual(data["partner"]["name"], "Khadija Amrani")
        self.assertEqual(data["partner"]["phone"], "+212612345678")
        self.assertEqual([c["name"] for c in data["contacts"]], ["Khadija's son"])
        self.assertEqual(
            sorted(o["amount_untaxed"] for o in data["sale_orders"]), [200.0, 300.0]
        )
        self.assertEqual(data["interactions"][0]["outcome"], "Allergic to nuts")
        self.assertIn(
            "Prefers to be called after 18:00", [m["body"] for m in data["messages"]]
        )
        self.assertEqual(
            data["survey_answers"][0]["answers"][1]["answer"],
            "My neighbour Ali was rude",
        )
        self.assertEqual(
            sorted(a["name"] for a in data["attachments"]),
            ["contract.txt", "id_card.txt"],
        )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_a).action_coop_export_personal_data()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_b).action_coop_export_personal_data()

    def test_export_and_erasure_without_rating(self):
        """M-9, X-7 (issue #18): coop_crm_base does not depend on Odoo's ``rating``
        (coop_claims does): without it (coop_crm_base alone, or with coop_loyalty) the
        export has an empty ratings section and the erasure runs; with it, the
        person's rating is exported and its feedback erased."""
        rated = "rating.rating" in self.env
        if rated:
            rating = self.env["rating.rating"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("sale.order"),
                    "res_id": self.orders[0].id,
                    "partner_id": self.customer.id,
                    "rating": 4,
                    "feedback": "Late delivery",
                    "consumed": True,
                }
            )
        data = self.customer._coop_personal_data(companies=self.coop_a)
        self.assertEqual(
            [r["feedback"] for r in data["ratings"]], ["Late delivery"] if rated else []
        )
        self.assertEqual(data["partner"]["name"], "Khadija Amrani")
        self.customer.with_user(self.manager_a).action_coop_anonymize()
        self.assertEqual(self.customer.name, f"Anonymised customer {self.customer.id}")
        if rated:
            self.assertFalse(rating.feedback)

    def test_anonymize_keeps_sales(self):
        """M-9: erasure blanks personal data, messages and attachments; sales stay."""
        Partner = self.env["res.partner"]
        Partner._coop_recompute_customer_stats(self.coop_a)
        self.assertEqual(self.customer.coop_amount_12m, 500.0)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_a).action_coop_anonymize()
        self.customer.with_user(self.manager_a).action_coop_anonymize()
        customer = self.customer
        self.assertEqual(customer.name, f"Anonymised customer {customer.id}")
        self.assertEqual(self.contact.name, f"Anonymised customer {self.contact.id}")
        self.assertFalse(
            customer.email
            or customer.phone
            or customer.city
            or customer.coop_profession
            or self.contact.email
        )
        self.assertFalse(customer.coop_consent_email)
        self.assertTrue(customer.coop_anonymized_date)
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", customer.id)]
        )
        self.assertTrue(messages)
        self.assertFalse(
            any(
                "Khadija" in (m.body or "") or "18:00" in (m.body or "")
                for m in messages
            )
        )
        self.assertFalse(messages.tracking_value_ids)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]
            )
        )
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "id_card.txt")])
        )
        self.assertFalse(self.interaction.outcome)
        self.assertEqual(self.answer.user_input_line_ids.mapped("value_scale"), [4])
        self.assertFalse(self.answer.email)
        # the sales and the statistics are unchanged
        self.assertEqual(self.orders.partner_id, customer | self.contact)
        self.assertEqual(sum(self.orders.mapped("amount_untaxed")), 500.0)
        Partner._coop_recompute_customer_stats(self.coop_a)
        self.assertEqual(
            (customer.coop_amount_12m, customer.coop_order_count_12m), (500.0, 2)
        )
        # marketing skips it: the consent is gone
        self.assertFalse(customer._coop_with_consent("email"))


@tagged("post_install", "-at_install")
class TestPrivacyPortal(HttpCase):
    def test_portal_export(self):
        """M-9: a customer with a portal account downloads their own data, only
        theirs."""
        company = self.env["res.company"].create({"name": "Coop Portal"})
        customer = self.env["res.partner"].create(
            {
                "name": "Nadia Portal",
                "email": "nadia@example.com",
                "company_id": company.id,
            }
        )
        other = self.env["res.partner"].create(
            {"name": "Someone Else", "company_id": company.id}
        )
        new_test_user(
            self.env,
            "nadia_portal",
            groups="base.group_portal",
            name="Nadia Portal",
            partner_id=customer.id,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        customer.message_post(body="Called about her order")
        other.message_post(body="Private note about someone else")
        self.authenticate("nadia_portal", "nadia_portal")
        response = self.url_open("/my/coop/personal-data")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["partner"]["name"], "Nadia Portal")
        bodies = [message["body"] for message in data["messages"]]
        self.assertIn("Called about her order", bodies)
        self.assertNotIn("Private note about someone else", bodies)
        home = self.url_open("/my/home")
        self.assertIn("/my/coop/personal-data", home.text)
