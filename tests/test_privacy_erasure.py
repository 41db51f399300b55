"""Erasure of a customer known to every addon: card, claim, training, orders (M-9, X-1)."""

import logging
from contextlib import contextmanager

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user

from .common import SuiteTransactionCase

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
        cls.coop = cls.env["res.company"].create({"name": "Privacy Coop", "currency_id": mad.id})
        cls.manager = new_test_user(
            cls.env, "privacy_manager", groups="coop_crm_base.group_coop_manager",
            company_id=cls.coop.id, company_ids=[Command.set(cls.coop.ids)])
        cls.user = new_test_user(
            cls.env, "privacy_user",
            groups="coop_crm_base.group_coop_user,coop_claims.group_claims_user",
            company_id=cls.coop.id, company_ids=[Command.set(cls.coop.ids)])
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.coop.ids))
        cls.customer = env["res.partner"].create({
            "name": NAME, "email": EMAIL, "phone": PHONE, "city": "Agadir",
            "company_id": cls.coop.id, "coop_consent_email": True,
        })
        product = env["product.product"].create({
            "name": "Privacy oil", "list_price": 150.0, "type": "consu",
            "taxes_id": [Command.clear()], "company_id": cls.coop.id,
        })
        cls.order = env["sale.order"].create({
            "partner_id": cls.customer.id, "company_id": cls.coop.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
        })
        cls.order.action_confirm()
        program = env["loyalty.program"].create({
            "name": "Privacy card", "program_type": "loyalty", "trigger": "auto",
            "applies_on": "both", "company_id": cls.coop.id, "coop_card": True,
        })
        cls.card = env["loyalty.card"].create({
            "program_id": program.id, "partner_id": cls.customer.id, "points": 120.0,
        })
        cls.claim = env["coop.claim"].with_user(cls.user).create({
            "subject": "Broken jar", "partner_id": cls.customer.id, "company_id": cls.coop.id,
        })
        cls.claim.message_post(
            body=f"Reply from {NAME} ({EMAIL})", author_id=cls.customer.id,
            message_type="comment", attachments=[("receipt.txt", b"receipt of " + NAME.encode())],
        )
        session = env["event.event"].create({
            "name": "Privacy training", "is_training": True, "open_to_non_members": True,
            "training_topic_id": cls.env.ref("coop_training.topic_accounting").id,
            "company_id": cls.coop.id, "coop_company_ids": [Command.set(cls.coop.ids)],
            "date_tz": "UTC", "training_hours_per_day": 6.0,
            "date_begin": "2025-03-10 08:00:00", "date_end": "2025-03-10 16:00:00",
        })
        cls.registration = env["event.registration"].create({
            "event_id": session.id, "partner_id": cls.customer.id,
        })
        # a photo sent with the claim (as the public form attaches it: to the claim itself)
        cls.claim_photo = env["ir.attachment"].create({
            "name": "photo.jpg", "raw": b"photo of " + NAME.encode(),
            "res_model": "coop.claim", "res_id": cls.claim.id,
        })

    @contextmanager
    def _captured_logs(self):
        """Every log record of Odoo and of the suite's addons, down to DEBUG."""
        handler = _Records()
        handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        root = logging.getLogger()
        loggers = [logging.getLogger(name) for name in (
            "odoo.addons.coop_crm_base", "odoo.addons.coop_loyalty",
            "odoo.addons.coop_claims", "odoo.addons.coop_training", "odoo.models")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        root.addHandler(handler)
        try:
            yield handler.lines
        finally:
            root.removeHandler(handler)
            for logger, level in zip(loggers, levels):
                logger.setLevel(level)

    def _assert_no_personal_data(self, texts):
        for text in texts:
            for value in (NAME, "Khadija", EMAIL, PHONE, "612345678"):
                self.assertNotIn(value, text or "")

    def test_erasure_across_the_suite(self):
        """M-9: the customer's card, claim, training registration and order stay, with the
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
        self.assertFalse(customer.email or customer.phone or customer.mobile or customer.city)
        self.assertFalse(customer.coop_consent_email)
        # figures kept: the order and its total, the card and its points, the claim
        self.assertEqual(self.order.partner_id, customer)
        self.assertEqual((self.order.state, self.order.amount_untaxed), ("sale", 300.0))
        self.assertEqual((self.card.partner_id, self.card.points), (customer, 120.0))
        self.assertEqual(self.claim.partner_id, customer)
        self.assertEqual(self.registration.partner_id, customer)
        # the contact details copied on the registration go, its hours stay
        self._assert_no_personal_data([self.registration.name, self.registration.email,
                                       self.registration.phone])
        # the files sent with the claim go
        self.assertFalse(self.claim_photo.exists())
        # chatter: the customer's messages on the claim are emptied, their files deleted
        self._assert_no_personal_data(self.claim.message_ids.mapped("body"))
        self.assertFalse(receipt.exists())
        self.assertFalse(self.env["mail.followers"].search([("partner_id", "=", customer.id)]))
        # what the claim shows of the customer comes from the anonymised partner
        self._assert_no_personal_data([self.claim.partner_email, self.claim.partner_phone,
                                       self.claim.partner_id.display_name])
        # logs
        self._assert_no_personal_data(logs)

    def test_export_logs_no_personal_data(self):
        """M-9: exporting the customer's data (JSON) logs nothing personal, and the export
        holds the order, messages and attachments of the customer."""
        with self._captured_logs() as logs:
            action = self.customer.with_user(self.manager).action_coop_export_personal_data()
        self._assert_no_personal_data(logs)
        self.assertEqual(action["type"], "ir.actions.act_url")
        data = self.customer._coop_personal_data()
        self.assertEqual(data["partner"]["email"], EMAIL)
        self.assertEqual([o["amount_untaxed"] for o in data["sale_orders"]], [300.0])
        self.assertIn(f"Reply from {NAME} ({EMAIL})", [m["body"] for m in data["messages"]])
        self.assertIn("receipt.txt", [a["name"] for a in data["attachments"]])
