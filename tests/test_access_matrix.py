"""Access matrix of the suite: every role against every model, for each CRUD operation
(X-1).

Issue #14 adds survey answers (``survey.user_input`` of a cooperative's customer) and
appointments (``calendar.event`` with a cooperative's customer): Odoo shows both to
every
survey officer and every employee; the suite's global rules keep them within the
cooperative."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user

from .common import SuiteTransactionCase

OK, NO = True, False

MODELS = [
    "coop.membership",
    "res.partner",
    "coop.interaction",
    "loyalty.card",
    "coop.ristourne.run",
    "coop.ristourne.line",
    "coop.claim",
    "coop.claim.action",
    "event.event",
    "event.registration",
    "coop.training.need",
    "survey.user_input",
    "calendar.event",
]
OPERATIONS = ["read", "create", "write", "unlink"]

# Expected outcome on a record of cooperative A, as set by the addons' security/*.csv
# and record rules (and Odoo's own multi-company rules of partners, cards and events).
# read create write unlink
FULL = (OK, OK, OK, OK)
NONE = (NO, NO, NO, NO)
EXPECTED = {
    # staff of cooperative A: module users
    "user_a": {
        "coop.membership": (OK, OK, OK, NO),
        "res.partner": FULL,  # implied base.group_partner_manager
        "coop.interaction": (OK, OK, OK, NO),
        "loyalty.card": (OK, NO, OK, NO),
        "coop.ristourne.run": (OK, NO, NO, NO),
        "coop.ristourne.line": (OK, NO, NO, NO),
        "coop.claim": (OK, OK, OK, NO),
        "coop.claim.action": (OK, OK, OK, NO),
        "event.event": (OK, OK, OK, NO),
        "event.registration": (OK, OK, OK, NO),
        "coop.training.need": (OK, OK, OK, NO),
        "survey.user_input": FULL,  # training users are survey officers
        "calendar.event": FULL,  # every employee (Odoo's calendar)
    },
    # a cooperative manager manages every module (cards are never deleted: archived),
    # the training manager's surveys included
    "manager_a": {model: FULL for model in MODELS} | {"loyalty.card": (OK, OK, OK, NO)},
    # the same roles as user_a, but in cooperative B: nothing of A
    "user_b": {model: NONE for model in MODELS},
    # the union manager, working on the union and its branches
    "union_manager": {model: FULL for model in MODELS}
    | {"loyalty.card": (OK, OK, OK, NO)},
    # a portal customer of cooperative A, on another customer's records
    "portal": {model: NONE for model in MODELS},
    # the website visitor
    "public": {model: NONE for model in MODELS},
}


class TestAccessMatrix(SuiteTransactionCase):
    """X-1: who may read, create, write and delete what, one cooperative against
    another."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        mad = cls.env.ref("base.MAD")
        cls.union = Company.create({"name": "Matrix Union", "currency_id": mad.id})
        cls.coop_a = Company.create(
            {
                "name": "Matrix Coop A",
                "parent_id": cls.union.id,
                "currency_id": mad.id,
                "coop_share_unit_value": 100.0,
            }
        )
        cls.coop_b = Company.create(
            {
                "name": "Matrix Coop B",
                "parent_id": cls.union.id,
                "currency_id": mad.id,
            }
        )
        module_users = ",".join(
            [
                "coop_crm_base.group_coop_user",
                "coop_loyalty.group_loyalty_user",
                "coop_claims.group_claims_user",
                "coop_training.group_training_user",
            ]
        )
        branches = cls.union | cls.coop_a | cls.coop_b
        cls.users = {
            "user_a": new_test_user(
                cls.env,
                "matrix_user_a",
                groups=module_users,
                company_id=cls.coop_a.id,
                company_ids=[Command.set(cls.coop_a.ids)],
            ),
            "manager_a": new_test_user(
                cls.env,
                "matrix_manager_a",
                groups="coop_crm_base.group_coop_manager",
                company_id=cls.coop_a.id,
                company_ids=[Command.set(cls.coop_a.ids)],
            ),
            "user_b": new_test_user(
                cls.env,
                "matrix_user_b",
                groups=module_users,
                company_id=cls.coop_b.id,
                company_ids=[Command.set(cls.coop_b.ids)],
            ),
            "union_manager": new_test_user(
                cls.env,
                "matrix_union",
                groups="coop_crm_base.group_union_manager",
                company_id=cls.union.id,
                company_ids=[Command.set(branches.ids)],
            ),
            "portal": new_test_user(
                cls.env,
                "matrix_portal",
                groups="base.group_portal",
                company_id=cls.coop_a.id,
                company_ids=[Command.set(cls.coop_a.ids)],
            ),
            "public": cls.env.ref("base.public_user"),
        }
        cls.allowed = {
            "union_manager": branches.ids,
        }
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.coop_a.ids))
        cls.aenv = env
        Partner = env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Matrix Customer",
                "email": "matrix.customer@example.com",
                "company_id": cls.coop_a.id,
            }
        )
        cls.portal_partner = cls.users["portal"].partner_id
        cls.portal_partner.company_id = cls.coop_a
        cls.program = env["loyalty.program"].create(
            {
                "name": "Matrix card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": cls.coop_a.id,
                "coop_card": True,
            }
        )
        cls.policy = env["coop.ristourne.policy"].create(
            {
                "name": "Matrix ristourne",
                "company_id": cls.coop_a.id,
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 2.0})],
            }
        )
        cls.topic = cls.env.ref("coop_training.topic_accounting")
        cls.training = env["event.event"].create(cls._event_vals("Matrix training"))
        cls.counter = 0

    @classmethod
    def _event_vals(cls, name):
        return {
            "name": name,
            "is_training": True,
            "training_topic_id": cls.topic.id,
            "company_id": cls.coop_a.id,
            "coop_company_ids": [Command.set(cls.coop_a.ids)],
            "open_to_non_members": True,
            "date_tz": "UTC",
            "training_hours_per_day": 6.0,
            "date_begin": "2030-03-10 08:00:00",
            "date_end": "2030-03-10 16:00:00",
        }

    # ------------------------------------------------------------------ fixtures
    def _new_partner(self):
        self.counter += 1
        return self.aenv["res.partner"].create(
            {
                "name": f"Matrix Partner {self.counter}",
                "company_id": self.coop_a.id,
            }
        )

    def _create_vals(self, model):
        """Values of a new record of cooperative A of ``model``."""
        a = self.coop_a.id
        if model == "coop.membership":
            return {"partner_id": self._new_partner().id, "company_id": a}
        if model == "res.partner":
            return {
                "name": "New customer",
                "company_id": a,
                "coop_customer_type": "business",
            }
        if model == "coop.interaction":
            return {"partner_id": self.customer.id, "subject": "Call", "company_id": a}
        if model == "loyalty.card":
            return {"program_id": self.program.id, "partner_id": self._new_partner().id}
        if model == "coop.ristourne.run":
            return {
                "policy_id": self.policy.id,
                "company_id": a,
                "date_from": "2025-01-01",
                "date_to": "2025-12-31",
            }
        if model == "coop.ristourne.line":
            run = self.aenv["coop.ristourne.run"].create(
                self._create_vals("coop.ristourne.run")
            )
            return {
                "run_id": run.id,
                "partner_id": self.customer.id,
                "basis": 1000.0,
                "rate": 2.0,
                "amount": 20.0,
            }
        if model == "coop.claim":
            return {
                "subject": "Broken jar",
                "partner_id": self.customer.id,
                "company_id": a,
            }
        if model == "coop.claim.action":
            return {"name": "Check jars", "company_id": a}
        if model == "event.event":
            return self._event_vals("Another training")
        if model == "event.registration":
            return {"event_id": self.training.id, "partner_id": self._new_partner().id}
        if model == "coop.training.need":
            return {"name": "Bookkeeping", "company_id": a, "topic_id": self.topic.id}
        if model == "survey.user_input":
            return {
                "survey_id": self.env.ref("coop_crm_base.survey_coop_satisfaction").id,
                "partner_id": self.customer.id,
                "coop_company_id": a,
            }
        if model == "calendar.event":
            return {
                "name": "Matrix appointment",
                "coop_partner_id": self.customer.id,
                "start": "2030-03-10 09:00:00",
                "stop": "2030-03-10 10:00:00",
            }
        raise NotImplementedError(model)

    WRITES = {
        "coop.membership": {"share_count": 3},
        "res.partner": {"coop_profession": "Baker"},
        "coop.interaction": {"subject": "Call back"},
        # a card's points, tier and expiry move only through its actions (issue #14):
        # the record's access is tried with a field its writers may write
        "loyalty.card": {"active": True},
        "coop.ristourne.run": {"date_to": date(2025, 6, 30)},
        "coop.ristourne.line": {"amount": 5.0},
        "coop.claim": {"subject": "Two broken jars"},
        "coop.claim.action": {"name": "Check every jar"},
        "event.event": {"name": "Renamed training"},
        "event.registration": {"email": "new@example.com"},
        "coop.training.need": {"name": "Advanced bookkeeping"},
        "survey.user_input": {"nickname": "Renamed answer"},
        "calendar.event": {"name": "Renamed appointment"},
    }
    READS = {
        "coop.membership": ["number", "state", "share_count"],
        "res.partner": ["name", "coop_customer_type", "coop_consent_email"],
        "coop.interaction": ["subject", "partner_id"],
        "loyalty.card": ["points", "partner_id"],
        "coop.ristourne.run": ["state", "date_to"],
        "coop.ristourne.line": ["amount", "partner_id"],
        "coop.claim": ["subject", "partner_id"],
        "coop.claim.action": ["name"],
        "event.event": ["name"],
        "event.registration": ["partner_id"],
        "coop.training.need": ["name"],
        "survey.user_input": ["partner_id", "coop_company_id"],
        "calendar.event": ["name", "coop_partner_id"],
    }

    def _as(self, role, model):
        env = self.env(user=self.users[role])
        if role in self.allowed:
            env = env(context=dict(env.context, allowed_company_ids=self.allowed[role]))
        return env[model]

    def _try(self, role, model, operation):
        """Run ``operation`` as ``role`` on a fresh record of A; True if allowed."""
        Model = self._as(role, model)
        vals = self._create_vals(model)
        record = self.aenv[model].create(vals) if operation != "create" else None
        try:
            with self.env.cr.savepoint():
                if operation == "read":
                    values = Model.browse(record.id).read(self.READS[model])
                    self.assertEqual(values[0]["id"], record.id)
                elif operation == "create":
                    created = Model.create(vals)
                    self.assertEqual(len(created), 1)
                elif operation == "write":
                    Model.browse(record.id).write(self.WRITES[model])
                    field, value = next(iter(self.WRITES[model].items()))
                    self.env.invalidate_all()
                    self.assertEqual(record[field], value)
                else:
                    Model.browse(record.id).unlink()
                    self.env.invalidate_all()
                    self.assertFalse(record.exists())
                self.env.flush_all()
        except AccessError:
            self.env.invalidate_all()
            if operation == "read" and Model.browse().has_access("read"):
                # a denied read is also invisible to search
                self.assertFalse(Model.search([("id", "=", record.id)]))
            return False
        return True

    def test_access_matrix(self):
        """X-1: public, portal customer, user and manager of A, user of B and union
        manager,
        against memberships, partners' CRM fields, interactions, cards, ristourne runs
        and
        lines, claims, claim actions, trainings, registrations and needs, survey answers
        and
        appointments with customers (issue #14): read, create, write and unlink are
        allowed
        or raise AccessError exactly as the access rights and rules say."""
        for role, expected in EXPECTED.items():
            for model in MODELS:
                for operation, allowed in zip(
                    OPERATIONS, expected[model], strict=False
                ):
                    with self.subTest(role=role, model=model, operation=operation):
                        self.assertEqual(self._try(role, model, operation), allowed)

    def test_portal_sees_own_records_only(self):
        """X-1: a portal customer reads their own claim and registration, not the
        others'."""
        portal = self.users["portal"]
        own_claim = self.aenv["coop.claim"].create(
            {
                "subject": "My broken jar",
                "partner_id": self.portal_partner.id,
                "company_id": self.coop_a.id,
            }
        )
        other_claim = self.aenv["coop.claim"].create(self._create_vals("coop.claim"))
        own_registration = self.aenv["event.registration"].create(
            {
                "event_id": self.training.id,
                "partner_id": self.portal_partner.id,
            }
        )
        other_registration = self.aenv["event.registration"].create(
            self._create_vals("event.registration")
        )
        Claim = self.env["coop.claim"].with_user(portal)
        self.assertEqual(
            Claim.search([("id", "in", (own_claim | other_claim).ids)]), own_claim
        )
        self.assertEqual(
            own_claim.with_user(portal).read(["subject"])[0]["subject"], "My broken jar"
        )
        Registration = self.env["event.registration"].with_user(portal)
        regs = own_registration | other_registration
        self.assertEqual(
            Registration.search([("id", "in", regs.ids)]), own_registration
        )
        with self.assertRaises(AccessError):
            own_claim.with_user(portal).write({"subject": "Changed"})
        with self.assertRaises(AccessError):
            own_registration.with_user(portal).write({"email": "changed@example.com"})

    def test_check_company_between_cooperatives(self):
        """X-1, issue #14: records of cooperative A cannot point at records of
        cooperative B:
        a customer of B is refused by the suite's one check (naming B's cooperative to
        who
        may read them), other links by Odoo's company check; nothing is created."""
        partner_b = self.env["res.partner"].create(
            {
                "name": "Matrix Customer B",
                "company_id": self.coop_b.id,
            }
        )
        policy_b = self.env["coop.ristourne.policy"].create(
            {
                "name": "B ristourne",
                "company_id": self.coop_b.id,
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 1.0})],
            }
        )
        appointment_b = self.env["calendar.event"].create(
            {
                "name": "B appointment",
                "coop_partner_id": partner_b.id,
                "start": "2030-03-10 09:00:00",
                "stop": "2030-03-10 10:00:00",
            }
        )
        self.assertEqual(appointment_b.coop_company_id, self.coop_b)
        customer_of_b = "is a customer of Matrix Coop B"
        cases = [
            ("coop.interaction", {"partner_id": partner_b.id}, customer_of_b),
            ("coop.membership", {"partner_id": partner_b.id}, customer_of_b),
            (
                "coop.claim",
                {"partner_id": partner_b.id},
                f"{customer_of_b}|Incompatible companies",
            ),
            (
                "coop.ristourne.run",
                {"policy_id": policy_b.id},
                "Incompatible companies",
            ),
            (
                "coop.interaction",
                {"calendar_event_id": appointment_b.id},
                "Incompatible companies",
            ),
        ]
        for model, override, message in cases:
            with self.subTest(model=model, field=next(iter(override))):
                vals = self._create_vals(model) | override
                count = self.env[model].search_count([])
                with self.assertRaisesRegex(UserError, message):
                    with self.env.cr.savepoint():
                        self.env[model].create(vals)
                self.assertEqual(self.env[model].search_count([]), count)

    def test_union_manager_sees_branches_from_the_union(self):
        """X-1: with only the union selected, the union manager still reads the records
        of its
        branches ruled by the suite (child_of rules); a user of B does not."""
        records = {
            model: self.aenv[model].create(self._create_vals(model))
            for model in [
                "coop.membership",
                "coop.interaction",
                "coop.ristourne.run",
                "coop.claim",
                "coop.claim.action",
                "coop.training.need",
            ]
        }
        union_env = self.env(
            user=self.users["union_manager"],
            context=dict(self.env.context, allowed_company_ids=self.union.ids),
        )
        for model, record in records.items():
            with self.subTest(model=model):
                self.assertEqual(
                    union_env[model].search([("id", "=", record.id)]), record
                )
                self.assertFalse(
                    self._as("user_b", model).search([("id", "=", record.id)])
                )
