"""Bad input through the external API gets a clear error and changes nothing (X-4, M-2,
M-3)."""

import xmlrpc.client

from .common import SuiteHttpCase


class TestExternalApi(SuiteHttpCase):
    def setUp(self):
        super().setUp()
        self.uid = self.ref("base.user_admin")
        self.coop = self.env.ref("coop_crm_base.coop_company_argan")

    def call(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.uid, "admin", model, method, list(args), kwargs
        )

    def test_invalid_phone_refused_over_rpc(self):
        """M-3, X-4: an invalid phone sent over XML-RPC is refused, nothing is
        created."""
        before = self.env["res.partner"].search_count([])
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call(
                "res.partner", "create", [{"name": "RPC client", "phone": "06123"}]
            )
        self.assertIn("06123 is not a valid phone number", caught.exception.faultString)
        self.assertEqual(self.env["res.partner"].search_count([]), before)
        partner_id = self.call(
            "res.partner", "create", [{"name": "RPC client", "mobile": "0661234567"}]
        )[0]
        self.assertEqual(
            self.env["res.partner"].browse(partner_id).mobile, "+212661234567"
        )

    def test_membership_rules_over_rpc(self):
        """M-2, X-4: negative shares and a duplicate membership are refused over
        XML-RPC."""
        partner = self.env["res.partner"].create(
            {"name": "RPC member", "company_id": self.coop.id}
        )
        vals = {"partner_id": partner.id, "company_id": self.coop.id}
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call("coop.membership", "create", [dict(vals, share_count=-3)])
        self.assertIn("cannot be negative", caught.exception.faultString)
        self.assertFalse(
            self.env["coop.membership"].search([("partner_id", "=", partner.id)])
        )
        membership_id = self.call(
            "coop.membership", "create", [dict(vals, share_count=3)]
        )[0]
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call("coop.membership", "create", [dict(vals)])
        self.assertIn(
            "already has a membership in progress", caught.exception.faultString
        )
        # the documented way to end a membership from a script: the reason as argument
        self.call("coop.membership", "action_admit", [membership_id])
        self.call(
            "coop.membership", "action_resign", [membership_id], reason="Moved away"
        )
        membership = self.env["coop.membership"].browse(membership_id)
        self.assertEqual(membership.state, "resigned")
        self.assertEqual(membership.exit_reason, "Moved away")
