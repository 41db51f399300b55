from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTraining(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # m1..m4 registered, m5 not; attendance over the two days of the session
        cls.r1, cls.r2, cls.r3, cls.r4 = cls._register(cls.training, cls.members[:4])
        Attendance = cls.env["coop.training.attendance"].with_user(cls.user_a)
        Attendance.create(
            [
                {"registration_id": cls.r1.id, "day": "2025-03-10", "present": True},
                {"registration_id": cls.r1.id, "day": "2025-03-11", "present": True},
                {"registration_id": cls.r2.id, "day": "2025-03-10", "present": True},
                {"registration_id": cls.r2.id, "day": "2025-03-11", "present": False},
                {
                    "registration_id": cls.r3.id,
                    "day": "2025-03-10",
                    "present": True,
                    "hours": 3.5,
                },
                {"registration_id": cls.r3.id, "day": "2025-03-11", "present": True},
                {"registration_id": cls.r4.id, "day": "2025-03-10", "present": False},
                {"registration_id": cls.r4.id, "day": "2025-03-11", "present": False},
            ]
        )

    # ------------------------------------------------------------------ T-1
    def test_training_session_fields(self):
        """T-1: a training is an event with topic, mode, capacity, cooperatives,
        programme."""
        session = self.training
        self.assertTrue(session.is_training)
        self.assertEqual(session.training_topic_id.name, "Accounting")
        self.assertEqual(session.coop_company_ids, self.coop_a)
        self.assertEqual(session.training_program_id, self.program)
        self.assertEqual(
            session.evaluation_survey_id,
            self.env.ref("coop_training.survey_training_evaluation"),
        )
        trainings = (
            self.env["event.event"]
            .with_user(self.user_a)
            .search([("is_training", "=", True), ("company_id", "=", self.coop_a.id)])
        )
        self.assertEqual(trainings, session)
        with self.assertRaisesText(ValidationError, "video link"):
            self._training(
                name="Remote",
                training_mode="remote",
                date_begin="2025-05-01 08:00:00",
                date_end="2025-05-01 12:00:00",
            )
        with self.assertRaisesText(ValidationError, "cooperatives concerned"):
            self._training(
                name="Foreign",
                coop_company_ids=[Command.set(self.coop_b.ids)],
                date_begin="2025-05-01 08:00:00",
                date_end="2025-05-01 12:00:00",
                user=self.env.user,
            )

    def test_capacity(self):
        """T-1: the capacity is the event's seats limit."""
        small = self._training(
            name="Small",
            seats_limited=True,
            seats_max=1,
            date_begin="2025-06-02 08:00:00",
            date_end="2025-06-02 12:00:00",
        )
        self._register(small, self.m1)
        with self.assertRaises(ValidationError):
            self._register(small, self.m2)
        self.assertEqual(small.seats_taken, 1)

    def test_remote_registration_mail_has_video_link(self):
        """T-1: registrants of a remote session get the video link in their mail."""
        link = "https://meet.example.com/coop-a-accounting"
        remote = self._training(
            name="Remote accounting",
            training_mode="remote",
            video_link=link,
            address_id=False,
            date_begin="2030-01-07 08:00:00",
            date_end="2030-01-07 12:00:00",
        )
        registration = self._register(remote, self.m1)
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "event.registration"),
                    ("res_id", "=", registration.id),
                    # the registrant's own mail (followers get theirs apart)
                    ("recipient_ids", "in", self.m1.ids),
                ]
            )
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(link, mails.body_html)
        self.assertIn("Remote accounting", mails.subject)

    # ------------------------------------------------------------------ T-2
    def test_registration_linked_to_membership(self):
        """T-2: a member's registration is linked to the membership."""
        membership = self.m1.coop_membership_ids
        self.assertEqual(self.r1.coop_membership_id, membership)
        self.assertEqual(self.r1.coop_member_company_id, self.coop_a)

    def test_non_member_refused(self):
        """T-2: a non-member (or a member of another cooperative) is refused."""
        Registration = self.env["event.registration"]
        before = Registration.search_count([("event_id", "=", self.training.id)])
        with self.assertRaisesText(ValidationError, "not an active member of Coop A"):
            self._register(self.training, self.outsider)
        # issue #14: a customer of another cooperative is refused first, with a message
        # that names their cooperative and says what to do
        with self.assertRaisesText(UserError, "Member B1 is a customer of Coop B"):
            self._register(self.training, self.member_b, user=self.env.user)
        # a candidate is not yet a member either
        candidate = self.env["res.partner"].create(
            {"name": "Candidate", "company_id": self.coop_a.id}
        )
        self._membership(candidate, self.coop_a)
        with self.assertRaises(ValidationError):
            self._register(self.training, candidate)
        self.assertEqual(
            Registration.search_count([("event_id", "=", self.training.id)]), before
        )

    def test_open_session_accepts_non_member(self):
        """T-2: a session open to non-members accepts them."""
        open_session = self._training(
            name="Open day",
            open_to_non_members=True,
            date_begin="2025-04-01 08:00:00",
            date_end="2025-04-01 12:00:00",
        )
        registration = self._register(open_session, self.outsider)
        self.assertEqual(registration.state, "open")
        self.assertFalse(registration.coop_membership_id)

    def test_attended_hours(self):
        """T-2: hours are computed from the attendance of each session day."""
        self.assertEqual(self.r1.training_hours, 12.0)
        self.assertEqual(self.r1.training_days_attended, 2)
        self.assertEqual(self.r2.training_hours, 6.0)
        self.assertEqual(self.r3.training_hours, 9.5)
        self.assertEqual(self.r3.training_days_attended, 2)
        self.assertEqual(self.r4.training_hours, 0.0)
        self.assertEqual((self.r1 | self.r2 | self.r3).mapped("state"), ["done"] * 3)
        self.assertEqual(self.r4.state, "open")
        self.assertEqual(self.training.training_hours_total, 27.5)
        self.assertEqual(self.training.training_attendee_count, 3)
        # marking an absence takes the hours away
        absent = self.r3.training_attendance_ids.filtered(lambda a: a.hours == 3.5)
        absent.with_user(self.user_a).present = False
        self.assertEqual(absent.hours, 0.0)
        self.assertEqual(self.r3.training_hours, 6.0)

    def test_attendance_bad_input(self):
        """T-2, X-4: attendance outside the session days, or twice a day, is refused."""
        Attendance = self.env["coop.training.attendance"].with_user(self.user_a)
        with self.assertRaisesText(ValidationError, "not a day of"):
            Attendance.create({"registration_id": self.r4.id, "day": "2025-03-12"})
        day_1 = self.r2.training_attendance_ids.filtered("present").with_user(
            self.user_a
        )
        with self.assertRaisesText(ValidationError, "between 0 and 24"):
            day_1.hours = 25
        day_2 = self.r2.training_attendance_ids - day_1
        with self.assertRaisesText(ValidationError, "absent attendee has no hours"):
            day_2.with_user(self.user_a).hours = 2
        self.assertEqual(self.r2.training_hours, 6.0)

    def test_prepare_attendance_sheet(self):
        """T-2: the attendance sheet has one line per registrant and day, created
        once."""
        session = self._training(
            name="Sheet",
            date_begin="2025-09-01 08:00:00",
            date_end="2025-09-03 12:00:00",
        )
        self._register(session, self.members[:2])
        session.with_user(self.user_a).action_prepare_attendance()
        self.assertEqual(len(session.training_attendance_ids), 6)
        self.assertEqual(
            set(session.training_attendance_ids.mapped("present")), {False}
        )
        session.with_user(self.user_a).action_prepare_attendance()
        self.assertEqual(len(session.training_attendance_ids), 6)

    # ------------------------------------------------------------------ T-3
    def test_evaluation_sent_once(self):
        """T-3: the evaluation survey goes to attendees after the session, only once."""
        result = self.training.with_user(self.user_a).action_send_evaluation()
        self.assertEqual(result["tag"], "display_notification")
        attendees = self.r1 | self.r2 | self.r3
        self.assertTrue(all(attendees.mapped("evaluation_input_id")))
        self.assertFalse(self.r4.evaluation_input_id)
        survey = self.env.ref("coop_training.survey_training_evaluation")
        self.assertEqual(attendees.evaluation_input_id.survey_id, survey)
        self.assertEqual(attendees.evaluation_input_id.partner_id, self.members[:3])
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "event.registration"),
                    ("res_id", "in", self.training.registration_ids.ids),
                    ("subject", "like", "How was the training"),
                ]
            )
        )
        self.assertEqual(len(mails), 3)
        self.assertIn(
            self.r1.evaluation_input_id.access_token,
            mails.filtered(lambda m: m.res_id == self.r1.id).body_html,
        )
        # a second sending, by hand or by the scheduled job, invites nobody again
        self.training.with_user(self.user_a).action_send_evaluation()
        self.env["event.event"]._cron_send_training_evaluation()
        self.assertEqual(
            self.env["mail.mail"]
            .sudo()
            .search_count(
                [
                    ("model", "=", "event.registration"),
                    ("res_id", "in", self.training.registration_ids.ids),
                    ("subject", "like", "How was the training"),
                ]
            ),
            3,
        )
        self.assertEqual(
            len(
                self.env["survey.user_input"]
                .sudo()
                .search([("partner_id", "in", self.members.ids)])
            ),
            3,
        )

    def test_evaluation_cron_and_upcoming(self):
        """T-3: the scheduled job evaluates finished sessions; not before the end."""
        upcoming = self._training(
            name="Later",
            date_begin="2030-02-04 08:00:00",
            date_end="2030-02-04 12:00:00",
        )
        self._register(upcoming, self.m5)
        with self.assertRaisesText(UserError, "once the session is over"):
            upcoming.with_user(self.user_a).action_send_evaluation()
        sent = self.env["event.event"]._cron_send_training_evaluation()
        self.assertIn(self.r1, sent)
        self.assertNotIn(self.r4, sent)
        self.assertFalse(upcoming.registration_ids.evaluation_input_id)
        self.assertTrue(self.training.evaluation_sent_date)
        self.assertFalse(
            self.env["event.event"]._cron_send_training_evaluation() & sent
        )

    def test_certificate(self):
        """T-3: a certificate for an attendee, none for a non-attendee."""
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "coop_training.action_report_training_certificate", self.r3.ids
            )[0]
            .decode()
        )
        self.assertIn("Member A3", html)
        self.assertIn("Accounting basics", html)
        self.assertIn("9.5", html)
        self.assertTrue(self.r3.training_certificate_available)
        self.assertFalse(self.r4.training_certificate_available)
        with self.assertRaisesText(UserError, "No certificate for"):
            self.env["ir.actions.report"]._render_qweb_html(
                "coop_training.action_report_training_certificate", self.r4.ids
            )
        action = self.training.with_user(
            self.user_a
        ).action_open_training_certificates()
        self.assertEqual(
            set(action["context"]["active_ids"]), set((self.r1 | self.r2 | self.r3).ids)
        )

    # ------------------------------------------------------------------ T-4
    def test_participation_report(self):
        """T-4: hours and participation per cooperative, member and topic."""
        self.env.flush_all()
        Report = self.env["coop.training.report"].with_user(self.user_a)
        per_company = Report._read_group(
            [("event_id", "=", self.training.id)],
            ["company_id"],
            ["hours:sum", "participant_count:sum", "registration_count:sum"],
        )
        self.assertEqual(per_company, [(self.coop_a, 27.5, 3, 4)])
        per_member = dict(
            (partner, hours)
            for partner, hours in Report._read_group(
                [("event_id", "=", self.training.id)], ["partner_id"], ["hours:sum"]
            )
        )
        self.assertEqual(
            per_member, {self.m1: 12.0, self.m2: 6.0, self.m3: 9.5, self.m4: 0.0}
        )
        per_topic = Report._read_group(
            [("company_id", "=", self.coop_a.id)],
            ["topic_id"],
            ["hours:sum", "participant_count:sum"],
        )
        self.assertEqual(per_topic, [(self.topic, 27.5, 3)])

    def test_share_of_members_trained(self):
        """T-4: share trained = members with attended hours in the year / active
        members."""
        self.env.flush_all()
        Share = self.env["coop.training.share.report"]
        row = Share.search([("company_id", "=", self.coop_a.id), ("year", "=", "2025")])
        self.assertEqual(row.active_member_count, 5)
        self.assertEqual(row.trained_member_count, 3)
        self.assertEqual(row.trained_share, 60.0)
        # a member trained twice in the year counts once; an outsider never
        second = self._training(
            name="Again",
            open_to_non_members=True,
            date_begin="2025-10-06 08:00:00",
            date_end="2025-10-06 12:00:00",
        )
        r1b, r5, rx = self._register(second, self.m1 | self.m5 | self.outsider)
        self.env["coop.training.attendance"].create(
            [
                {
                    "registration_id": r.id,
                    "day": "2025-10-06",
                    "present": True,
                    "hours": 4,
                }
                for r in (r1b, r5, rx)
            ]
        )
        self.env.flush_all()
        # the row read above is in the cache with the same id: read the query again
        Share.invalidate_model()
        row = Share.search([("company_id", "=", self.coop_a.id), ("year", "=", "2025")])
        self.assertEqual(row.trained_member_count, 4)
        self.assertEqual(row.trained_share, 80.0)
        row_b = Share.search(
            [("company_id", "=", self.coop_b.id), ("year", "=", "2025")]
        )
        self.assertEqual(
            (
                row_b.active_member_count,
                row_b.trained_member_count,
                row_b.trained_share,
            ),
            (1, 0, 0.0),
        )
        # coop B's user sees only coop B's figures
        self.assertEqual(
            Share.with_user(self.user_b).search([]).company_id, self.coop_b
        )

    def test_need_to_session(self):
        """T-4: training needs of a cooperative become a session with its members."""
        Need = self.env["coop.training.need"].with_user(self.user_a)
        memberships = (self.m4 | self.m5).coop_membership_ids
        need = Need.create(
            {
                "name": "Bookkeeping",
                "topic_id": self.topic.id,
                "priority": "2",
                "membership_ids": [Command.set(memberships.ids)],
            }
        )
        self.assertEqual(need.company_id, self.coop_a)
        self.assertEqual(need.member_count, 2)
        action = need.action_create_session()
        session = self.env["event.event"].browse(action["res_id"])
        # issue #21: the new session opens in the training form
        self.assertEqual(
            action["views"],
            [
                (
                    self.env.ref(
                        "coop_training.event_event_view_form_training_session"
                    ).id,
                    "form",
                )
            ],
        )
        self.assertTrue(session.is_training)
        self.assertEqual(session.training_topic_id, self.topic)
        self.assertEqual(session.company_id, self.coop_a)
        self.assertEqual(session.registration_ids.partner_id, self.m4 | self.m5)
        self.assertEqual((need.state, need.event_id), ("planned", session))
        with self.assertRaises(UserError):
            need.action_create_session()

    # ------------------------------------------------------------------
    def test_access_other_cooperative(self):
        """X-1: a coop B user cannot read coop A's trainings, registrations,
        attendance."""
        self.env.flush_all()
        with self.assertRaises(AccessError):
            self.training.with_user(self.user_b).read(["name"])
        with self.assertRaises(AccessError):
            self.r1.with_user(self.user_b).read(["training_hours"])
        with self.assertRaises(AccessError):
            self.r1.training_attendance_ids.with_user(self.user_b).read(["hours"])
        need = (
            self.env["coop.training.need"]
            .with_user(self.user_a)
            .create({"name": "Need A", "topic_id": self.topic.id})
        )
        with self.assertRaises(AccessError):
            need.with_user(self.user_b).read(["name"])
        self.assertFalse(
            self.env["coop.training.report"]
            .with_user(self.user_b)
            .search([("company_id", "=", self.coop_a.id)])
        )
        # the union manager sees the branches' figures
        self.env.flush_all()
        union_rows = (
            self.env["coop.training.report"]
            .with_user(self.union_manager)
            .search([("event_id", "=", self.training.id)])
        )
        self.assertEqual(len(union_rows), 4)

    def test_today_helpers(self):
        """T-2: the session days are the calendar days of the session in its time
        zone."""
        self.assertEqual(
            self.training._get_training_days(),
            [fields.Date.to_date("2025-03-10"), fields.Date.to_date("2025-03-11")],
        )

    def test_needs_of_two_cooperatives_make_a_union_session(self):
        """T-4: needs of two branches of a union become one session of the union."""
        Need = self.env["coop.training.need"]
        needs = Need.create(
            [
                {
                    "name": "Need A",
                    "topic_id": self.topic.id,
                    "company_id": self.coop_a.id,
                    "membership_ids": [Command.set(self.m4.coop_membership_ids.ids)],
                },
                {
                    "name": "Need B",
                    "topic_id": self.topic.id,
                    "company_id": self.coop_b.id,
                    "membership_ids": [
                        Command.set(self.member_b.coop_membership_ids.ids)
                    ],
                },
            ]
        )
        action = needs.with_user(self.union_manager).action_create_session()
        session = self.env["event.event"].browse(action["res_id"])
        self.assertEqual(session.company_id, self.union)
        self.assertEqual(session.coop_company_ids, self.coop_a | self.coop_b)
        self.assertEqual(session.registration_ids.partner_id, self.m4 | self.member_b)
        self.assertEqual(
            session.registration_ids.coop_membership_id.company_id,
            self.coop_a | self.coop_b,
        )
        other_topic = Need.create(
            {
                "name": "Need C",
                "company_id": self.coop_a.id,
                "topic_id": self.env.ref("coop_training.topic_quality").id,
            }
        )
        with self.assertRaisesText(UserError, "different topics"):
            (
                other_topic
                | Need.create(
                    {
                        "name": "Need D",
                        "topic_id": self.topic.id,
                        "company_id": self.coop_a.id,
                    }
                )
            ).action_create_session()

    def test_training_views_for_a_coop_user(self):
        """T-1: the training menus, actions and views open for a cooperative's training
        user."""
        action = self.env.ref("coop_training.action_coop_training_session")
        self.assertEqual(action.domain, "[('is_training', '=', True)]")
        Event = self.env["event.event"].with_user(self.user_a)
        views = Event.get_views([(False, "form"), (False, "list")])
        self.assertIn("training_topic_id", views["views"]["form"]["arch"])
        for model in (
            "coop.training.attendance",
            "coop.training.need",
            "coop.training.report",
            "coop.training.share.report",
            "event.registration",
        ):
            self.env[model].with_user(self.user_a).get_views([(False, "list")])
        menus = self.env["ir.ui.menu"].with_user(self.user_a)._visible_menu_ids()
        self.assertIn(self.env.ref("coop_training.menu_training_session").id, menus)
        self.assertNotIn(self.env.ref("coop_training.menu_training_config").id, menus)

    def test_training_form_layout(self):
        """T-1, issue #21: the Training menu's form starts with what a training needs
        (topic, trainers, mode, cooperatives, programme, dates) and has no ticketing nor
        badge settings; from the Events menu they are hidden on trainings only."""
        from lxml import etree

        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.user_a)
            ._for_xml_id("coop_training.action_coop_training_session")
        )
        self.assertEqual(action["views"][0][1], "list")  # opens on the list, as before
        form_id = dict((mode, view) for view, mode in action["views"])["form"]
        self.assertEqual(
            form_id,
            self.env.ref("coop_training.event_event_view_form_training_session").id,
        )
        Event = self.env["event.event"].with_user(self.user_a)
        arch = etree.fromstring(
            Event.get_views([(form_id, "form")])["views"]["form"]["arch"]
        )
        (essentials,) = arch.xpath("//group[@name='coop_training_essentials']")
        self.assertEqual(arch.xpath("//sheet/group")[0], essentials)
        names = essentials.xpath(".//field/@name")
        for name in (
            "training_topic_id",
            "trainer_ids",
            "training_mode",
            "coop_company_ids",
            "training_program_id",
            "date_begin",
        ):
            self.assertIn(name, names)
        self.assertEqual(names[0], "training_topic_id")
        for xpath in (
            "//page[@name='tickets']",
            "//field[@name='badge_format']",
            "//field[@name='badge_image']",
            "//field[@name='is_training']",
        ):
            (node,) = arch.xpath(xpath)
            self.assertIn(node.get("invisible"), ("1", "True"), xpath)
        # the Events menu's form: hidden on trainings, not on other events
        arch = etree.fromstring(
            Event.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for xpath in ("//page[@name='tickets']", "//field[@name='badge_format']"):
            (node,) = arch.xpath(xpath)
            self.assertEqual(node.get("invisible"), "is_training", xpath)
