"""Integrity and isolation held by the model (X-6, X-1, issue #14).

Each test tries the misuse as the role that would try it (a plain cooperative user, a
user of another cooperative, a union manager) and asserts the refusal and that nothing
changed.
"""

from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestMembershipTransitions(CoopCase):
    """X-6, issue #14: the membership life cycle is held by coop.transition.mixin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.membership = cls._membership(
            cls.partner_a, cls.coop_a, share_count=2, date_application=date(2026, 1, 5)
        )

    def _snapshot(self, membership):
        self.env.invalidate_all()
        return membership.read(
            [
                "state",
                "number",
                "date_admission",
                "date_exit",
                "exit_reason",
                "partner_id",
                "company_id",
            ]
        )[0]

    def test_plain_user_cannot_admit_by_writing_state(self):
        """X-6, issue #14: a plain cooperative user writing state=active (JSON-RPC,
        kanban drag) is refused like the Admit button; nothing changes."""
        before = self._snapshot(self.membership)
        with self.assertRaises(AccessError):
            self.membership.with_user(self.user_a).write({"state": "active"})
        self.assertEqual(self._snapshot(self.membership), before)
        self.assertEqual(self.membership.state, "candidate")
        self.assertFalse(self.membership.number)

    def test_plain_user_cannot_suspend_or_exclude_by_writing_state(self):
        """X-6, issue #14: writing state=suspended needs the reason the wizard asks for;
        state=excluded is for managers; a skipped edge (candidate -> excluded) is
        refused; nothing changes."""
        self.membership.with_user(self.manager_a).action_admit(date=date(2026, 2, 1))
        before = self._snapshot(self.membership)
        as_user = self.membership.with_user(self.user_a)
        with self.assertRaisesRegex(UserError, "needs its button"):
            as_user.write({"state": "suspended"})
        with self.assertRaises(AccessError):
            as_user.write({"state": "excluded"})
        with self.assertRaisesRegex(UserError, "needs its button"):
            as_user.write({"state": "resigned"})
        with self.assertRaisesRegex(UserError, "cannot go from Active to Candidate"):
            as_user.write({"state": "candidate"})
        self.assertEqual(self._snapshot(self.membership), before)
        # a candidate cannot be excluded at all, even by a manager
        other = self._membership(
            self.env["res.partner"].create(
                {"name": "Cand", "company_id": self.coop_a.id}
            ),
            self.coop_a,
        )
        with self.assertRaisesRegex(UserError, "cannot go from Candidate to Excluded"):
            other.with_user(self.manager_a).write({"state": "excluded"})
        self.assertEqual(other.state, "candidate")

    def test_plain_user_cannot_create_active_membership(self):
        """X-6, issue #14: a membership is created as a candidate only, without a number
        or admission or exit data, by any user; nothing is created."""
        partner = self.env["res.partner"].create(
            {"name": "New", "company_id": self.coop_a.id}
        )
        Membership = self.env["coop.membership"].with_user(self.user_a)
        count = self.env["coop.membership"].search_count([])
        base = {"partner_id": partner.id, "company_id": self.coop_a.id}
        for extra in (
            {"state": "active"},
            {"state": "excluded"},
            {"number": "M2026-99999"},
            {"date_admission": "2026-01-01"},
            {"exit_reason": "none"},
        ):
            with self.subTest(vals=extra), self.assertRaises(UserError):
                Membership.create(dict(base, **extra))
        # not even a manager: the actions give numbers and dates
        with self.assertRaises(UserError):
            self.env["coop.membership"].with_user(self.manager_a).create(
                dict(base, state="active")
            )
        self.assertEqual(self.env["coop.membership"].search_count([]), count)
        candidate = Membership.create(base)
        self.assertEqual(candidate.state, "candidate")

    def test_protected_fields_written_by_actions_only(self):
        """X-6, issue #14: number, admission and exit dates and the exit reason are
        written by the actions only, whoever writes them; nothing changes."""
        self.membership.with_user(self.manager_a).action_admit(date=date(2026, 2, 1))
        before = self._snapshot(self.membership)
        for user in (self.user_a, self.manager_a):
            for vals in (
                {"number": "M1999-00001"},
                {"date_admission": "2026-03-01"},
                {"date_exit": "2026-03-01"},
                {"exit_reason": "rewritten"},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaises(UserError),
                ):
                    self.membership.with_user(user).write(vals)
        self.assertEqual(self._snapshot(self.membership), before)

    def test_client_context_relaxes_nothing(self):
        """X-6, issue #14: no context key a client can send (the mixin's key as a
        string, install_module) lets a plain user admit; nothing changes."""
        before = self._snapshot(self.membership)
        for context in (
            {"coop_transition_token": True},
            {"coop_transition_token": {"0": 1}},
            {"coop_transition_token": ["x", ["coop.membership"]]},
            {"install_module": "coop_crm_base"},
        ):
            as_user = self.membership.with_user(self.user_a).with_context(**context)
            with self.subTest(context=context), self.assertRaises(AccessError):
                as_user.write({"state": "active"})
            with self.subTest(context=context), self.assertRaises(UserError):
                as_user.write({"number": "M2026-00042"})
        self.assertEqual(self._snapshot(self.membership), before)

    def test_member_and_cooperative_fixed_after_admission(self):
        """X-6, issue #14: once admitted, a membership's number cannot be handed to
        another person by changing its member; nothing changes."""
        self.membership.with_user(self.manager_a).action_admit(date=date(2026, 2, 1))
        other = self.env["res.partner"].create(
            {"name": "Other", "company_id": self.coop_a.id}
        )
        with self.assertRaisesRegex(
            UserError, "only be changed while it is a candidacy"
        ):
            self.membership.with_user(self.manager_a).write({"partner_id": other.id})
        self.assertEqual(self.membership.partner_id, self.partner_a)

    def test_actions_wizard_and_kanban_drag_still_work(self):
        """X-6: the buttons, the reason wizard and a manager's kanban drag of a
        candidate to Active still move memberships along the table."""
        membership = self.membership.with_user(self.user_a)
        with self.assertRaisesRegex(UserError, "Only a cooperative manager can admit"):
            membership.action_admit()
        # a manager's drag of the kanban card to Active admits the candidate
        self.membership.with_user(self.manager_a).write({"state": "active"})
        self.assertEqual(self.membership.state, "active")
        self.assertTrue(self.membership.number)
        self.assertTrue(self.membership.date_admission)
        action = membership.action_suspend()
        wizard = Form(
            self.env["coop.membership.change"]
            .with_user(self.user_a)
            .with_context(**action["context"])
        )
        wizard.reason = "Shares unpaid"
        wizard.save().action_confirm()
        self.assertEqual(self.membership.state, "suspended")
        self.assertEqual(self.membership.exit_reason, "Shares unpaid")
        action = membership.action_exclude()
        wizard = Form(
            self.env["coop.membership.change"]
            .with_user(self.user_a)
            .with_context(**action["context"])
        )
        wizard.reason = "Fraud"
        with self.assertRaisesRegex(
            UserError, "Only a cooperative manager can exclude"
        ):
            wizard.save().action_confirm()
        self.assertEqual(self.membership.state, "suspended")
        membership.action_reactivate(reason="Paid")
        self.assertEqual(self.membership.state, "active")
        self.assertFalse(self.membership.exit_reason)
        self.membership.with_user(self.manager_a).action_exclude(reason="Fraud")
        self.assertEqual(self.membership.state, "excluded")
        self.assertEqual(self.membership.exit_reason, "Fraud")
        self.assertEqual(self.membership.date_exit, date.today())


@tagged("post_install", "-at_install")
class TestMembershipMessages(CoopCase):
    """X-1, issue #14: no error message names another cooperative's records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        branches = cls.union | cls.coop_a | cls.coop_b
        cls.union_all = new_test_user(
            cls.env,
            "coop_union_all",
            groups="coop_crm_base.group_union_manager",
            company_id=cls.union.id,
            company_ids=[Command.set(branches.ids)],
        )
        cls.shared = cls.env["res.partner"].create(
            {"name": "Salma Shared", "company_id": False}
        )

    def test_customer_of_other_cooperative_named_to_union_manager(self):
        """X-1, issue #14: a union manager who reads the customer of cooperative B is
        told, for a membership of cooperative A, that they belong to Coop B and what to
        do."""
        env = self.env(
            user=self.union_all,
            context=dict(
                self.env.context,
                allowed_company_ids=(self.union | self.coop_a | self.coop_b).ids,
            ),
        )
        count = self.env["coop.membership"].search_count([])
        with self.assertRaises(UserError) as catcher:
            env["coop.membership"].create(
                {"partner_id": self.partner_b.id, "company_id": self.coop_a.id}
            )
        message = str(catcher.exception)
        self.assertNotIsInstance(catcher.exception, AccessError)
        self.assertIn("Coop B", message)
        self.assertIn("union level", message)
        self.assertNotIn("Incompatible companies", message)
        self.assertEqual(self.env["coop.membership"].search_count([]), count)

    def test_customer_of_other_cooperative_not_named_to_its_users(self):
        """X-1, issue #14: a user of cooperative A who tries a membership for a customer
        of cooperative B gets an AccessError naming neither the customer nor Coop B."""
        count = self.env["coop.membership"].search_count([])
        for company in (self.coop_a, self.coop_b):
            with (
                self.subTest(company=company.name),
                self.assertRaises(AccessError) as catcher,
            ):
                self.env["coop.membership"].with_user(self.user_a).create(
                    {"partner_id": self.partner_b.id, "company_id": company.id}
                )
            message = str(catcher.exception)
            self.assertNotIn("Brahim", message)
            self.assertNotIn("Coop B", message)
        membership = self._membership(self.partner_a, self.coop_a)
        with self.assertRaises(AccessError) as catcher:
            membership.with_user(self.user_a).write({"partner_id": self.partner_b.id})
        self.assertNotIn("Brahim", str(catcher.exception))
        self.assertEqual(membership.partner_id, self.partner_a)
        self.assertEqual(self.env["coop.membership"].search_count([]), count + 1)

    def test_duplicate_in_other_cooperative_not_revealed(self):
        """X-1, issue #14: the membership in progress of a shared customer in
        cooperative B is not revealed to a user of A who tries one in B: AccessError
        naming nothing."""
        self._membership(self.shared, self.coop_b)
        count = self.env["coop.membership"].search_count([])
        with self.assertRaises(AccessError) as catcher:
            self.env["coop.membership"].with_user(self.user_a).create(
                {"partner_id": self.shared.id, "company_id": self.coop_b.id}
            )
        message = str(catcher.exception)
        self.assertNotIn("Salma", message)
        self.assertNotIn("Coop B", message)
        self.assertNotIn("in progress", message)
        self.assertEqual(self.env["coop.membership"].search_count([]), count)
        # in the user's own cooperative, the duplicate is named as before
        self._membership(self.shared, self.coop_a)
        with self.assertRaisesRegex(
            ValidationError, "Salma Shared already has a membership"
        ):
            self.env["coop.membership"].with_user(self.user_a).create(
                {"partner_id": self.shared.id, "company_id": self.coop_a.id}
            )


