"""The suite's one state-machine idiom: coop.transition.mixin (X-6, issue #14)."""

from odoo.exceptions import UserError

from .common import CoopCase


class TestTransitionMixin(CoopCase):
    """X-6: no context key sent by a client relaxes the transition table."""

    def test_forged_token_in_context_is_refused(self):
        """X-6, issue #14: a client's context that names the token key (the most a
        JSON-RPC client can send: JSON values) does not open the state field."""
        membership = self._membership(self.partner_a, self.coop_a)
        for forged in (
            True,
            "1",
            [True, ["coop.membership"]],
            {"coop.membership": True},
        ):
            with self.subTest(forged=forged):
                as_user = membership.with_user(self.user_a).with_context(
                    coop_transition_token=forged
                )
                with self.assertRaises(UserError):
                    as_user.write({"state": "active"})
                with self.assertRaises(UserError):
                    as_user.write({"date_admission": "2020-01-01"})
        membership.invalidate_recordset()
        self.assertEqual(membership.state, "candidate")
        self.assertFalse(membership.date_admission)

    def test_forged_token_does_not_create_in_final_state(self):
        """X-6, issue #14: a client cannot create a record past its initial state, even
        with the install_module key Odoo's loader uses."""
        Membership = self.env["coop.membership"].with_user(self.user_a)
        for context in (
            {},
            {"install_module": "coop_crm_base"},
            {"coop_transition_token": True},
        ):
            with self.subTest(context=context), self.assertRaises(UserError):
                Membership.with_context(**context).create(
                    {
                        "partner_id": self.partner_a.id,
                        "company_id": self.coop_a.id,
                        "state": "active",
                    }
                )
        self.assertFalse(
            self.env["coop.membership"].search([("partner_id", "=", self.partner_a.id)])
        )

    def test_plain_write_routed_to_the_action(self):
        """X-6, issue #14: a kanban drag or a plain write of the state runs the edge's
        action with its checks: a manager's write admits (number given, chatter), a
        user's write is refused."""
        membership = self._membership(self.partner_a, self.coop_a)
        with self.assertRaises(UserError):
            membership.with_user(self.user_a).write({"state": "active"})
        self.assertEqual(membership.state, "candidate")
        membership.with_user(self.manager_a).write({"state": "active"})
        self.assertEqual(membership.state, "active")
        self.assertTrue(membership.number)
        self.assertTrue(membership.date_admission)
        # an edge outside the table is refused whoever asks
        with self.assertRaises(UserError):
            membership.sudo().write({"state": "candidate"})
        self.assertEqual(membership.state, "active")
