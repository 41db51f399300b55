from datetime import date, datetime

from odoo.tests import new_test_user, tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimDeadline(ClaimsCase):
    def test_deadline_across_weekend_and_holiday(self):
        """C-1: received Friday 9 January 2026: Saturday and Sunday are not worked and
        Wednesday 14 January (Amazigh new year) is a public holiday, so the fifth
        working day is Monday 19 January 2026."""
        claim = self._claim(date_received=datetime(2026, 1, 9, 10, 0))
        self.assertEqual(claim.date_deadline, date(2026, 1, 19))

    def test_deadline_weekend_only(self):
        """C-1: received Thursday 5 February 2026 (no holiday): Friday 6, Monday 9 to
        Thursday 12 are the five working days."""
        claim = self._claim(date_received=datetime(2026, 2, 5, 15, 0))
        self.assertEqual(claim.date_deadline, date(2026, 2, 12))

    def test_deadline_eid_2026(self):
        """C-1: received Wednesday 18 March 2026; Eid al-Fitr (Friday 20 and Saturday
        21 March 2026, moon sighting) is skipped: 19, 23, 24, 25, 26 -> Thursday 26."""
        claim = self._claim(date_received=datetime(2026, 3, 18, 9, 0))
        self.assertEqual(claim.date_deadline, date(2026, 3, 26))

    def test_deadline_follows_company_settings(self):
        """C-1: the delay is the cooperative's setting, in working days."""
        self.coop_a.coop_claim_answer_days = 2
        claim = self._claim(date_received=datetime(2026, 1, 9, 10, 0))
        self.assertEqual(claim.date_deadline, date(2026, 1, 13))

    def test_holidays_shipped(self):
        """C-1: Moroccan public holidays of 2026 and 2027 are global leaves."""
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("name", "=like", "Morocco:%"),
                ("resource_id", "=", False),
            ]
        )
        self.assertEqual(len(leaves), 34)
        self.assertIn(
            datetime(2027, 11, 18, 0, 0),
            leaves.mapped("date_from"),
        )

    def test_overdue_cron_escalates_once(self):
        """C-1: the scheduled action flags overdue claims and adds one activity for the
        responsible and one for their manager, without duplicates when run again."""
        team = self.env["crm.team"].create(
            {
                "name": "Claims desk A",
                "company_id": self.coop_a.id,
                "user_id": self.manager_a.id,
            }
        )
        overdue = self._claim(user_id=self.user_a.id, team_id=team.id)
        on_time = self._claim(user_id=self.user_a.id, date_received=datetime.now())
        self.Claim._cron_flag_overdue()
        self.Claim._cron_flag_overdue()
        self.assertTrue(overdue.is_overdue)
        self.assertFalse(on_time.is_overdue)
        activity_type = self.env.ref("coop_claims.mail_activity_type_claim_overdue")
        activities = overdue.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.user_a | self.manager_a)
        self.assertFalse(on_time.activity_ids)
        # without team leader, the cooperative's escalation manager is warned
        escalation = new_test_user(
            self.env,
            "claims_escalation",
            groups="coop_claims.group_claims_manager",
            company_id=self.coop_a.id,
            company_ids=[(6, 0, self.coop_a.ids)],
        )
        self.coop_a.coop_claim_escalation_user_id = escalation
        lone = self._claim(user_id=self.user_a.id)
        self.Claim._cron_flag_overdue()
        self.assertEqual(lone.activity_ids.user_id, self.user_a | escalation)
        # closing clears the flag and the escalation activities
        overdue.write({"claim_type": "good_faith", "category_id": self.category.id})
        overdue.action_register()
        overdue.action_resolve()
        overdue.write({"closing_condition": "satisfied", "answer": "<p>Done</p>"})
        overdue.action_close()
        self.assertFalse(overdue.is_overdue)
        self.assertFalse(overdue.activity_ids)
        self.assertFalse(overdue.answered_in_time)

    def test_answered_in_time_local_day(self):
        """C-1, C-4: an answer at 00:30 in Casablanca (UTC+1) the day after the deadline
        is late, though it is still the deadline's date in UTC."""
        claim = self._claim(
            date_received=datetime(2026, 2, 5, 15, 0),
            claim_type="good_faith",
            category_id=self.category.id,
        )
        claim.action_register()
        claim.action_resolve()
        claim.write({"closing_condition": "satisfied", "answer": "<p>ok</p>"})
        claim.action_close()
        claim.date_closed = datetime(2026, 2, 12, 22, 30)  # 23:30 local, 12 February
        self.assertTrue(claim.answered_in_time)
        claim.date_closed = datetime(2026, 2, 12, 23, 30)  # 00:30 local, 13 February
        self.assertFalse(claim.answered_in_time)