@tagged("post_install", "-at_install")
class TestCooperativeIdentity(CoopCase):
    """X-1, issue #14: a cooperative's identity is edited by its users and its union's
    managers, not by the users of another cooperative."""

    def _identity(self, company):
        self.env.invalidate_all()
        return company.partner_id.read(
            [
                "name",
                "street",
                "city",
                "coop_registration_number",
                "coop_creation_date",
                "active",
            ]
        )[0]

    def test_other_cooperative_cannot_edit_identity(self):
        """X-1, issue #14: a user and a manager of cooperative B cannot rename, move,
        archive or change the registration number of cooperative A, neither through its
        partner nor through the company; nothing changes."""
        manager_b = new_test_user(
            self.env,
            "coop_manager_b",
            groups="coop_crm_base.group_coop_manager",
            company_id=self.coop_b.id,
            company_ids=[Command.set(self.coop_b.ids)],
        )
        self.coop_a.partner_id.write(
            {
                "street": "1 Rue des Arganiers",
                "city": "Essaouira",
                "coop_registration_number": "RC-A-1",
            }
        )
        before = self._identity(self.coop_a)
        for user in (self.user_b, manager_b):
            partner = self.coop_a.partner_id.with_user(user)
            for vals in (
                {"name": "Hijacked"},
                {"street": "Elsewhere", "city": "Nowhere"},
                {"coop_registration_number": "RC-FAKE"},
                {"coop_creation_date": "1900-01-01"},
                {"active": False},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaises(AccessError),
                ):
                    partner.write(vals)
            with (
                self.subTest(user=user.login, via="company"),
                self.assertRaises(AccessError),
            ):
                self.coop_a.with_user(user).write(
                    {"coop_registration_number": "RC-FAKE"}
                )
        self.assertEqual(self._identity(self.coop_a), before)

    def test_own_users_and_union_managers_edit_identity(self):
        """X-1: the cooperative's own user and its union's manager may edit it."""
        self.coop_a.partner_id.with_user(self.user_a).write({"street": "2 Rue du Souk"})
        self.coop_a.partner_id.with_user(self.union_manager).write(
            {"coop_registration_number": "RC-A-2"}
        )
        self.assertEqual(self.coop_a.partner_id.street, "2 Rue du Souk")
        self.assertEqual(self.coop_a.coop_registration_number, "RC-A-2")
        # the user of A is not a user of the union
        with self.assertRaises(AccessError):
            self.union.partner_id.with_user(self.user_a).write(
                {"name": "Renamed union"}
            )
        self.assertEqual(self.union.partner_id.name, "Union Test")
        # ordinary customers are not concerned
        self.partner_a.with_user(self.user_a).write({"street": "3 Rue"})
        self.assertEqual(self.partner_a.street, "3 Rue")


