"""Erasure of a customer known to every addon: card, claim, training, orders (M-9,
X-1)."""

import logging
from contextlib import contextmanager

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user

from .common import SuiteTransactionCase, create_training_day

NAME, EMAIL, PHONE = "Khadija Amrani", "khadija.amrani@example.com", "+212612345678"


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


class TestPrivacyErasure(SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mad = cls.env.ref("base.MAD")
        cls.coop = cls.env["res.company"].create(
            {"name": "Privacy Coop", "currency_id": mad.id}
        )
        cls.manager = new_test_user(
            cls.env,
            "privacy_manager",
            groups="coop_crm_base.group_coop_manager",
            company_id=cls.coop.id,
            company_ids=[Command.set(cls.coop.ids)],
        )
        cls.user = new_test_user(
            cls.env,
            "privacy_user",
            groups="coop_crm_base.group_coop_user,coop_claims.group_claims_user",
            company_id=cls.coop.id,
            company_ids=[Command.set(cls.coop.ids)],
        )
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.coop.ids))
        cls.customer = env["res.partner"].create(
            {
                "name": NAME,
                "email": EMAIL,
                "phone": PHONE,
                "city": "Agadir",
                "company_id": cls.coop.id,
                "coop_consent_email": True,
            }
        )
        product = env["product.product"].create(
            {
                "name": "Privacy oil",
                "list_price": 150.0,
                "type": "consu",
                "taxes_id": [Command.clear()],
                "company_id": cls.coop.id,
            }
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.coop.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                ],
            }
        )
        cls.order.action_confirm()
        program = env["loyalty.program"].create(
            {
                "name": "Privacy card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": cls.coop.id,
                "coop_card": True,
            }
        )
        cls.card = env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": cls.customer.id,
                "points": 120.0,
            }
        )
        cls.claim = (
            env["coop.claim"]
            .with_user(cls.user)
            .create(
                {
                    "subject": "Broken jar",
                    "partner_id": cls.customer.id,
                    "company_id": cls.coop.id,
                }
            )
        )
        cls.claim.message_post(
            body=f"Reply from {NAME} ({EMAIL})",
            author_id=cls.customer.id,
            message_type="comment",
            attachments=[("receipt.txt", b"receipt of " + NAME.encode())],
        )
        session = create_training_day(env, cls.coop, "Privacy training")
        cls.registration = env["event.registration"].create(
            {
                "event_id": session.id,
                "partner_id": cls.customer.id,
            }
        )
        # a photo sent with the claim (as the public form attaches it: to the claim
        # itself)
        cls.claim_photo = env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "raw": b"photo of " + NAME.encode(),
                "res_model": "coop.claim",
                "res_id": cls.claim.id,
            }
        )

    @contextmanager
    def _captured_logs(self):
        """Every log record of Odoo and of the suite's addons, down to DEBUG."""
        handler = _Records()
        handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        root = logging.getLogger()
        loggers = [
            logging.getLogger(name)
            for name in (
                "odoo.addons.coop_crm_base",
                "odoo.addons.coop_loyalty",
                "odoo.addons.coop_claims",
                "odoo.addons.coop_training",
                "odoo.models",
            )
        ]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        root.addHandler(handler)
        try:
            yield handler.lines
        finally:
            root.removeHandler(handler)
            for logger, level in zip(loggers, levels, strict=False):
                logger.setLevel(level)

    def _assert_no_personal_data(self, texts):
        for text in texts:
            for value in (NAME, "Khadija", EMAIL, PHONE, "612345678"):
                self.assertNotIn(value, text or "")

    def test_erasure_across_the_suite(self):
        """M-9: the customer's card, claim, training registration and order stay, with
        the
        sales total, points and claim; the personal fields, the chatter content and the
        attachments of messages are gone; only a cooperative manager may erase."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user).action_coop_anonymize()
        claim_messages = self.claim.message_ids
        self.assertTrue(any(NAME in (m.body or "") for m in claim_messages))
        receipt = claim_messages.attachment_ids
        self.assertEqual(receipt.mapped("name"), ["receipt.txt"])

        with self._captured_logs() as logs:
            self.customer.with_user(self.manager).action_coop_anonymize()
        self.env.invalidate_all()

        customer = self.customer
        self.assertEqual(customer.name, f"Anonymised customer {customer.id}")
        self.assertFalse(
            customer.email or customer.phone or customer.mobile or customer.city
        )
        self.assertFalse(customer.coop_consent_email)
        # figures kept: the order and its total, the card and its points, the claim
        self.assertEqual(self.order.partner_id, customer)
        self.assertEqual((self.order.state, self.order.amount_untaxed), ("sale", 300.0))
        self.assertEqual((self.card.partner_id, self.card.points), (customer, 120.0))
        self.assertEqual(self.claim.partner_id, customer)
        self.assertEqual(self.registration.partner_id, customer)
        # the contact details copied on the registration go, its hours stay
        self._assert_no_personal_data(
            [self.registration.name, self.registration.email, self.registration.phone]
        )
        # the files sent with the claim go
        self.assertFalse(self.claim_photo.exists())
        # chatter: the customer's messages on the claim are emptied, their files deleted
        self._assert_no_personal_data(self.claim.message_ids.mapped("body"))
        self.assertFalse(receipt.exists())
        self.assertFalse(
            self.env["mail.followers"].search([("partner_id", "=", customer.id)])
        )
        # what the claim shows of the customer comes from the anonymised partner
        self._assert_no_personal_data(
            [
                self.claim.partner_email,
                self.claim.partner_phone,
                self.claim.partner_id.display_name,
            ]
        )
        # logs
        self._assert_no_personal_data(logs)

    def test_export_logs_no_personal_data(self):
        """M-9: exporting the customer's data (JSON) logs nothing personal, and the
        export
        holds the order, messages and attachments of the customer."""
        with self._captured_logs() as logs:
            action = self.customer.with_user(
                self.manager
            ).action_coop_export_personal_data()
        self._assert_no_personal_data(logs)
        self.assertEqual(action["type"], "ir.actions.act_url")
        data = self.customer._coop_personal_data()
        self.assertEqual(data["partner"]["email"], EMAIL)
        self.assertEqual([o["amount_untaxed"] for o in data["sale_orders"]], [300.0])
        self.assertIn(
            f"Reply from {NAME} ({EMAIL})", [m["body"] for m in data["messages"]]
        )
        self.assertIn("receipt.txt", [a["name"] for a in data["attachments"]])


SHARED_NAME, SHARED_EMAIL, SHARED_PHONE = (
    "Salma Idrissi",
    "salma.idrissi@example.com",
    "+212611223344",
)


class TestPrivacyPerCooperative(SuiteTransactionCase):
    """M-9, X-1, issue #14: export and erasure asked by one cooperative cover that
    cooperative's records only, and erasure reaches every copy of the person's data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mad = cls.env.ref("base.MAD")
        Company = cls.env["res.company"]
        cls.coop_a = Company.create({"name": "Erasure Coop A", "currency_id": mad.id})
        cls.coop_b = Company.create({"name": "Erasure Coop B", "currency_id": mad.id})
        cls.manager_a = new_test_user(
            cls.env,
            "erasure_manager_a",
            groups="coop_crm_base.group_coop_manager",
            company_id=cls.coop_a.id,
            company_ids=[Command.set(cls.coop_a.ids)],
        )
        cls.manager_b = new_test_user(
            cls.env,
            "erasure_manager_b",
            groups="coop_crm_base.group_coop_manager",
            company_id=cls.coop_b.id,
            company_ids=[Command.set(cls.coop_b.ids)],
        )
        # a person known to both cooperatives (shared at union level: no company)
        cls.person = cls.env["res.partner"].create(
            {
                "name": SHARED_NAME,
                "email": SHARED_EMAIL,
                "phone": SHARED_PHONE,
            }
        )
        cls.login = new_test_user(
            cls.env,
            "erasure_person_portal",
            groups="base.group_portal",
            partner_id=cls.person.id,
            company_id=cls.coop_a.id,
            company_ids=[Command.set((cls.coop_a | cls.coop_b).ids)],
            name=SHARED_NAME,
            email=SHARED_EMAIL,
        )
        cls.person.company_id = False  # the user's creation sets it
        cls.recs = {
            coop: cls._records_of(coop, cls.person) for coop in (cls.coop_a, cls.coop_b)
        }
        cls.env["mail.blacklist"].create({"email": SHARED_EMAIL})
        cls.env["phone.blacklist"].create({"number": SHARED_PHONE})

    @classmethod
    def _records_of(cls, coop, partner):
        """What ``coop`` keeps about ``partner``: membership, interaction, claim with a
        sent
        mail and a rating, card, training registration, appointment, survey answer."""
        tag = coop.name
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=coop.ids))
        recs = {}
        recs["membership"] = env["coop.membership"].create(
            {"partner_id": partner.id, "company_id": coop.id}
        )
        recs["interaction"] = env["coop.interaction"].create(
            {
                "partner_id": partner.id,
                "company_id": coop.id,
                "channel": "phone",
                "subject": f"Call {tag} {SHARED_NAME}",
                "outcome": f"Outcome {tag}",
            }
        )
        recs["claim"] = env["coop.claim"].create(
            {
                "subject": f"Claim {tag} {SHARED_NAME}",
                "partner_id": partner.id,
                "company_id": coop.id,
                "description": f"<p>Description {tag} {SHARED_PHONE}</p>",
                "answer": f"<p>Answer {tag} to {SHARED_NAME}</p>",
            }
        )
        message = recs["claim"].message_post(
            body=f"Mail {tag} to {SHARED_NAME}",
            partner_ids=partner.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        recs["mail"] = env["mail.mail"].create(
            {
                "mail_message_id": message.id,
                "body_html": f"<p>Dear {SHARED_NAME} ({tag})</p>",
                "email_to": SHARED_EMAIL,
                "recipient_ids": [Command.set(partner.ids)],
                "model": "coop.claim",
                "res_id": recs["claim"].id,
            }
        )
        recs["rating"] = env["rating.rating"].create(
            {
                "res_model_id": env["ir.model"]._get_id("coop.claim"),
                "res_id": recs["claim"].id,
                "partner_id": partner.id,
                "rating": 2,
                "feedback": f"Feedback {tag} from {SHARED_NAME}",
                "consumed": True,
            }
        )
        program = env["loyalty.program"].create(
            {
                "name": f"Card {tag}",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": coop.id,
                "coop_card": True,
            }
        )
        recs["card"] = env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": partner.id, "points": 50.0}
        )
        session = create_training_day(env, coop, f"Training {tag}")
        recs["registration"] = env["event.registration"].create(
            {
                "event_id": session.id,
                "partner_id": partner.id,
                "company_name": f"Employer {tag} of {SHARED_NAME}",
            }
        )
        recs["appointment"] = env["calendar.event"].create(
            {
                "name": f"Appointment {tag} with {SHARED_NAME}",
                "coop_partner_id": partner.id,
                "start": "2025-03-12 09:00:00",
                "stop": "2025-03-12 10:00:00",
            }
        )
        survey = cls.env.ref("coop_crm_base.survey_coop_satisfaction")
        recs["answer"] = env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": partner.id,
                "state": "done",
                "email": SHARED_EMAIL,
                "coop_company_id": coop.id,
            }
        )
        return recs

    def _texts_of(self, recs):
        """Every text of the person a cooperative's records hold."""
        self.env.invalidate_all()
        return [
            recs["interaction"].subject,
            recs["interaction"].outcome,
            recs["claim"].subject,
            recs["claim"].description,
            recs["claim"].answer,
            recs["mail"].body_html,
            recs["mail"].email_to,
            recs["rating"].feedback,
            recs["registration"].name,
            recs["registration"].email,
            recs["registration"].company_name,
            recs["appointment"].name,
            recs["answer"].email,
            " ".join(recs["claim"].message_ids.mapped("body")),
        ]

    def _assert_untouched(self, recs, tag):
        texts = " ".join(str(t) for t in self._texts_of(recs))
        for expected in (
            f"Call {tag} {SHARED_NAME}",
            f"Claim {tag} {SHARED_NAME}",
            f"Answer {tag} to {SHARED_NAME}",
            f"Dear {SHARED_NAME} ({tag})",
            SHARED_EMAIL,
            f"Feedback {tag} from {SHARED_NAME}",
            f"Employer {tag} of {SHARED_NAME}",
            f"Appointment {tag} with {SHARED_NAME}",
            f"Mail {tag} to",
        ):
            self.assertIn(expected, texts)
        self.assertEqual(recs["mail"].recipient_ids, self.person)

    def _assert_erased(self, recs):
        for text in self._texts_of(recs):
            for value in (
                SHARED_NAME,
                SHARED_EMAIL,
                SHARED_PHONE,
                "Salma",
                "611223344",
            ):
                self.assertNotIn(value, str(text or ""))
        self.assertFalse(recs["mail"].recipient_ids)

    def test_export_covers_the_cooperative_only(self):
        """M-9, X-1, issue #14: coop A's manager exporting a person known to both
        cooperatives gets A's memberships, claims, cards, registrations, interactions,
        appointments, ratings and messages, none of B's."""
        self.person.with_user(self.manager_a).action_coop_export_personal_data()
        data = self.person.with_user(self.manager_a)._coop_personal_data(
            companies=self.coop_a
        )
        a, b = self.recs[self.coop_a], self.recs[self.coop_b]
        for section, key in (
            ("memberships", "membership"),
            ("claims", "claim"),
            ("cards", "card"),
            ("registrations", "registration"),
            ("appointments", "appointment"),
        ):
            self.assertEqual([row["id"] for row in data[section]], [a[key].id], section)
        # the call and the interaction logged by the appointment, both of A
        interactions = self.env["coop.interaction"].browse(
            [row["id"] for row in data["interactions"]]
        )
        self.assertIn(a["interaction"], interactions)
        self.assertNotIn(b["interaction"], interactions)
        self.assertEqual(interactions.company_id, self.coop_a)
        self.assertEqual(
            [r["feedback"] for r in data["ratings"]],
            [f"Feedback {self.coop_a.name} from {SHARED_NAME}"],
        )
        bodies = " ".join(m["body"] for m in data["messages"])
        self.assertIn(f"Mail {self.coop_a.name} to", bodies)
        self.assertNotIn(f"Mail {self.coop_b.name} to", bodies)
        self.assertEqual(len(data["survey_answers"]), 1)
        payload = str(data)
        for value in (self.coop_b.name, f"Claim {self.coop_b.name}"):
            self.assertNotIn(value, payload)
        # the export action uses the manager's own cooperatives, whatever the context
        # says
        action_data = self.person.with_user(self.manager_a).with_context(
            allowed_company_ids=(self.coop_a | self.coop_b).ids
        )
        with self.assertRaises(AccessError):
            action_data.action_coop_export_personal_data()

    def test_erasure_by_one_cooperative_keeps_the_others(self):
        """M-9, X-1, issue #14: coop A erasing a person coop B also serves erases A's
        records (claim texts, sent mails, registration, rating, appointment,
        interaction)
        and leaves B's records, the person's name, login and blacklist rows as they
        were."""
        result = self.person.with_user(self.manager_a).action_coop_anonymize()
        self.assertEqual(result["tag"], "display_notification")
        self.assertNotIn(self.coop_b.name, str(result))
        self._assert_erased(self.recs[self.coop_a])
        self._assert_untouched(self.recs[self.coop_b], self.coop_b.name)
        self.assertEqual(
            (self.person.name, self.person.email), (SHARED_NAME, SHARED_EMAIL)
        )
        self.assertFalse(self.person.coop_anonymized_date)
        self.assertTrue(self.login.active)
        self.assertTrue(
            self.env["mail.blacklist"].search([("email", "=", SHARED_EMAIL)])
        )
        # what A keeps for its figures stays
        a = self.recs[self.coop_a]
        self.assertEqual(
            (a["card"].points, a["membership"].partner_id, a["rating"].rating),
            (50.0, self.person, 2),
        )

    def test_erasure_reaches_every_copy(self):
        """M-9, issue #14: once the last cooperative erases the person, their sent mails
        (body, recipients, To), messages, claim texts, registration company names,
        rating
        feedback, appointment titles, portal login and blacklist rows are gone; sales
        figures and the other customers' records stay."""
        other = self.env["res.partner"].create(
            {
                "name": "Karim Other",
                "email": "karim.other@example.com",
                "company_id": self.coop_b.id,
            }
        )
        other_claim = self.env["coop.claim"].create(
            {
                "subject": "Other claim",
                "partner_id": other.id,
                "company_id": self.coop_b.id,
                "description": "<p>Other description</p>",
            }
        )
        other_mail = self.env["mail.mail"].create(
            {"body_html": "<p>Dear Karim</p>", "email_to": "karim.other@example.com"}
        )
        self.person.with_user(self.manager_b).action_coop_anonymize()
        self.assertEqual(self.person.name, SHARED_NAME)
        self.person.with_user(self.manager_a).action_coop_anonymize()
        self.env.invalidate_all()
        for recs in self.recs.values():
            self._assert_erased(recs)
            self.assertEqual(recs["card"].points, 50.0)
        self.assertEqual(self.person.name, f"Anonymised customer {self.person.id}")
        self.assertFalse(self.person.email or self.person.phone)
        login = self.login.with_context(active_test=False)
        self.assertFalse(login.active)
        self.assertNotIn("erasure_person_portal", login.login)
        self.assertFalse(
            self.env["mail.blacklist"]
            .with_context(active_test=False)
            .search([("email", "=", SHARED_EMAIL)])
        )
        self.assertFalse(
            self.env["phone.blacklist"]
            .with_context(active_test=False)
            .search([("number", "=", SHARED_PHONE)])
        )
        left = self.env["mail.mail"].search(
            [
                "|",
                ("email_to", "ilike", SHARED_EMAIL),
                ("body_html", "ilike", SHARED_NAME),
            ]
        )
        self.assertFalse(
            left,
            [
                (
                    m.model,
                    m.res_id,
                    m.email_to,
                    m.recipient_ids.ids,
                    m.mail_message_id.author_id.id,
                )
                for m in left
            ],
        )
        self.assertFalse(
            self.env["mail.message"].search([("body", "ilike", SHARED_NAME)])
        )
        # other customers' records stay
        self.assertEqual(
            (other.name, other_claim.subject, other_mail.email_to),
            ("Karim Other", "Other claim", "karim.other@example.com"),
        )
        self.assertIn("Other description", other_claim.description)

    def test_erasure_refused_to_the_other_cooperative_staff(self):
        """M-9, issue #14: a plain user cannot erase, and nothing changes."""
        user_a = new_test_user(
            self.env,
            "erasure_user_a",
            groups="coop_crm_base.group_coop_user",
            company_id=self.coop_a.id,
            company_ids=[Command.set(self.coop_a.ids)],
        )
        with self.assertRaises(AccessError):
            self.person.with_user(user_a).action_coop_anonymize()
        self._assert_untouched(self.recs[self.coop_a], self.coop_a.name)


