from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.misc import format_date

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimLifecycle(ClaimsCase):
    def test_sequence_per_company(self):
        """SPEC 3: each cooperative numbers its claims with its own sequence."""
        first_a = self._claim()
        second_a = self._claim()
        first_b = self._claim(partner=self.partner_b, company=self.coop_b)
        self.assertEqual(first_a.name, "CLM/2026/00001")
        self.assertEqual(second_a.name, "CLM/2026/00002")
        self.assertEqual(first_b.name, "CLM/2026/00001")

    def test_acknowledgement_sent_at_creation(self):
        """SPEC 3 reception, C-2, C-5: the acknowledgement (reference, thanks, promised
        answer date) goes to the customer at once."""
        claim = self._claim()
        ack = self._messages(claim, "we have received your claim")
        self.assertEqual(len(ack), 1)
        self.assertEqual(
            ack.subject, f"Coop A: we have received your claim {claim.name}"
        )
        self.assertIn(claim.name, ack.body)
        self.assertIn("Thank you", ack.body)
        self.assertIn(format_date(self.env, claim.date_deadline), ack.body)
        self.assertEqual(ack.partner_ids, self.partner_a)
        notif = self.env["mail.notification"].search(
            [
                ("mail_message_id", "=", ack.id),
                ("res_partner_id", "=", self.partner_a.id),
            ]
        )
        self.assertEqual(notif.notification_type, "email")

    def test_full_lifecycle_informs_customer(self):
        """SPEC 3, C-2: each phase change informs the customer; closure asks a
        rating."""
        claim = self._claim()
        claim.write({"claim_type": "good_faith", "category_id": self.category.id})
        claim.action_register()
        self.assertEqual(claim.phase, "registration")
        claim.action_resolve()
        self.assertEqual(claim.phase, "resolution")
        progress = self._messages(claim, "progresses")
        self.assertEqual(len(progress), 2)
        self.assertIn("Resolution", progress[0].body)
        self.assertIn("Registration", progress[1].body)
        claim.write(
            {
                "closing_condition": "satisfied",
                "answer": "<p>We replaced the bottle.</p>",
            }
        )
        claim.action_close()
        self.assertEqual(claim.phase, "closure")
        self.assertTrue(claim.date_closed)
        closing = self._messages(claim, "is closed, how satisfied are you?")
        self.assertEqual(len(closing), 1)
        self.assertIn("We replaced the bottle.", closing.body)
        rating = self.env["rating.rating"].search(
            [
                ("res_model", "=", "coop.claim"),
                ("res_id", "=", claim.id),
            ]
        )
        self.assertEqual(len(rating), 1)
        self.assertIn(f"/rate/{rating.access_token}/5", closing.body)
        survey = self.coop_a.coop_satisfaction_survey_id
        self.assertTrue(survey)
        self.assertEqual(claim.survey_answer_id.survey_id, survey)
        self.assertEqual(claim.survey_answer_id.partner_id, self.partner_a)
        self.assertIn(claim.survey_answer_id.get_start_url(), closing.body)
        self.assertEqual(
            claim.survey_url,
            claim.get_base_url() + claim.survey_answer_id.get_start_url(),
        )
        # the customer clicks "Satisfied" in the closing mail
        claim.rating_apply(5, token=rating.access_token)
        self.assertEqual(claim.rating_last_value, 5.0)
        claim.action_follow_up()
        self.assertEqual(claim.phase, "follow_up")
        claim.root_cause = "Bottles stored in the sun"
        claim.action_exploit()
        self.assertEqual(claim.phase, "exploitation")
        self.assertEqual(len(self._messages(claim, "progresses")), 4)

    def test_refused_transitions(self):
        """SPEC 3: no registration without type and category, no closure without a
        closing condition and an answer; the error names what is missing."""
        claim = self._claim()
        with self.assertRaisesRegex(UserError, "missing: Type, Category"):
            claim.action_register()
        claim.claim_type = "bad_faith"
        with self.assertRaisesRegex(UserError, "missing: Category"):
            claim.action_register()
        self.assertEqual(claim.phase, "reception")
        with self.assertRaisesRegex(UserError, "only possible from the phase"):
            claim.action_close()
        claim.category_id = self.category
        claim.action_register()
        claim.action_resolve()
        with self.assertRaisesRegex(UserError, "missing: Closing condition, Answer"):
            claim.action_close()
        claim.answer = "<p><br></p>"
        claim.closing_condition = "explained"
        with self.assertRaisesRegex(UserError, "missing: Answer"):
            claim.action_close()
        self.assertEqual(claim.phase, "resolution")
        with self.assertRaisesRegex(UserError, "only possible from the phase"):
            claim.action_follow_up()
        with self.assertRaisesRegex(UserError, "only possible from the phase"):
            claim.action_reopen()

    def test_forward_only_and_reopen(self):
        """SPEC 3: phases only move forward, except an explicit reopen."""
        claim = self._claim(claim_type="good_faith", category_id=self.category.id)
        claim.action_register()
        claim.action_resolve()
        with self.assertRaisesRegex(
            UserError, "cannot go from Resolution to Reception"
        ):
            claim.phase = "reception"
        claim.write({"closing_condition": "compensated", "answer": "<p>Refunded.</p>"})
        claim.action_close()
        claim.action_follow_up()
        with self.assertRaisesRegex(UserError, "missing: Root cause"):
            claim.action_exploit()
        claim.action_reopen()
        self.assertEqual(claim.phase, "resolution")
        self.assertFalse(claim.date_closed)
        self.assertFalse(claim.closing_condition)

    def test_reports_render(self):
        """C-5: acknowledgement, progress and closing letters render as PDF reports."""
        claim = self._claim(claim_type="good_faith", category_id=self.category.id)
        claim.action_register()
        claim.action_resolve()
        claim.write(
            {"closing_condition": "satisfied", "answer": "<p>New bottle sent.</p>"}
        )
        claim.action_close()
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(
            "coop_claims.report_claim_acknowledgement", claim.ids
        )[0].decode()
        self.assertIn(claim.name, html)
        self.assertIn("Acknowledgement of your claim", html)
        self.assertIn("01/19/2026", html)
        html = Report._render_qweb_html("coop_claims.report_claim_progress", claim.ids)[
            0
        ]
        self.assertIn("Progress of your claim", html.decode())
        html = Report._render_qweb_html("coop_claims.report_claim_closing", claim.ids)[
            0
        ]
        self.assertIn("New bottle sent.", html.decode())
        report = self.env.ref("coop_claims.action_report_claim_closing")
        self.assertEqual(report.report_type, "qweb-pdf")

    def test_claim_received_by_email(self):
        """SPEC 3 reception: an e-mail to the claims alias creates a claim (channel
        e-mail) whose customer is the sender, and acknowledges it."""
        raw = (
            "From: Salma Idrissi <salma@example.ma>\r\n"
            "To: claims@coop-a.example.ma\r\n"
            "Subject: Broken bottle\r\n"
            "Message-ID: <claim-salma-1@example.ma>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "The bottle of argan oil arrived broken.\r\n"
        )
        claim_id = self.env["mail.thread"].message_process(
            "coop.claim", raw, custom_values={"company_id": self.coop_a.id}
        )
        claim = self.Claim.browse(claim_id)
        self.assertEqual(claim.channel, "email")
        self.assertEqual(claim.subject, "Broken bottle")
        self.assertTrue(claim.name.startswith("CLM/"))
        self.assertEqual(claim.company_id, self.coop_a)
        self.assertEqual(claim.partner_id.email, "salma@example.ma")
        self.assertEqual(claim.partner_id.name, "Salma Idrissi")
        self.assertEqual(claim.partner_id.company_id, self.coop_a)
        self.assertIn("arrived broken", claim.description)
        self.assertEqual(len(self._messages(claim, "we have received your claim")), 1)