@tagged("post_install", "-at_install")
class TestForeignDataPhones(CoopCase):
    """X-6, M-3, issue #14: the relaxation of the phone check for other addons' data
    files is held by the registry, not by a context key."""

    def test_install_module_context_relaxes_nothing(self):
        """X-6, issue #14: a client sending install_module=event in its context gets its
        invalid phone refused, superuser code included; nothing is created."""
        Partner = self.env["res.partner"]
        count = Partner.search_count([])
        for env_partner in (Partner.with_user(self.user_a), Partner):
            with (
                self.subTest(su=env_partner.env.su),
                self.assertRaises(ValidationError),
            ):
                env_partner.with_context(install_module="event").create(
                    {"name": "Event demo", "phone": "+1 418 123 4567"}
                )
        self.assertEqual(Partner.search_count([]), count)

    def test_other_addons_data_files_load_while_installing(self):
        """M-3: while the registry loads modules, another addon's data file (superuser,
        install_module) loads its phones as they are; ours and users' are still
        checked."""
        Partner = self.env["res.partner"]
        with patch.object(self.env.registry, "ready", False):
            partner = Partner.with_context(install_module="event").create(
                {"name": "Event demo", "phone": "+1 418 123 4567"}
            )
            with self.assertRaises(ValidationError):
                Partner.with_context(install_module="coop_claims").create(
                    {"name": "Our demo", "phone": "06123"}
                )
            with self.assertRaises(ValidationError):
                Partner.with_user(self.user_a).with_context(
                    install_module="event"
                ).create({"name": "A user", "phone": "06123"})
        self.assertEqual(partner.phone, "+1 418 123 4567")


