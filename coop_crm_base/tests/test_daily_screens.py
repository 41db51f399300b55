from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestMembersScreen(CoopCase):
    """The members screen as a clerk uses it on day one (M-2, X-6, issue #21)."""

    def test_default_filter_shows_memberships_in_progress(self):
        """M-2, issue #21: the Members menu opens on the memberships in progress,
        candidates included, and not on the ended ones."""
        action = self.env.ref("coop_crm_base.action_coop_membership")
        self.assertIn("search_default_in_progress", action.context)
        view = self.env.ref("coop_crm_base.coop_membership_view_search")
        arch = view.arch_db
        self.assertIn('name="in_progress"', arch)
        candidate = self._membership(self.partner_a, self.coop_a)
        other = self.env["res.partner"].create({"name": "Ended A", "company_id": self.coop_a.id})
        ended = self._membership(other, self.coop_a)
        ended.action_resign(reason="Changed her mind")
        domain = [("state", "in", ("candidate", "active", "suspended"))]
        found = self.env["coop.membership"].with_user(self.user_a).search(domain)
        self.assertIn(candidate, found)
        self.assertNotIn(ended, found)

    def test_candidate_withdraws_member_resigns(self):
        """M-2, issue #21: a candidate who leaves has withdrawn the application, a member
        who leaves has resigned; the state keys stay those integrators read."""
        candidate = self._membership(self.partner_a, self.coop_a,
                                     date_application=date(2026, 1, 5))
        action = candidate.with_user(self.user_a).action_resign()
        self.assertEqual(action["name"], "Withdraw the application")
        wizard = Form(self.env["coop.membership.change"].with_user(self.user_a)
                      .with_context(action["context"]))
        wizard.reason = "Moved to Agadir"
        wizard.date = date(2026, 1, 20)
        self.assertTrue(wizard.is_withdrawal)
        wizard.save().action_confirm()
        self.assertEqual(candidate.state, "resigned")
        self.assertEqual(candidate.status, "withdrawn")
        self.assertIn("Application withdrawn", "".join(candidate.message_ids.mapped("body")))

        other = self.env["res.partner"].create({"name": "Member A", "company_id": self.coop_a.id})
        member = self._membership(other, self.coop_a, date_application=date(2026, 1, 5))
        member.with_user(self.manager_a).action_admit(date=date(2026, 2, 1))
        self.assertEqual(member.with_user(self.user_a).action_resign()["name"],
                         "Membership change")
        member.action_resign(reason="Retired")
        self.assertEqual((member.state, member.status), ("resigned", "resigned"))
        self.assertIn("Resigned on", "".join(member.message_ids.mapped("body")))

        # the status is computed, never written by a client
        with self.assertRaises(UserError):
            candidate.with_user(self.user_a).write({"status": "candidate"})
        self.assertEqual(candidate.status, "withdrawn")

    def test_admission_records_board_decision(self):
        """M-2, issue #21: the Admit button asks the board's decision; it is shown on the
        membership and written by the admission only."""
        membership = self._membership(self.partner_a, self.coop_a,
                                      date_application=date(2026, 1, 5))
        # a plain user does not open the admission
        with self.assertRaises(AccessError):
            membership.with_user(self.user_a).action_admit_wizard()
        action = membership.with_user(self.manager_a).action_admit_wizard()
        self.assertEqual(action["res_model"], "coop.membership.admit")
        wizard = Form(self.env["coop.membership.admit"].with_user(self.manager_a)
                      .with_context(action["context"]))
        wizard.date = date(2026, 2, 3)
        wizard.board_decision_date = date(2026, 2, 1)
        wizard.board_decision_ref = "PV 2026/02"
        wizard.save().action_confirm()
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_admission, date(2026, 2, 3))
        self.assertEqual(membership.board_decision_date, date(2026, 2, 1))
        self.assertEqual(membership.board_decision_ref, "PV 2026/02")
        self.assertIn("PV 2026/02", "".join(membership.message_ids.mapped("body")))

        # written by the action only: not by a plain write over RPC, nor at creation
        for user in (self.user_a, self.manager_a):
            with self.assertRaises(UserError):
                membership.with_user(user).write({"board_decision_ref": "forged"})
        self.assertEqual(membership.board_decision_ref, "PV 2026/02")
        other = self.env["res.partner"].create({"name": "Forger A", "company_id": self.coop_a.id})
        with self.assertRaises(UserError):
            self.env["coop.membership"].with_user(self.manager_a).create({
                "partner_id": other.id, "company_id": self.coop_a.id,
                "board_decision_ref": "forged",
            })
        self.assertFalse(self.env["coop.membership"].search([("partner_id", "=", other.id)]))

    def test_admission_over_rpc_without_board_decision(self):
        """M-2, issue #21: ``action_admit(date=None)`` keeps working for integrations;
        the board's decision is optional and cannot postdate the admission."""
        membership = self._membership(self.partner_a, self.coop_a,
                                      date_application=date(2026, 1, 5))
        with self.assertRaises(ValidationError):
            membership.with_user(self.manager_a).action_admit(
                date=date(2026, 2, 1), board_decision_date=date(2026, 3, 1))
        self.assertEqual(membership.state, "candidate")
        self.assertFalse(membership.board_decision_date)
        membership.with_user(self.manager_a).action_admit()
        self.assertEqual(membership.state, "active")
        self.assertFalse(membership.board_decision_ref)
