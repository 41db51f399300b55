"""Isolation between cooperatives seen through the web client's JSON-RPC (X-1)."""

from odoo.fields import Command
from odoo.tests import JsonRpcException, new_test_user

from .common import SuiteHttpCase

MODELS = [
    "coop.membership",
    "coop.interaction",
    "coop.claim",
    "coop.claim.action",
    "coop.training.need",
    "coop.ristourne.run",
    "loyalty.card",
    "res.partner",
    "calendar.event",
]

WRITES = {
    "coop.membership": {"share_count": 2},
    "coop.interaction": {"subject": "x"},
    "coop.claim": {"subject": "x"},
    "coop.claim.action": {"name": "x"},
    "coop.training.need": {"name": "x"},
    "coop.ristourne.run": {"date_to": "2025-06-30"},
    "loyalty.card": {"points": 5},
    "res.partner": {"name": "x"},
    "calendar.event": {"name": "x"},
    "survey.user_input": {"nickname": "x"},
}


class TestRpcIsolation(SuiteHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mad = cls.env.ref("base.MAD")
        union = cls.env["res.company"].create(
            {"name": "RPC Union", "currency_id": mad.id}
        )
        cls.coop_a, cls.coop_b = cls.env["res.company"].create(
            [
                {"name": f"RPC Coop {x}", "parent_id": union.id, "currency_id": mad.id}
                for x in "AB"
            ]
        )
        cls.manager_b = new_test_user(
            cls.env,
            "rpc_manager_b",
            groups="coop_crm_base.group_coop_manager",
            password="rpc_manager_b",
            company_id=cls.coop_b.id,
            company_ids=[Command.set(cls.coop_b.ids)],
        )
        cls.trainer_b = new_test_user(
            cls.env,
            "rpc_trainer_b",
            groups="coop_training.group_training_user",
            password="rpc_trainer_b",
            company_id=cls.coop_b.id,
            company_ids=[Command.set(cls.coop_b.ids)],
        )
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.coop_a.ids))
        a = cls.coop_a.id
        partner = env["res.partner"].create({"name": "RPC Customer A", "company_id": a})
        topic = cls.env.ref("coop_training.topic_accounting")
        policy = env["coop.ristourne.policy"].create(
            {
                "name": "RPC ristourne",
                "company_id": a,
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 2.0})],
            }
        )
        program = env["loyalty.program"].create(
            {
                "name": "RPC card",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": a,
                "coop_card": True,
            }
        )
        cls.records_a = {
            "res.partner": partner,
            "coop.membership": env["coop.membership"].create(
                {"partner_id": partner.id, "company_id": a}
            ),
            "coop.interaction": env["coop.interaction"].create(
                {"partner_id": partner.id, "subject": "RPC call", "company_id": a}
            ),
            "coop.claim": env["coop.claim"].create(
                {"subject": "RPC claim", "partner_id": partner.id, "company_id": a}
            ),
            "coop.claim.action": env["coop.claim.action"].create(
                {"name": "RPC action", "company_id": a}
            ),
            "coop.training.need": env["coop.training.need"].create(
                {"name": "RPC need", "company_id": a, "topic_id": topic.id}
            ),
            "coop.ristourne.run": env["coop.ristourne.run"].create(
                {
                    "policy_id": policy.id,
                    "company_id": a,
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                }
            ),
            "loyalty.card": env["loyalty.card"].create(
                {"program_id": program.id, "partner_id": partner.id}
            ),
            "calendar.event": env["calendar.event"].create(
                {
                    "name": "RPC appointment",
                    "coop_partner_id": partner.id,
                    "start": "2030-01-10 09:00:00",
                    "stop": "2030-01-10 10:00:00",
                }
            ),
            "survey.user_input": env["survey.user_input"].create(
                {
                    "survey_id": cls.env.ref(
                        "coop_crm_base.survey_coop_satisfaction"
                    ).id,
                    "partner_id": partner.id,
                }
            ),
        }

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def test_manager_of_b_gets_nothing_of_a(self):
        """X-1: a manager of cooperative B, through the web client's RPC, finds none of
        cooperative A's records, cannot read, write or delete them by id, and even
        asking
        for cooperative A in the context changes nothing."""
        self.authenticate("rpc_manager_b", "rpc_manager_b")
        for model in MODELS:
            record = self.records_a[model]
            with self.subTest(model=model):
                found = self._call(model, "search", [[("id", "=", record.id)]])
                self.assertEqual(found, [])
                with self.assertRaises(JsonRpcException) as catcher:
                    self._call(
                        model,
                        "search",
                        [[("id", "=", record.id)]],
                        {"context": {"allowed_company_ids": self.coop_a.ids}},
                    )
                self.assertEqual(
                    catcher.exception.args[0], "odoo.exceptions.AccessError"
                )
                with self.assertRaises(JsonRpcException) as catcher:
                    self._call(model, "read", [[record.id], ["display_name"]])
                self.assertEqual(
                    catcher.exception.args[0], "odoo.exceptions.AccessError"
                )
                with self.assertRaises(JsonRpcException) as catcher:
                    self._call(model, "write", [[record.id], WRITES[model]])
                self.assertEqual(
                    catcher.exception.args[0], "odoo.exceptions.AccessError"
                )
                with self.assertRaises(JsonRpcException) as catcher:
                    self._call(model, "unlink", [[record.id]])
                self.assertEqual(
                    catcher.exception.args[0], "odoo.exceptions.AccessError"
                )
                self.assertTrue(record.exists())
                self.assertNotEqual(record.display_name, "x")

    def _assert_refused(self, model, method, args):
        with self.assertRaises(JsonRpcException) as catcher:
            self._call(model, method, args)
        self.assertEqual(catcher.exception.args[0], "odoo.exceptions.AccessError")

    def test_survey_officer_of_b_gets_no_answer_of_a(self):
        """X-1, M-7, issue #14: a training user of cooperative B (a survey officer, as
        Odoo's
        survey rules see it) finds none of cooperative A's survey answers over JSON-RPC
        and
        cannot read, write or delete them by id; nothing changes."""
        answer = self.records_a["survey.user_input"]
        self.assertEqual(answer.coop_company_id, self.coop_a)
        self.authenticate("rpc_trainer_b", "rpc_trainer_b")
        model = "survey.user_input"
        self.assertEqual(self._call(model, "search", [[("id", "=", answer.id)]]), [])
        self._assert_refused(model, "read", [[answer.id], ["partner_id", "nickname"]])
        self._assert_refused(model, "write", [[answer.id], WRITES[model]])
        self._assert_refused(model, "unlink", [[answer.id]])
        self.assertTrue(answer.exists())
        self.assertFalse(answer.nickname)
        lines = self._call(
            "survey.user_input.line", "search", [[("user_input_id", "=", answer.id)]]
        )
        self.assertEqual(lines, [])

    def test_manager_of_b_cannot_edit_identity_of_a(self):
        """X-1, issue #14: a manager of cooperative B cannot rename cooperative A or
        change
        its address or registration number over JSON-RPC, neither through its partner
        (which Odoo shows to every company) nor through the company; nothing changes."""
        self.coop_a.partner_id.write(
            {"city": "Essaouira", "coop_registration_number": "RC-1"}
        )
        partner_id = self.coop_a.partner_id.id
        self.authenticate("rpc_manager_b", "rpc_manager_b")
        for vals in ({"name": "x"}, {"city": "x"}, {"coop_registration_number": "x"}):
            with self.subTest(vals=vals):
                self._assert_refused("res.partner", "write", [[partner_id], vals])
                self._assert_refused("res.company", "write", [[self.coop_a.id], vals])
        self.env.invalidate_all()
        self.assertEqual(self.coop_a.name, "RPC Coop A")
        self.assertEqual(self.coop_a.partner_id.name, "RPC Coop A")
        self.assertEqual(self.coop_a.partner_id.city, "Essaouira")
        self.assertEqual(self.coop_a.coop_registration_number, "RC-1")
