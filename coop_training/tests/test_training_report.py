from odoo import fields
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTrainingReport(TrainingCase):
    """T-4 (issue #15): the training analysis and the share of members trained are
    queries on the registrations, sessions and memberships (``_table_query`` with
    ``_depends``), no SQL views: what was written in the transaction and not yet
    flushed to the database is in the reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls._training(
            name="Quality day",
            open_to_non_members=True,
            date_begin="2024-05-06 08:00:00",
            date_end="2024-05-06 16:00:00",
        )
        cls.r1, cls.r2, cls.rx = cls._register(
            cls.session, cls.m1 | cls.m2 | cls.outsider
        )

    def _attend(self, *registrations):
        self.env["coop.training.attendance"].with_user(self.user_a).create(
            [
                {
                    "registration_id": registration.id,
                    "day": "2024-05-06",
                    "present": True,
                }
                for registration in registrations
            ]
        )

    def test_unflushed_writes_in_reports(self):
        """T-4 (issue #15): attendance recorded, a registration cancelled, the session's
        topic changed and a membership archived in the same transaction, without a
        flush, show in both reports; views without ``_depends`` read the old rows."""
        self.env.flush_all()
        self._attend(self.r1, self.rx)  # the registrations' hours: a pending compute
        self.r2.write({"state": "cancel"})
        quality = self.env.ref("coop_training.topic_quality")
        self.session.training_topic_id = quality
        self.m5.coop_membership_ids.write({"active": False})
        Report = self.env["coop.training.report"].with_user(self.user_a)
        self.assertEqual(
            Report._read_group(
                [("event_id", "=", self.session.id)],
                ["company_id", "topic_id"],
                [
                    "hours:sum",
                    "days:sum",
                    "participant_count:sum",
                    "registration_count:sum",
                ],
            ),
            [(self.coop_a, quality, 12.0, 2, 2, 2)],
        )
        Share = self.env["coop.training.share.report"].with_user(self.user_a)
        row = Share.search([("company_id", "=", self.coop_a.id), ("year", "=", "2024")])
        self.assertEqual(
            (row.active_member_count, row.trained_member_count, row.trained_share),
            (4, 1, 25.0),
        )

    def test_rows_match_registrations(self):
        """T-4 (issue #15): one row per registration not cancelled, with its session's
        values; a member counts for their cooperative, an outsider for the session's
        owner; the share report has a row per cooperative with active members and per
        year of a session."""
        self._attend(self.r1)
        self.r2.action_cancel()
        rows = self.env["coop.training.report"].search(
            [("event_id", "=", self.session.id)]
        )
        self.assertEqual(rows.registration_id, self.r1 | self.rx)
        for row in rows:
            registration = row.registration_id
            self.assertEqual(row.id, registration.id)
            self.assertEqual(row.event_id, self.session)
            self.assertEqual(row.partner_id, registration.partner_id)
            self.assertEqual(row.owner_company_id, self.coop_a)
            self.assertEqual(row.topic_id, self.topic)
            self.assertEqual(row.program_id, self.program)
            self.assertEqual(row.training_mode, self.session.training_mode)
            self.assertEqual(row.date, fields.Date.to_date("2024-05-06"))
            self.assertEqual(row.hours, registration.training_hours)
            self.assertEqual(row.days, registration.training_days_attended)
            self.assertEqual(row.registration_count, 1)
        member_row = rows.filtered(lambda r: r.registration_id == self.r1)
        self.assertEqual(
            (
                member_row.company_id,
                member_row.is_member,
                member_row.hours,
                member_row.days,
                member_row.participant_count,
            ),
            (self.coop_a, True, 6.0, 1, 1),
        )
        outsider_row = rows.filtered(lambda r: r.registration_id == self.rx)
        self.assertEqual(
            (
                outsider_row.company_id,
                outsider_row.is_member,
                outsider_row.hours,
                outsider_row.participant_count,
            ),
            (self.coop_a, False, 0.0, 0),
        )
        Share = self.env["coop.training.share.report"]
        row = Share.search([("company_id", "=", self.coop_a.id), ("year", "=", "2024")])
        self.assertEqual(row.id, self.coop_a.id * 10000 + 2024)
        self.assertEqual(
            (row.active_member_count, row.trained_member_count, row.trained_share),
            (5, 1, 20.0),
        )
        self.assertLessEqual(
            {"2024", "2025"},
            set(Share.search([("company_id", "=", self.coop_b.id)]).mapped("year")),
        )