class TestXlsxAsText(SuiteTransactionCase):
    """M-5, M-8, issue #14: the XLSX exports write user data as text, never a
    formula."""

    def test_customer_named_like_a_formula(self):
        """M-5, M-8, issue #14: a customer (or cooperative) named ``=HYPERLINK(...)`` or
        ``=1+1`` is a string cell in the customer and indicator exports, not a formula
        nor a link."""
        import io

        import openpyxl

        coop = self.env["res.company"].create(
            {"name": "=1+1", "currency_id": self.env.ref("base.MAD").id}
        )
        names = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "http://x.example"]
        partners = self.env["res.partner"].create(
            [{"name": name, "company_id": coop.id, "email": "=2+2"} for name in names]
        )
        content, _type = self.env["ir.actions.report"]._render_xlsx(
            "coop_crm_base.report_coop_customers_xlsx", partners.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(min_row=2))
        self.assertEqual([row[0].value for row in rows], names)
        for row in rows:
            for cell in row[:3]:
                self.assertEqual(cell.data_type, "s", cell.value)
            self.assertFalse(cell.hyperlink)
        self.assertEqual(rows[0][1].value, "=1+1")  # the cooperative's name

        indicator = self.env["coop.indicator"].search([], limit=1)
        self.assertTrue(indicator, "the demo database holds indicators")
        indicator.company_id.sudo().name = '=HYPERLINK("http://x","y")'
        content, _type = self.env["ir.actions.report"]._render_xlsx(
            "coop_crm_base.report_coop_indicators_xlsx", indicator.ids, {}
        )
        cell = openpyxl.load_workbook(io.BytesIO(content)).active.cell(2, 1)
        self.assertEqual(
            (cell.value, cell.data_type), ('=HYPERLINK("http://x","y")', "s")
        )
