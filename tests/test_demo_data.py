"""The demo database looks alive (SPEC X-3, issue 7).

The demo files are written by ``data/generate_demo.py``; these tests check that the
committed files are its output and that, once installed, the demo holds what the issue
asks for, whatever the day of installation (dates are relative to it).
"""

import importlib.util
from collections import Counter
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo import fields

from .common import SuiteTransactionCase

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "generate_demo", ROOT / "data" / "generate_demo.py"
)
generate_demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_demo)

COOPS = ("argan", "dairy", "crafts")
PHASES = {
    "reception",
    "registration",
    "resolution",
    "closure",
    "follow_up",
    "exploitation",
}


class TestDemoData(SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coops = {
            key: cls.env.ref(f"coop_crm_base.coop_company_{key}") for key in COOPS
        }
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def test_files_are_the_generator_output(self):
        """X-3: the committed demo files are what data/generate_demo.py writes, and two
        runs of the generator give the same bytes (seeded)."""
        files, terms = generate_demo.generate()
        again, _terms = generate_demo.generate()
        self.assertEqual(files, again)
        self.assertEqual(len(files), 6)
        for path, text in files.items():
            with self.subTest(path=path):
                self.assertEqual(
                    (ROOT / path).read_text(encoding="utf-8"),
                    text,
                    "run python3 data/generate_demo.py and commit the files",
                )
        # every demo file is declared in its addon's manifest
        for path in files:
            addon, rest = path.split("/", 1)
            manifest = (ROOT / addon / "__manifest__.py").read_text()
            self.assertIn(f'"{rest}"', manifest, path)
        self.assertEqual(set(terms), {"coop_crm_base", "coop_loyalty", "coop_training"})

    def test_staff_land_on_the_cooperative_app(self):
        """X-8 (issue #19): the demo's staff and the union manager open Odoo on the
        Cooperative app (its members), not on Discuss."""
        members = self.env.ref("coop_crm_base.action_coop_membership")
        for key in [*COOPS, "union"]:
            user = self.env.ref(f"coop_crm_base.coop_user_{key}")
            with self.subTest(user=user.login):
                self.assertEqual(user.action_id.id, members.id)

    def test_cooperatives_have_logos(self):
        """X-3 (issue #21): the demo's union and cooperatives each have their own logo
        (data/generate_logos.py), shown on the public pages, the portal and reports."""
        union = self.env.ref("coop_crm_base.coop_company_union")
        companies = union | self.env["res.company"].browse(
            [c.id for c in self.coops.values()]
        )
        self.assertFalse(companies.filtered("uses_default_logo"))
        self.assertEqual(len(set(companies.mapped("logo"))), 4)

    def test_union_members_and_customers(self):
        """X-3, M-1, M-2, M-3: the union and its three cooperatives, members in every
        state, individual and business customers of several regions, French or Arabic
        names."""
        union = self.env.ref("coop_crm_base.coop_company_union")
        self.assertEqual(
            union.child_ids,
            self.env["res.company"].browse([c.id for c in self.coops.values()]),
        )
        Partner = self.env["res.partner"]
        regions = set()
        for key, coop in self.coops.items():
            memberships = self.env["coop.membership"].search(
                [("company_id", "=", coop.id)]
            )
            self.assertEqual(
                set(memberships.mapped("state")),
                {"active", "candidate", "suspended", "resigned", "excluded"},
                key,
            )
            customers = Partner.search(
                [("company_id", "=", coop.id), ("coop_membership_ids", "=", False)]
            )
            types = Counter(customers.mapped("coop_customer_type"))
            self.assertGreaterEqual(types["individual"], 15, key)
            self.assertGreaterEqual(types["business"], 5, key)
            regions |= set(customers.coop_region_id.ids)
            names = customers.mapped("name")
            self.assertTrue(
                any("\u0600" <= ch <= "\u06ff" for n in names for ch in n),
                f"{key}: no customer written in Arabic",
            )
            self.assertTrue(all(customers.filtered("is_company").child_ids), key)
        self.assertGreaterEqual(len(regions), 8)

    def test_a_year_of_orders_with_seasonality(self):
        """X-3, M-4: a year of confirmed orders in each cooperative, in every month,
        busier
        in the cooperative's high season; customers in several lifecycle stages and RFM
        segments."""
        Order = self.env["sale.order"]
        year_ago = fields.Datetime.now() - relativedelta(days=366)
        for key, coop in self.coops.items():
            orders = Order.search(
                [
                    ("company_id", "=", coop.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", year_ago),
                ]
            )
            self.assertGreaterEqual(len(orders), 100, key)
            self.assertLessEqual(
                max(orders.mapped("date_order")), fields.Datetime.now()
            )
            by_month = Counter(o.date_order.month for o in orders)
            self.assertEqual(len(by_month), 12, f"{key}: a month without orders")
            weights = generate_demo.SEASONALITY[key]
            high = [m for m in range(1, 13) if weights[m - 1] >= sorted(weights)[-3]]
            low = [m for m in range(1, 13) if weights[m - 1] <= sorted(weights)[2]]
            self.assertGreater(
                sum(by_month[m] for m in high) / len(high),
                1.3 * sum(by_month[m] for m in low) / len(low),
                f"{key}: no high season in {dict(by_month)}",
            )
            customers = self.env["res.partner"].search(
                [("company_id", "=", coop.id), ("is_company", "=", False)]
            )
            self.assertTrue(
                {"new", "active", "loyal", "at_risk", "lost", "prospect"}
                <= set(customers.mapped("coop_lifecycle_stage")),
                key,
            )
            self.assertGreaterEqual(
                len(set(customers.mapped("coop_rfm_segment")) - {False}), 4, key
            )
        indicators = self.env["coop.indicator"].search(
            [("company_id", "=", self.env.ref("coop_crm_base.coop_company_union").id)]
        )
        self.assertTrue(indicators)

    def test_cards_in_every_state(self):
        """X-3, L-2: each cooperative has cards valid, expiring soon, in grace,
        expired."""
        for key in COOPS:
            program = self.env.ref(f"coop_loyalty.program_card_{key}")
            cards = self.env["loyalty.card"].search([("program_id", "=", program.id)])
            soon = self.today + relativedelta(days=program.coop_reminder_days)
            states = Counter(
                "expiring"
                if c.coop_validity_state == "valid" and c.coop_date_expiry <= soon
                else c.coop_validity_state
                for c in cards
            )
            self.assertTrue(
                all(states[s] for s in ("valid", "expiring", "grace", "expired")),
                f"{key}: {dict(states)}",
            )
            self.assertGreater(len(set(cards.mapped("coop_tier"))), 1, key)
        self.assertEqual(
            self.env.ref("coop_loyalty.card_argan_02").coop_validity_state, "valid"
        )
        self.assertEqual(
            self.env.ref("coop_loyalty.card_argan_03").coop_validity_state, "grace"
        )

    def test_settled_ristourne_run(self):
        """X-3, L-7: last year's ristourne is settled on the members' eWallets."""
        for key in ("argan", "dairy"):
            run = self.env.ref(f"coop_loyalty.ristourne_run_{key}_last_year")
            self.assertEqual(run.state, "settled", key)
            self.assertGreaterEqual(len(run.line_ids), 3, key)
            self.assertEqual(set(run.line_ids.mapped("state")), {"settled"})
            self.assertEqual(run.date_to.year, self.today.year - 1)
            history = self.env["loyalty.history"].search(
                [("order_model", "=", "coop.ristourne.run"), ("order_id", "=", run.id)]
            )
            self.assertAlmostEqual(
                sum(history.mapped("issued")), run.total_amount, places=2
            )
            for line in run.line_ids:
                self.assertEqual(line.ewallet_card_id.partner_id, line.partner_id)
                self.assertGreaterEqual(line.ewallet_card_id.points, line.amount)
                self.assertEqual(
                    line.partner_id.coop_membership_ids.filtered(
                        lambda m, c=run.company_id: m.company_id == c
                    ).state,
                    "active",
                )
        crafts = self.env.ref("coop_loyalty.ristourne_run_crafts_last_year")
        self.assertEqual(crafts.state, "validated")

    def test_claims_in_every_phase(self):
        """X-3, C-1 to C-5, X-7: each cooperative has claims in the six phases, with
        their messages to the customer (e-mail or SMS, or a note saying why none was
        sent); closed claims have a closing date; an overdue claim is flagged."""
        Claim = self.env["coop.claim"]
        for key, coop in self.coops.items():
            claims = Claim.search([("company_id", "=", coop.id)])
            self.assertEqual(set(claims.mapped("phase")), PHASES, key)
            for claim in claims:
                mails = claim.message_ids.filtered(
                    lambda m: m.message_type in ("comment", "sms")
                )
                self.assertTrue(mails, claim.name)
                self.assertTrue(claim.coop_message_log_ids, claim.name)
                if claim.phase in ("closure", "follow_up", "exploitation"):
                    self.assertTrue(claim.date_closed, claim.name)
                    self.assertLess(claim.date_closed, fields.Datetime.now())
                    self.assertGreater(claim.date_closed, claim.date_received)
                    self.assertGreaterEqual(len(mails), 4, claim.name)
            action = self.env["coop.claim.action"].search(
                [("company_id", "=", coop.id)]
            )
            self.assertTrue(action.claim_ids, key)
        self.assertTrue(self.env.ref("coop_claims.demo_claim_argan_overdue").is_overdue)
        self.assertEqual(
            self.env.ref("coop_claims.demo_claim_closure").phase, "closure"
        )

    def test_trainings_past_and_upcoming(self):
        """X-3, T-1, T-2: each cooperative has a past session with attendance and an
        upcoming one with registrations."""
        Event = self.env["event.event"]
        now = fields.Datetime.now()
        for key, coop in self.coops.items():
            sessions = Event.search(
                [("is_training", "=", True), ("coop_company_ids", "in", coop.id)]
            )
            past = sessions.filtered(lambda e: e.date_end < now)
            upcoming = sessions.filtered(lambda e: e.date_begin > now)
            self.assertTrue(past and upcoming, key)
            attendance = past.training_attendance_ids
            self.assertTrue(attendance.filtered("present"), key)
            self.assertTrue(attendance.filtered(lambda a: not a.present), key)
            self.assertIn("done", past.registration_ids.mapped("state"), key)
            self.assertGreater(sum(past.mapped("training_hours_total")), 0, key)
            registered = upcoming.registration_ids.filtered(
                lambda r, c=coop: r.coop_member_company_id == c
            )
            self.assertTrue(registered, key)
            self.assertEqual(set(registered.mapped("state")), {"open"}, key)
