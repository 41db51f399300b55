"""Records of one cooperative cannot point at records of another (X-1, check_company).

A customer of another cooperative is refused by the suite's one check
(``res.partner._coop_check_customer_for``, issue #14), before Odoo's company check, with
a
message that names the customer's cooperative and says what to do; the other links by
Odoo's ``check_company``."""

from odoo.exceptions import UserError
from odoo.fields import Command

from .common import SuiteTransactionCase


class TestCompanyLinks(SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mad = cls.env.ref("base.MAD")
        Company = cls.env["res.company"]
        cls.union = Company.create({"name": "Links Union", "currency_id": mad.id})
        cls.coop_a, cls.coop_b = Company.create(
            [
                {
                    "name": f"Links Coop {x}",
                    "parent_id": cls.union.id,
                    "currency_id": mad.id,
                }
                for x in "AB"
            ]
        )
        cls.topic = cls.env.ref("coop_training.topic_accounting")
        cls.a = cls._records(cls.coop_a)
        cls.b = cls._records(cls.coop_b)

    @classmethod
    def _records(cls, company):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        partner = env["res.partner"].create(
            {"name": f"Links {company.name}", "company_id": company.id}
        )
        membership = env["coop.membership"].create(
            {"partner_id": partner.id, "company_id": company.id}
        )
        policy = env["coop.ristourne.policy"].create(
            {
                "name": f"Links ristourne {company.name}",
                "company_id": company.id,
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 2.0})],
            }
        )
        return {
            "partner": partner,
            "membership": membership,
            "policy": policy,
            "claim": env["coop.claim"].create(
                {
                    "subject": "Links claim",
                    "partner_id": partner.id,
                    "company_id": company.id,
                }
            ),
            "action": env["coop.claim.action"].create(
                {
                    "name": "Links action",
                    "company_id": company.id,
                }
            ),
            "category": env["coop.claim.category"].create(
                {
                    "name": f"Links category {company.name}",
                    "company_id": company.id,
                }
            ),
            "need": env["coop.training.need"].create(
                {
                    "name": "Links need",
                    "company_id": company.id,
                    "topic_id": cls.topic.id,
                }
            ),
            "interaction": env["coop.interaction"].create(
                {
                    "partner_id": partner.id,
                    "subject": "Links call",
                    "company_id": company.id,
                }
            ),
            "run": env["coop.ristourne.run"].create(
                {
                    "policy_id": policy.id,
                    "company_id": company.id,
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                }
            ),
            "session": env["event.event"].create(
                {
                    "name": "Links session",
                    "is_training": True,
                    "company_id": company.id,
                    "date_begin": "2026-12-01 08:00:00",
                    "date_end": "2026-12-01 16:00:00",
                    "training_topic_id": cls.topic.id,
                }
            ),
            "programme": env["coop.training.program"].create(
                {
                    "name": f"Links programme {company.name}",
                    "company_id": company.id,
                }
            ),
            "product": env["product.product"].create(
                {
                    "name": f"Links card fee {company.name}",
                    "company_id": company.id,
                }
            ),
            "program": env["loyalty.program"].create(
                {
                    "name": f"Links card {company.name}",
                    "program_type": "loyalty",
                    "company_id": company.id,
                }
            ),
            "voucher_program": env["loyalty.program"].create(
                {
                    "name": f"Links vouchers {company.name}",
                    "program_type": "coupons",
                    "company_id": company.id,
                }
            ),
            "appointment": env["calendar.event"].create(
                {
                    "name": f"Links appointment {company.name}",
                    "coop_partner_id": partner.id,
                    "start": "2026-12-01 09:00:00",
                    "stop": "2026-12-01 10:00:00",
                }
            ),
        }

    def test_links_to_another_cooperative_refused(self):
        """X-1, issue #14: linking a record of cooperative A to a record of cooperative
        B is
        refused, on creation and on update; nothing changes. A customer of B is refused
        by
        the suite's check, naming B's cooperative; the rest by Odoo's check_company."""
        a, b = self.a, self.b
        odoo = "Incompatible companies"
        customer = f"is a customer of {self.coop_b.name}"
        cases = [
            ("interaction", {"partner_id": b["partner"].id}, customer),
            ("membership", {"partner_id": b["partner"].id}, customer),
            ("interaction", {"calendar_event_id": b["appointment"].id}, odoo),
            ("claim", {"partner_id": b["partner"].id}, f"{customer}|{odoo}"),
            ("claim", {"category_id": b["category"].id}, odoo),
            ("action", {"category_id": b["category"].id}, odoo),
            ("action", {"claim_ids": [Command.link(b["claim"].id)]}, odoo),
            ("need", {"membership_ids": [Command.link(b["membership"].id)]}, odoo),
            ("run", {"policy_id": b["policy"].id}, odoo),
            ("claim", {"action_ids": [Command.link(b["action"].id)]}, odoo),
            ("need", {"event_id": b["session"].id}, odoo),
            ("session", {"training_program_id": b["programme"].id}, odoo),
            ("program", {"coop_fee_product_id": b["product"].id}, odoo),
            ("program", {"coop_conversion_program_id": b["voucher_program"].id}, odoo),
        ]
        for key, vals, message in cases:
            with self.subTest(model=a[key]._name, field=next(iter(vals))):
                record = a[key]
                fname = next(iter(vals))
                before = record[fname]
                with self.assertRaisesRegex(UserError, message):
                    with self.env.cr.savepoint():
                        record.write(vals)
                self.env.invalidate_all()
                self.assertEqual(record[fname], before)

    def test_links_within_the_cooperative_accepted(self):
        """X-1: the same links inside one cooperative are accepted (the refusal above is
        about companies, not the fields)."""
        a = self.a
        other_partner = self.env["res.partner"].create(
            {"name": "Links other A", "company_id": self.coop_a.id}
        )
        a["claim"].write(
            {"category_id": a["category"].id, "partner_id": other_partner.id}
        )
        a["action"].write({"claim_ids": [Command.link(a["claim"].id)]})
        a["need"].write({"membership_ids": [Command.link(a["membership"].id)]})
        a["interaction"].write({"calendar_event_id": a["appointment"].id})
        self.assertEqual(a["interaction"].calendar_event_id, a["appointment"])
        self.assertEqual(a["action"].claim_ids, a["claim"])
        self.assertEqual(a["claim"].action_ids, a["action"])
        self.assertEqual(a["need"].membership_ids, a["membership"])