@tagged("post_install", "-at_install")
class TestAppointmentsAndAnswersIsolation(CoopCase):
    """X-1, M-6, M-7, issue #14: appointments and survey answers of a cooperative stay
    within it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer_b = new_test_user(
            cls.env,
            "coop_officer_b",
            groups="coop_crm_base.group_coop_user,survey.group_survey_user",
            company_id=cls.coop_b.id,
            company_ids=[Command.set(cls.coop_b.ids)],
        )
        cls.officer_a = new_test_user(
            cls.env,
            "coop_officer_a",
            groups="coop_crm_base.group_coop_user,survey.group_survey_user",
            company_id=cls.coop_a.id,
            company_ids=[Command.set(cls.coop_a.ids)],
        )
        cls.appointment_a = (
            cls.env["calendar.event"]
            .with_user(cls.user_a)
            .create(
                {
                    "name": "Argan oil tasting",
                    "coop_partner_id": cls.partner_a.id,
                    "start": "2030-03-10 09:00:00",
                    "stop": "2030-03-10 10:00:00",
                }
            )
        )
        cls.meeting = (
            cls.env["calendar.event"]
            .with_user(cls.user_a)
            .create(
                {
                    "name": "Staff meeting",
                    "start": "2030-03-11 09:00:00",
                    "stop": "2030-03-11 10:00:00",
                }
            )
        )
        survey = cls.env.ref("coop_crm_base.survey_coop_satisfaction")
        cls.answer_a = cls.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": cls.partner_a.id,
                "user_input_line_ids": [
                    Command.create(
                        {
                            "question_id": cls.env.ref(
                                "coop_crm_base.survey_coop_satisfaction_csat"
                            ).id,
                            "answer_type": "scale",
                            "value_scale": 2,
                        }
                    )
                ],
            }
        )
        cls.odoo_answer = cls.env["survey.user_input"].create({"survey_id": survey.id})

    def test_appointment_hidden_from_other_cooperative(self):
        """X-1, M-6, issue #14: a user of cooperative B neither finds, reads, writes nor
        deletes cooperative A's appointment with its customer (or its attendees); events
        without a customer of the suite stay Odoo's (everyone's); nothing changes."""
        self.assertEqual(self.appointment_a.coop_company_id, self.coop_a)
        self.assertFalse(self.meeting.coop_company_id)
        Event = self.env["calendar.event"].with_user(self.user_b)
        ids = (self.appointment_a | self.meeting).ids
        self.assertEqual(Event.search([("id", "in", ids)]), self.meeting)
        with self.assertRaises(AccessError):
            self.appointment_a.with_user(self.user_b).read(["name", "coop_partner_id"])
        with self.assertRaises(AccessError):
            self.appointment_a.with_user(self.user_b).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.appointment_a.with_user(self.user_b).unlink()
        attendees = self.appointment_a.attendee_ids
        self.assertIn(self.partner_a, attendees.partner_id)
        self.assertFalse(
            self.env["calendar.attendee"]
            .with_user(self.user_b)
            .search([("id", "in", attendees.ids)])
        )
        self.assertEqual(self.appointment_a.name, "Argan oil tasting")
        self.assertEqual(
            Event.with_user(self.user_a).search([("id", "in", ids)]),
            self.appointment_a | self.meeting,
        )
        self.meeting.with_user(self.user_b).write({"name": "Staff meeting (moved)"})

    def test_appointment_for_customer_of_other_cooperative_refused(self):
        """X-1, issue #14: a user of A cannot make an appointment with a customer of B
        nor move one to them (AccessError naming nothing); nothing is created."""
        count = self.env["calendar.event"].search_count([])
        with self.assertRaises(AccessError) as catcher:
            self.env["calendar.event"].with_user(self.user_a).create(
                {
                    "name": "Poach",
                    "coop_partner_id": self.partner_b.id,
                    "start": "2030-03-12 09:00:00",
                    "stop": "2030-03-12 10:00:00",
                }
            )
        self.assertNotIn("Brahim", str(catcher.exception))
        with self.assertRaises(AccessError):
            self.appointment_a.with_user(self.user_a).write(
                {"coop_partner_id": self.partner_b.id}
            )
        with self.assertRaises(UserError):
            self.appointment_a.with_user(self.user_a).write(
                {"coop_company_id": self.coop_b.id}
            )
        self.assertEqual(self.env["calendar.event"].search_count([]), count)
        self.assertEqual(self.appointment_a.coop_partner_id, self.partner_a)
        self.assertEqual(self.appointment_a.coop_company_id, self.coop_a)

    def test_interaction_appointment_of_other_cooperative_refused(self):
        """X-1, issue #14: an interaction of B cannot point at an appointment of A
        (check_company on the appointment); nothing changes."""
        visit_b = self.env["coop.interaction"].create(
            {
                "partner_id": self.partner_b.id,
                "subject": "Visit",
                "company_id": self.coop_b.id,
            }
        )
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies"),
            self.env.cr.savepoint(),
        ):
            visit_b.write({"calendar_event_id": self.appointment_a.id})
        self.env.invalidate_all()
        self.assertFalse(visit_b.calendar_event_id)
        with self.assertRaisesRegex(UserError, "is a customer of Coop A"):
            visit_b.write({"partner_id": self.partner_a.id})
        self.env.invalidate_all()
        self.assertEqual(visit_b.partner_id, self.partner_b)
        visit_b.write({"calendar_event_id": self.meeting.id})

    def test_survey_answers_hidden_from_other_cooperative_officers(self):
        """X-1, M-7, issue #14: a survey officer of cooperative B (as training users
        are) does not find, read, write or delete the answers of A's customers nor their
        lines, and cannot move an answer to B; Odoo's answers of no cooperative stay
        visible."""
        self.assertEqual(self.answer_a.coop_company_id, self.coop_a)
        Answer = self.env["survey.user_input"]
        ids = (self.answer_a | self.odoo_answer).ids
        self.assertEqual(
            Answer.with_user(self.officer_b).search([("id", "in", ids)]),
            self.odoo_answer,
        )
        self.assertEqual(
            Answer.with_user(self.officer_a).search([("id", "in", ids)]),
            self.answer_a | self.odoo_answer,
        )
        with self.assertRaises(AccessError):
            self.answer_a.with_user(self.officer_b).read(
                ["partner_id", "scoring_percentage"]
            )
        with self.assertRaises(AccessError):
            self.answer_a.with_user(self.officer_b).write({"nickname": "Hijacked"})
        with self.assertRaises(AccessError):
            self.answer_a.with_user(self.officer_b).unlink()
        lines = self.answer_a.user_input_line_ids
        self.assertTrue(lines)
        self.assertFalse(
            self.env["survey.user_input.line"]
            .with_user(self.officer_b)
            .search([("id", "in", lines.ids)])
        )
        with self.assertRaises(AccessError):
            lines.with_user(self.officer_b).read(["value_scale"])
        with self.assertRaises(UserError):
            self.answer_a.with_user(self.officer_a).write(
                {"coop_company_id": self.coop_b.id}
            )
        self.assertTrue(self.answer_a.exists())
        self.assertFalse(self.answer_a.nickname)
        self.assertEqual(self.answer_a.coop_company_id, self.coop_a)

    def test_survey_answer_about_order_of_other_cooperative_refused(self):
        """X-1, issue #14: an answer of cooperative A cannot be tied to an order of B
        (whose name it would show); nothing is created or changed."""
        order_b = self.env["sale.order"].create(
            {"partner_id": self.partner_b.id, "company_id": self.coop_b.id}
        )
        survey = self.env.ref("coop_crm_base.survey_coop_satisfaction")
        Answer = self.env["survey.user_input"].with_user(self.officer_a)
        count = self.env["survey.user_input"].search_count([])
        with self.assertRaises(UserError) as catcher:
            Answer.create(
                {
                    "survey_id": survey.id,
                    "partner_id": self.partner_a.id,
                    "coop_company_id": self.coop_a.id,
                    "coop_sale_order_id": order_b.id,
                }
            )
        self.assertNotIn(order_b.name, str(catcher.exception))
        with self.assertRaises(UserError):
            self.answer_a.with_user(self.officer_a).write(
                {"coop_sale_order_id": order_b.id}
            )
        self.assertEqual(self.env["survey.user_input"].search_count([]), count)
        self.env.invalidate_all()
        self.assertFalse(self.answer_a.coop_sale_order_id)
