from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestMembership(CoopCase):
    def test_lifecycle_and_numbers(self):
        """M-2: candidate -> active -> suspended -> active -> resigned, with dates and
        numbers."""
        membership = self._membership(
            self.partner_a,
            self.coop_a,
            date_application=date(2026, 1, 5),
            share_count=10,
            share_paid_count=4,
        )
        self.assertEqual(membership.state, "candidate")
        self.assertFalse(membership.number)
        self.assertEqual(membership.share_unit_value, 100.0)
        self.assertEqual(membership.share_amount, 1000.0)
        self.assertEqual(membership.share_paid_amount, 400.0)
        self.assertEqual(membership.share_due_amount, 600.0)

        membership.with_user(self.manager_a).action_admit(date=date(2026, 2, 1))
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_admission, date(2026, 2, 1))
        self.assertEqual(membership.number, "M2026-00001")
        self.assertTrue(self.partner_a.with_company(self.coop_a).is_coop_member)
        self.assertFalse(self.partner_a.with_company(self.coop_b).is_coop_member)
        self.assertIn(
            self.partner_a,
            self.env["res.partner"]
            .with_company(self.coop_a)
            .search([("is_coop_member", "=", True)]),
        )

        action = membership.action_suspend()
        self.assertEqual(action["res_model"], "coop.membership.change")
        wizard = Form(
            self.env["coop.membership.change"].with_context(**action["context"])
        )
        wizard.reason = "Shares unpaid"
        wizard.save().action_confirm()
        self.assertEqual(membership.state, "suspended")
        # the change's note (the member, without consent, is told nothing: X-7)
        self.assertTrue(
            membership.message_ids.filtered(lambda m: "Shares unpaid" in m.body)
        )
        self.assertEqual(
            self.partner_a.with_company(self.coop_a).coop_member_state, "suspended"
        )

        membership.action_reactivate(reason="Shares paid")
        self.assertEqual(membership.state, "active")
        membership.action_resign(reason="Moved to Agadir")
        self.assertEqual(membership.state, "resigned")
        self.assertEqual(membership.date_exit, date.today())
        self.assertEqual(membership.exit_reason, "Moved to Agadir")
        self.assertTrue(
            membership.message_ids.filtered(lambda m: "Moved to Agadir" in m.body)
        )

    def test_numbering_per_cooperative(self):
        """M-2: each cooperative numbers its own members."""
        partners = self.env["res.partner"].create(
            [{"name": f"P{i}", "company_id": self.coop_a.id} for i in range(2)]
        )
        applied = date(2026, 1, 10)
        first = self._membership(partners[0], self.coop_a, date_application=applied)
        second = self._membership(partners[1], self.coop_a, date_application=applied)
        in_b = self._membership(self.partner_b, self.coop_b, date_application=applied)
        (first | second | in_b).action_admit(date=date(2026, 3, 1))
        self.assertEqual((first.number, second.number), ("M2026-00001", "M2026-00002"))
        self.assertEqual(in_b.number, "M2026-00001")

    def test_refused_transitions(self):
        """M-2: an action that does not fit the state is refused with a clear
        message."""
        membership = self._membership(self.partner_a, self.coop_a)
        with self.assertRaisesRegex(
            UserError, "only possible for a membership that is Active"
        ):
            membership.action_suspend(reason="x")
        with self.assertRaisesRegex(UserError, "Active, Suspended"):
            membership.action_exclude(reason="x")
        membership.action_admit()
        with self.assertRaisesRegex(UserError, "Give the reason"):
            membership.action_exclude(reason="  ")
        with self.assertRaisesRegex(
            UserError, "Only a cooperative manager can exclude"
        ):
            membership.with_user(self.user_a).action_exclude(reason="fraud")
        with self.assertRaisesRegex(UserError, "Only a cooperative manager can admit"):
            other = self.env["res.partner"].create(
                {"name": "X", "company_id": self.coop_a.id}
            )
            self._membership(other, self.coop_a).with_user(self.user_a).action_admit()
        membership.with_user(self.manager_a).action_exclude(reason="fraud")
        self.assertEqual(membership.state, "excluded")
        with self.assertRaises(UserError):
            membership.unlink()

    def test_shares_never_negative(self):
        """M-2, X-4: negative shares or more paid than subscribed are refused; nothing
        is saved."""
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._membership(self.partner_a, self.coop_a, share_count=-1)
        membership = self._membership(self.partner_a, self.coop_a, share_count=5)
        with self.assertRaisesRegex(
            ValidationError, "6 shares paid but only 5 subscribed"
        ):
            membership.write({"share_paid_count": 6})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            membership.write({"share_unit_value": -10})
        self.assertEqual(membership.share_paid_count, 0)
        self.assertEqual(membership.share_unit_value, 100.0)

    def test_dates_coherent(self):
        """M-2: admission before application, or exit before admission, is refused."""
        membership = self._membership(
            self.partner_a, self.coop_a, date_application=date(2026, 5, 1)
        )
        with self.assertRaisesRegex(ValidationError, "admission date cannot be before"):
            membership.action_admit(date=date(2026, 4, 1))
        self.assertEqual(membership.state, "candidate")
        membership.action_admit(date=date(2026, 5, 10))
        with self.assertRaisesRegex(ValidationError, "exit date cannot be before"):
            membership._apply_change("resign", "test", date(2026, 5, 2))

    def test_one_open_membership_per_cooperative(self):
        """M-2: a partner has at most one membership in progress per cooperative."""
        first = self._membership(self.partner_a, self.coop_a)
        with self.assertRaisesRegex(
            ValidationError, "already has a membership in progress"
        ):
            self._membership(self.partner_a, self.coop_a)
        # once the first has ended, a new application is possible
        first.action_resign(reason="withdrawn")
        second = self._membership(self.partner_a, self.coop_a)
        self.assertEqual(second.state, "candidate")
        # the database refuses it too, even if the ORM check is bypassed
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "INSERT INTO coop_membership (partner_id, company_id, state, active, "
                "date_application) VALUES (%s, %s, 'candidate', true, now())",
                (self.partner_a.id, self.coop_a.id),
            )

    def test_member_of_other_company_refused(self):
        """M-2, X-1: a partner private to cooperative B cannot be a member of
        cooperative A."""
        with self.assertRaises(UserError):
            self._membership(self.partner_b, self.coop_a)
