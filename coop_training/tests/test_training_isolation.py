from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTrainingIsolation(TrainingCase):
    """Trainings between cooperatives and for Odoo's event managers (X-1, T-1, T-3,
    issue #14)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.r1 = cls._register(cls.training, cls.m1)
        cls.env["coop.training.attendance"].create(
            [
                {"registration_id": cls.r1.id, "day": "2025-03-10", "present": True},
            ]
        )

    def test_event_manager_outside_training_groups(self):
        """T-1, issue #14: an Odoo event manager who is in no training group opens a
        training session in the form view and edits it (the form read the training needs
        and raised AccessError)."""
        manager = new_test_user(
            self.env,
            "event_only_manager",
            groups="base.group_user,event.group_event_manager",
            company_id=self.coop_a.id,
            company_ids=[Command.set(self.coop_a.ids)],
        )
        self.assertFalse(manager.has_group("coop_training.group_training_user"))
        session = self.training.with_user(manager)
        # every field of the form view, as the web client reads them
        views = session.get_views([(False, "form")])
        form_fields = views["models"]["event.event"]["fields"]
        self.assertIn("is_training", form_fields)
        self.assertNotIn("training_need_ids", form_fields)
        session.read(list(form_fields))
        with Form(session) as form:
            form.name = "Accounting basics (room 2)"
        self.assertEqual(self.training.name, "Accounting basics (room 2)")
        # the training records themselves stay with the training staff
        with self.assertRaises(AccessError):
            session.read(["training_need_ids"])
        # a registration's form too
        registration = self.r1.with_user(manager)
        reg_fields = registration.get_views([(False, "form")])["models"][
            "event.registration"
        ]["fields"]
        registration.read(list(reg_fields))

    def test_register_member_of_another_cooperative_refused(self):
        """X-1, issue #14: a user of coop A cannot register coop B's member on A's
        session,
        nor attach B's membership to a registration; the refusal names nothing of B and
        nothing is written."""
        Registration = self.env["event.registration"].with_user(self.user_a)
        before = self.training.registration_ids
        with self.assertRaises(AccessError) as catcher:
            Registration.create(
                {"event_id": self.training.id, "partner_id": self.member_b.id}
            )
        self.assertNotIn("Member B1", str(catcher.exception))
        self.assertNotIn(self.coop_b.name, str(catcher.exception))
        membership_b = self.member_b.coop_membership_ids
        with self.assertRaises(AccessError):
            self.r1.with_user(self.user_a).write(
                {"coop_membership_id": membership_b.id}
            )
        with self.assertRaises(AccessError):
            self.r1.with_user(self.user_a).write({"partner_id": self.member_b.id})
        self.env.invalidate_all()
        self.assertEqual(self.training.registration_ids, before)
        self.assertEqual(
            (self.r1.partner_id, self.r1.coop_membership_id.company_id),
            (self.m1, self.coop_a),
        )
        # through the needs turned into a session (the members concerned are checked)
        with self.assertRaises(UserError):
            self.env["coop.training.need"].with_user(self.user_a).create(
                {
                    "name": "Need with B",
                    "topic_id": self.topic.id,
                    "membership_ids": [Command.set(membership_b.ids)],
                }
            )

    def test_user_of_both_cooperatives_refused_with_the_reason(self):
        """X-1, issue #14: a user of both cooperatives, who reads coop B's customer,
        cannot
        register them on a session of coop A only, nor link a membership of a
        cooperative
        the session is not for: the refusal says which cooperative the customer is
        of."""
        both = new_test_user(
            self.env,
            "training_user_ab",
            groups="coop_training.group_training_user",
            company_id=self.coop_a.id,
            company_ids=[Command.set((self.coop_a | self.coop_b).ids)],
        )
        env = self.env(
            user=both,
            context=dict(
                self.env.context, allowed_company_ids=(self.coop_a | self.coop_b).ids
            ),
        )
        with self.assertRaises(UserError) as catcher:
            env["event.registration"].create(
                {"event_id": self.training.id, "partner_id": self.member_b.id}
            )
        self.assertIn("customer of Coop B", str(catcher.exception))
        membership_b = self.member_b.coop_membership_ids
        with self.assertRaises(UserError):
            self.r1.with_env(env).write({"coop_membership_id": membership_b.id})
        self.assertEqual(self.r1.coop_membership_id.company_id, self.coop_a)
        self.assertFalse(
            self.training.registration_ids.filtered(
                lambda r: r.partner_id == self.member_b
            )
        )

    def test_evaluation_answers_stay_in_the_cooperative(self):
        """T-3, issue #14: the evaluation answers of a session belong to its
        cooperative;
        a training user of another cooperative (a survey officer) cannot read them."""
        self.training._send_training_evaluation()
        answer = self.r1.evaluation_input_id
        self.assertTrue(answer)
        self.assertEqual(answer.coop_company_id, self.coop_a)
        self.assertTrue(self.user_b.has_group("survey.group_survey_user"))
        self.env.flush_all()
        UserInput = self.env["survey.user_input"].with_user(self.user_b)
        self.assertFalse(UserInput.search([("id", "=", answer.id)]))
        with self.assertRaises(AccessError):
            answer.with_user(self.user_b).read(["partner_id", "email"])
        self.assertEqual(
            self.env["survey.user_input"]
            .with_user(self.user_a)
            .search([("id", "=", answer.id)]),
            answer,
        )

    def test_need_state_held_by_the_model(self):
        """X-6, T-4, issue #14: a training need moves only along its life cycle; a plain
        training user cannot create it planned or done, nor skip to done or planned by
        writing its state (JSON-RPC, kanban drag); the buttons still work."""
        Need = self.env["coop.training.need"].with_user(self.user_a)
        with self.assertRaises(UserError):
            Need.create(
                {"name": "Already trained", "topic_id": self.topic.id, "state": "done"}
            )
        self.assertFalse(
            self.env["coop.training.need"].search([("name", "=", "Already trained")])
        )
        need = Need.create({"name": "Need A", "topic_id": self.topic.id})
        for target in ("done", "planned"):
            with self.assertRaises(UserError):
                need.write({"state": target})
            self.assertEqual(need.state, "draft")
        need.write({"state": "cancel"})  # routed to its button
        self.assertEqual(need.state, "cancel")
        with self.assertRaises(UserError):
            need.action_done()
        need.action_reset()
        self.assertEqual(need.state, "draft")

    def test_no_link_to_another_cooperative_through_rpc_fields(self):
        """X-1, T-3, issue #14: over JSON-RPC a user of coop A cannot link coop B's
        evaluation answer to a registration (its state and link would show), nor name
        coop B's customer as a trainer (printed as superuser on certificates)."""
        session_b = self.env["event.event"].create(
            {
                "name": "Session B",
                "is_training": True,
                "open_to_non_members": True,
                "training_topic_id": self.topic.id,
                "company_id": self.coop_b.id,
                "coop_company_ids": [Command.set(self.coop_b.ids)],
                "date_tz": "UTC",
                "date_begin": "2025-03-10 08:00:00",
                "date_end": "2025-03-10 16:00:00",
            }
        )
        reg_b = self.env["event.registration"].create(
            {"event_id": session_b.id, "partner_id": self.member_b.id}
        )
        self.env["coop.training.attendance"].create(
            {"registration_id": reg_b.id, "day": "2025-03-10", "present": True}
        )
        session_b._send_training_evaluation()
        answer_b = reg_b.evaluation_input_id
        self.assertTrue(answer_b)
        with self.assertRaises(AccessError):
            self.r1.with_user(self.user_a).write({"evaluation_input_id": answer_b.id})
        self.assertFalse(self.r1.evaluation_input_id)
        with self.assertRaises(AccessError):
            self.training.with_user(self.user_a).write(
                {"trainer_ids": [Command.link(self.member_b.id)]}
            )
        self.assertFalse(self.training.trainer_ids)
        self.training.with_user(self.user_a).write(
            {"trainer_ids": [Command.link(self.m5.id)]}
        )
        self.assertEqual(self.training.trainer_ids, self.m5)
