"""Scheduled jobs of the four addons run again, after an interruption: nothing done
twice,
no second e-mail (X-1, M-4, L-2, L-7, C-1, T-3)."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.fields import Command

from .common import SuiteTransactionCase, create_attendance, create_training_day

CRONS = [
    "coop_crm_base.ir_cron_coop_customer_stats",
    "coop_crm_base.ir_cron_coop_satisfaction_survey",
    "coop_loyalty.ir_cron_card_tiers",
    "coop_loyalty.ir_cron_card_expiry_reminders",
    "coop_loyalty.ir_cron_ristourne_settle",
    "coop_claims.ir_cron_claim_overdue",
    "coop_training.ir_cron_training_evaluation",
    "coop_training.ir_cron_training_certificate",
]
STATS = [
    "coop_first_purchase_date",
    "coop_last_purchase_date",
    "coop_order_count_12m",
    "coop_amount_12m",
    "coop_average_basket",
    "coop_rfm_segment",
    "coop_pareto_class",
]


class TestScheduledJobs(SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        mad = cls.env.ref("base.MAD")
        cls.coop = cls.env["res.company"].create(
            {
                "name": "Jobs Coop",
                "currency_id": mad.id,
                "parent_id": cls.env.ref("coop_crm_base.coop_company_union").id,
            }
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.coop.ids)
        )
        cls.today = fields.Date.context_today(cls.env.user)
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {
                    "name": f"Jobs Customer {i}",
                    "email": f"jobs.customer{i}@example.com",
                    # X-7 (issue #18): the jobs' messages reach consenting persons
                    "coop_consent_email": True,
                    "company_id": cls.coop.id,
                }
                for i in range(1, 4)
            ]
        )
        # M-4: a customer with a confirmed order (statistics)
        product = cls.env["product.product"].create(
            {
                "name": "Jobs oil",
                "list_price": 100.0,
                "type": "consu",
                "taxes_id": [Command.clear()],
                "company_id": cls.coop.id,
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customers[0].id,
                "company_id": cls.coop.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                ],
            }
        )
        cls.order.action_confirm()
        # the jobs work on the whole database: leave the demo data's pending work aside
        # so that the batches of one below take this test's records
        cls.env["loyalty.program"].search([("coop_card", "=", True)]).write(
            {"coop_reminder_days": 0}
        )
        cls.env["event.event"].search([("is_training", "=", True)]).write(
            {"evaluation_survey_id": False}
        )
        # L-2: two cards expiring in ten days
        program = cls.env["loyalty.program"].create(
            {
                "name": "Jobs card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": cls.coop.id,
                "coop_card": True,
                "coop_reminder_days": 30,
            }
        )
        cls.cards = cls.env["loyalty.card"].create(
            [
                {
                    "program_id": program.id,
                    "partner_id": partner.id,
                    "coop_date_expiry": cls.today + timedelta(days=10),
                }
                for partner in cls.customers[:2]
            ]
        )
        # L-7: a validated run of three lines, queued for the scheduled settlement
        cls.wallet = cls.env["loyalty.program"].create(
            {
                "name": "Jobs eWallet",
                "program_type": "ewallet",
                "company_id": cls.coop.id,
            }
        )
        policy = cls.env["coop.ristourne.policy"].create(
            {
                "name": "Jobs ristourne",
                "company_id": cls.coop.id,
                "settlement": "ewallet",
                "ewallet_program_id": cls.wallet.id,
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 2.0})],
            }
        )
        # superuser code may create a run in any state (issue #14); it then moves along
        # the transition table only: validated, then queued by the settlement itself
        cls.ristourne = cls.env["coop.ristourne.run"].create(
            {
                "policy_id": policy.id,
                "company_id": cls.coop.id,
                "date_from": "2025-01-01",
                "date_to": "2025-12-31",
                "state": "computed",
            }
        )
        cls.env["coop.ristourne.line"].create(
            [
                {
                    "run_id": cls.ristourne.id,
                    "partner_id": partner.id,
                    "basis": basis,
                    "rate": 2.0,
                    "amount": basis * 0.02,
                }
                for partner, basis in zip(
                    cls.customers, (1000.0, 2000.0, 3000.0), strict=False
                )
            ]
        )
        cls.ristourne.action_validate()
        with patch(
            "odoo.addons.coop_loyalty.models.coop_ristourne_run.SETTLE_NOW_LIMIT", 1
        ):
            cls.ristourne.action_settle()
        # C-1: an open claim received a month ago, past its deadline
        cls.claim_user = cls.env["res.users"].create(
            {
                "name": "Jobs Claims Officer",
                "login": "jobs_claims_officer",
                "company_id": cls.coop.id,
                "company_ids": [Command.set(cls.coop.ids)],
                "groups_id": [
                    Command.set(cls.env.ref("coop_claims.group_claims_user").ids)
                ],
            }
        )
        cls.claim = cls.env["coop.claim"].create(
            {
                "subject": "Late answer",
                "partner_id": cls.customers[2].id,
                "company_id": cls.coop.id,
                "user_id": cls.claim_user.id,
                "date_received": fields.Datetime.now() - timedelta(days=30),
            }
        )
        # T-3: a finished training session attended by two customers
        session = create_training_day(cls.env, cls.coop, "Jobs training")
        cls.registrations = create_attendance(cls.env, session, cls.customers[:2])

    def _run_all_jobs(self):
        for xmlid in CRONS:
            self.env.ref(xmlid).method_direct_trigger()
        self.env.invalidate_all()

    def _state(self):
        """What the jobs produce or change, counted over the whole database."""
        sudo = self.env["base"].sudo().env
        counts = {
            model: sudo[model].with_context(active_test=False).search_count([])
            for model in [
                "mail.mail",
                "mail.message",
                "mail.activity",
                "sms.sms",
                "loyalty.history",
                "survey.user_input",
                "loyalty.card",
                "account.move",
                "mail.followers",
            ]
        }
        lines = self.ristourne.line_ids
        return {
            "counts": counts,
            "claim": (
                self.claim.is_overdue,
                self.claim.activity_ids.mapped("user_id").ids,
            ),
            "run": (
                self.ristourne.state,
                self.ristourne.settle_queued,
                lines.mapped("state"),
                lines.ewallet_card_id.mapped("points"),
            ),
            "cards": self.cards.mapped("coop_reminder_sent_for"),
            "evaluations": self.registrations.evaluation_input_id.ids,
            "stats": self.customers.read(STATS),
        }

    def _mails(self, model, records, subject=""):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", model),
                    ("res_id", "in", records.ids),
                    ("subject", "like", subject),
                ]
            )
        )

    def test_jobs_run_again_after_an_interruption(self):
        """X-1, M-4, L-2, L-7, C-1, T-3: each job is first interrupted after one item (a
        batch of one), then every scheduled job runs in full, then again: the second
        full
        pass changes nothing (same mails, messages, activities, payments,
        statistics)."""
        # interrupted first runs: one reminder, one ristourne line, one evaluation
        Card = self.env["loyalty.card"]
        self.assertEqual(len(Card._cron_coop_expiry_reminders(batch_size=1)), 1)
        self.assertEqual(
            self.env["coop.ristourne.run"]._cron_settle_queued(batch_size=1), 1
        )
        self.assertEqual(
            len(self.env["event.event"]._cron_send_training_evaluation(limit=1)), 1
        )
        # the expiry reminders (the cards' creation sent each holder its card issued)
        self.assertEqual(len(self._mails("loyalty.card", self.cards, "expires on")), 1)
        self.assertEqual(self.ristourne.line_ids.mapped("state").count("settled"), 1)
        self.assertEqual(self.ristourne.state, "validated")

        self._run_all_jobs()
        # everything is done once
        self.assertEqual(len(self._mails("loyalty.card", self.cards, "expires on")), 2)
        self.assertEqual(
            self.cards.mapped("coop_reminder_sent_for"),
            self.cards.mapped("coop_date_expiry"),
        )
        self.assertEqual(self.ristourne.state, "settled")
        self.assertFalse(self.ristourne.settle_queued)
        self.assertEqual(
            sorted(self.ristourne.line_ids.ewallet_card_id.mapped("points")),
            [20.0, 40.0, 60.0],
        )
        history = self.env["loyalty.history"].search(
            [("card_id", "in", self.ristourne.line_ids.ewallet_card_id.ids)]
        )
        self.assertEqual(sorted(history.mapped("issued")), [20.0, 40.0, 60.0])
        self.assertTrue(self.claim.is_overdue)
        self.assertIn(self.claim_user, self.claim.activity_ids.user_id)
        self.assertEqual(len(self.registrations.evaluation_input_id), 2)
        evaluations = self._mails(
            "event.registration", self.registrations, "How was the training"
        )
        self.assertEqual(len(evaluations), 2)
        stats = self.customers[0].read(STATS)[0]
        self.assertEqual(stats["coop_order_count_12m"], 1)
        self.assertEqual(stats["coop_amount_12m"], 200.0)

        before = self._state()
        self._run_all_jobs()
        self.assertEqual(self._state(), before)


class TestDemoCertificates(SuiteTransactionCase):
    def test_first_run_tells_no_past_attendee_of_the_demo(self):
        """T-3, X-7 (issue #18): the demo's attendees of its past sessions were told at
        the end of their session that their certificate is available (as the upgrade
        from the first release marks them): the certificate job's first run on a
        fresh demo database sends them nothing, nor logs a message not sent."""
        past = (
            self.env.ref("coop_training.demo_training_past")
            | self.env.ref("coop_training.demo_training_dairy_past")
            | self.env.ref("coop_training.demo_training_crafts_past")
        )
        attendees = past.registration_ids.filtered("training_hours")
        self.assertTrue(attendees)
        logs = self.env["coop.message.log"].search(
            [
                ("res_model", "=", "event.registration"),
                ("res_id", "in", past.registration_ids.ids),
            ]
        )
        sent = self.env["event.event"]._cron_send_training_certificates()
        self.assertFalse(sent & past.registration_ids)
        self.assertEqual(
            self.env["coop.message.log"].search(
                [
                    ("res_model", "=", "event.registration"),
                    ("res_id", "in", past.registration_ids.ids),
                ]
            ),
            logs,
        )
        self.assertTrue(all(attendees.mapped("training_certificate_sent_date")))
