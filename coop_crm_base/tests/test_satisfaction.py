from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .sales_common import CoopSalesCase


@tagged("post_install", "-at_install")
class TestSatisfaction(CoopSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("coop_crm_base.survey_coop_satisfaction")
        cls.q_csat = cls.env.ref("coop_crm_base.survey_coop_satisfaction_csat")
        cls.q_nps = cls.env.ref("coop_crm_base.survey_coop_satisfaction_nps")

    def _answer(self, company, csat, nps, day, state="done", test_entry=False):
        partner = self._customer("Respondent", company)
        return self.env["survey.user_input"].create(
            {
                "survey_id": self.survey.id,
                "partner_id": partner.id,
                "state": state,
                "test_entry": test_entry,
                "end_datetime": datetime.combine(day, datetime.min.time()),
                "user_input_line_ids": [
                    Command.create(
                        {
                            "question_id": self.q_csat.id,
                            "answer_type": "scale",
                            "value_scale": csat,
                        }
                    ),
                    Command.create(
                        {
                            "question_id": self.q_nps.id,
                            "answer_type": "scale",
                            "value_scale": nps,
                        }
                    ),
                ],
            }
        )

    def test_satisfaction_crossed_with_loyalty(self):
        """R-4, issue #17: each customer's last satisfaction answer is stored with the
        customer statistics (satisfied: CSAT 4-5; unhappy: CSAT 1-2); the filters
        "Satisfied but at risk" and "Unhappy but loyal" cross it with the lifecycle
        stage. A later answer replaces an earlier one; an answer after the reference
        day is not read yet."""
        D = date(2026, 6, 30)
        at_risk = self._answer(self.coop_a, 5, 10, date(2026, 6, 1)).partner_id
        loyal = self._answer(self.coop_a, 1, 2, date(2026, 6, 1)).partner_id
        # the loyal customer answered well before: the last answer counts
        earlier = self._answer(self.coop_a, 5, 10, date(2026, 1, 5))
        earlier.partner_id = loyal
        self._orders([(at_risk, self.coop_a, D - timedelta(days=200), 100.0)])
        self._orders(
            [
                (loyal, self.coop_a, D - timedelta(days=d), 100.0)
                for d in (10, 40, 70, 100)
            ]
        )
        later = self._answer(self.coop_a, 1, 0, date(2026, 7, 10))
        later.partner_id = at_risk
        Partner = self.env["res.partner"]
        Partner._coop_recompute_customer_stats(self.coop_a, D)
        self.assertEqual(
            (at_risk.coop_satisfaction, at_risk.coop_lifecycle_stage),
            ("satisfied", "at_risk"),
        )
        self.assertEqual(
            (loyal.coop_satisfaction, loyal.coop_lifecycle_stage), ("unhappy", "loyal")
        )
        action = self.env.ref("coop_crm_base.action_coop_customers")
        search = self.env["res.partner"].get_views(
            [(False, "search")], {"action_id": action.id}
        )["views"]["search"]["arch"]
        self.assertIn("coop_satisfied_at_risk", search)
        self.assertEqual(
            Partner.search(
                [
                    ("company_id", "=", self.coop_a.id),
                    ("coop_satisfaction", "=", "satisfied"),
                    ("coop_lifecycle_stage", "in", ("at_risk", "lost")),
                ]
            ),
            at_risk,
        )
        self.assertEqual(
            Partner.search(
                [
                    ("company_id", "=", self.coop_a.id),
                    ("coop_satisfaction", "=", "unhappy"),
                    ("coop_lifecycle_stage", "=", "loyal"),
                ]
            ),
            loyal,
        )

    def test_csat_nps(self):
        """M-7, M-8: Q2 2026 of coop B: CSAT answers 5, 4, 3, 5, 1 -> 3 / 5 = 60%;
        NPS answers 10, 10, 9, 7, 2 -> (3 promoters - 1 detractor) / 5 = 40.
        Test entries, unfinished answers, other periods and cooperatives do not
        count."""
        day = date(2026, 5, 10)
        for csat, nps in ((5, 10), (4, 10), (3, 9), (5, 7), (1, 2)):
            answer = self._answer(self.coop_b, csat, nps, day)
        self.assertEqual(answer.coop_company_id, self.coop_b)
        self._answer(self.coop_b, 1, 0, day, test_entry=True)
        self._answer(self.coop_b, 1, 0, day, state="in_progress")
        self._answer(self.coop_b, 1, 0, date(2026, 3, 31))
        self._answer(self.coop_a, 1, 0, day)
        figures = self.env["coop.indicator"]._coop_compute_indicators(
            self.coop_b | self.coop_a, "quarter", day
        )
        q2 = figures[self.coop_b.id]
        self.assertEqual(
            (q2["csat_answers"], q2["csat"], q2["nps_answers"], q2["nps"]),
            (5, 60.0, 5, 40.0),
        )
        self.assertEqual(
            (figures[self.coop_a.id]["csat"], figures[self.coop_a.id]["nps"]),
            (0.0, -100.0),
        )
        union = self.env["coop.indicator"]._coop_compute_indicators(
            self.union, "quarter", day
        )
        # consolidated: 6 answers, 3 satisfied (50%); NPS (3 - 2) / 6 = 16.67
        self.assertEqual(
            (union[self.union.id]["csat"], union[self.union.id]["nps"]), (50.0, 16.67)
        )

    def test_kpi_question_must_be_a_scale(self):
        """M-7: a CSAT question is a 1-5 scale, an NPS question a 0-10 scale."""
        with self.assertRaises(ValidationError):
            self.q_csat.scale_max = 10
        with self.assertRaises(ValidationError):
            self.env["survey.question"].create(
                {
                    "survey_id": self.survey.id,
                    "title": "NPS?",
                    "question_type": "text_box",
                    "coop_kpi": "nps",
                }
            )

    def test_survey_on_the_customers_channel(self):
        """M-7, X-7 (issue #18): a customer with SMS consent and no e-mail gets the
        survey by SMS, with a short link to their own answer; one who consented to
        nothing gets no answer made, and the order is listed as not sent; one who
        consented to the post only neither (a survey has no letter), and the reason
        says their consent is not to this message's channels."""
        self.coop_a.write(
            {
                "coop_survey_after_order": True,
                "coop_survey_trigger": "confirmed",
                "coop_survey_delay_days": 0,
            }
        )
        by_sms = self._customer(
            "Sms", self.coop_a, mobile="0662345678", coop_consent_sms=True
        )
        unreachable = self._customer("Silent", self.coop_a, mobile="0662345679")
        by_post = self._customer(
            "Post",
            self.coop_a,
            street="12 rue des Arganiers",
            city="Agadir",
            coop_consent_post=True,
        )
        today = fields.Date.today() - timedelta(days=1)
        sms_order, silent_order, post_order = self._orders(
            [
                (by_sms, self.coop_a, today, 100.0),
                (unreachable, self.coop_a, today, 100.0),
                (by_post, self.coop_a, today, 100.0),
            ]
        )
        self.env["sale.order"]._cron_send_satisfaction_surveys()
        answer = sms_order.coop_survey_input_ids
        self.assertEqual(len(answer), 1)
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", by_sms.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+212662345678")
        self.assertIn("how was your purchase?", sms.body)
        code = sms.body.rsplit("/m/", 1)[1]
        link = self.env["coop.short.link"].sudo().search([("code", "=", code)])
        self.assertEqual(link.url, answer.get_start_url())
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", by_sms.ids)])
        )
        self.assertFalse(silent_order.coop_survey_input_ids)
        self.assertTrue(silent_order.coop_survey_sent)
        log = unreachable.coop_message_log_ids
        self.assertEqual(
            (log.channel, log.reason, log.res_model, log.res_id),
            ("none", "no_consent", "sale.order", silent_order.id),
        )
        self.assertFalse(post_order.coop_survey_input_ids)
        log = by_post.coop_message_log_ids
        self.assertEqual(
            (log.channel, log.reason, log.res_id),
            ("none", "no_channel_consent", post_order.id),
        )

    def test_survey_channel_chosen_once(self):
        """M-7, X-7 (issue #18): the survey job chooses each customer's channel once
        per order (to make the answer or not, then to send it on that channel), with
        the same outcome: one answer sent by e-mail, one by SMS, none made for a
        customer who cannot be reached."""
        self.coop_a.write(
            {
                "coop_survey_after_order": True,
                "coop_survey_trigger": "confirmed",
                "coop_survey_delay_days": 0,
            }
        )
        by_email = self._customer(
            "Mail", self.coop_a, email="mail@example.com", coop_consent_email=True
        )
        by_sms = self._customer(
            "Sms", self.coop_a, mobile="0662345670", coop_consent_sms=True
        )
        silent = self._customer("Silent", self.coop_a, mobile="0662345671")
        day = fields.Date.today() - timedelta(days=1)
        orders = self._orders(
            [
                (by_email, self.coop_a, day, 100.0),
                (by_sms, self.coop_a, day, 100.0),
                (silent, self.coop_a, day, 100.0),
            ]
        )
        Partner = self.registry["res.partner"]
        choose = Partner._coop_message_channels
        chosen = []

        def counted(partners, *args, **kwargs):
            chosen.extend(partners.ids)
            return choose(partners, *args, **kwargs)

        with patch.object(Partner, "_coop_message_channels", counted):
            self.env["sale.order"]._cron_send_satisfaction_surveys()
        self.assertEqual(sorted(chosen), sorted((by_email | by_sms | silent).ids))
        self.assertEqual(
            [len(order.coop_survey_input_ids) for order in orders], [1, 1, 0]
        )
        self.assertEqual(
            [
                (log.partner_id, log.channel)
                for log in (by_email | by_sms | silent).coop_message_log_ids.sorted(
                    "id"
                )
            ],
            [(by_email, "email"), (by_sms, "sms"), (silent, "none")],
        )

    def test_survey_after_order(self):
        """M-7, M-9: the survey goes to consenting customers after the configured delay
        (and delivery when asked), once per order."""
        self.coop_a.write(
            {
                "coop_survey_after_order": True,
                "coop_survey_trigger": "confirmed",
                "coop_survey_delay_days": 2,
            }
        )
        self.assertEqual(self.coop_a.coop_satisfaction_survey_id, self.survey)
        yes = self._customer(
            "Yes", self.coop_a, email="yes@example.com", coop_consent_email=True
        )
        no = self._customer("No", self.coop_a, email="no@example.com")
        today = fields.Date.today()
        old_yes, old_no, recent = self._orders(
            [
                (yes, self.coop_a, today - timedelta(days=3), 100.0),
                (no, self.coop_a, today - timedelta(days=3), 100.0),
                (yes, self.coop_a, today, 100.0),
            ]
        )
        SaleOrder = self.env["sale.order"]
        SaleOrder._cron_send_satisfaction_surveys()
        answer = old_yes.coop_survey_input_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(
            (answer.partner_id, answer.coop_company_id, answer.survey_id),
            (yes, self.coop_a, self.survey),
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", answer.id)]
        )
        self.assertEqual(mail.recipient_ids, yes)
        self.assertEqual(mail.subject, "Coop A: how was your purchase?")
        self.assertIn(answer.access_token, mail.body_html)
        self.assertFalse(old_no.coop_survey_input_ids)
        self.assertTrue(old_no.coop_survey_sent)
        self.assertFalse(recent.coop_survey_sent)
        SaleOrder._cron_send_satisfaction_surveys()
        self.assertEqual(len(old_yes.coop_survey_input_ids), 1)
        # "delivered": an order waits until its goods are delivered
        self.coop_a.coop_survey_trigger = "delivered"
        undelivered = self._orders(
            [(yes, self.coop_a, today - timedelta(days=5), 50.0)]
        )
        SaleOrder._cron_send_satisfaction_surveys()
        self.assertFalse(undelivered.coop_survey_sent)
        undelivered.order_line.qty_delivered = 1.0
        SaleOrder._cron_send_satisfaction_surveys()
        self.assertTrue(undelivered.coop_survey_sent)
        self.assertEqual(len(undelivered.coop_survey_input_ids), 1)
