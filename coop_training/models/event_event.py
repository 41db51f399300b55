from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class EventEvent(models.Model):
    """A training session of cooperative members is an event flagged as training (T-1).

    Odoo's event gives dates, capacity (``seats_limited``/``seats_max``),
    the address, registrations and their mail schedule; this adds the topic,
    the trainers, the mode (on site or remote with a video link), the
    cooperatives concerned, the funding programme, attendance (T-2) and the
    evaluation survey (T-3).
    """

    _inherit = "event.event"

    is_training = fields.Boolean(
        string="Training session",
        index=True,
        tracking=True,
        help="A training session for the members of the cooperatives concerned.",
    )
    training_topic_id = fields.Many2one(
        "coop.training.topic",
        string="Topic",
        tracking=True,
        index=True,
    )
    trainer_ids = fields.Many2many(
        "res.partner",
        "coop_training_event_trainer_rel",
        "event_id",
        "partner_id",
        string="Trainers",
    )
    training_mode = fields.Selection(
        [("on_site", "On site"), ("remote", "Remote")],
        string="Mode",
        default="on_site",
        tracking=True,
        help="On site at the address of the session, or remote through the video link "
        "sent to registrants in their registration mail.",
    )
    video_link = fields.Char(
        string="Video link",
        tracking=True,
        help="Link of the video conference, sent to the registrants of a remote "
        "session.",
    )
    coop_company_ids = fields.Many2many(
        "res.company",
        "coop_training_event_company_rel",
        "event_id",
        "company_id",
        string="Cooperatives concerned",
        default=lambda self: self.env.company,
        help="The cooperatives whose members the session is for: the owner (Company) "
        "or its branches.",
    )
    training_program_id = fields.Many2one(
        "coop.training.program",
        string="Funding programme",
        tracking=True,
        index=True,
        check_company=True,
    )
    open_to_non_members = fields.Boolean(
        string="Open to non-members",
        tracking=True,
        help="Accept registrations of people who are not active members of one of the "
        "cooperatives concerned.",
    )
    training_hours_per_day = fields.Float(
        string="Hours per day",
        default=6.0,
        help=(
            "Hours of training of a full day of the session, proposed on attendance "
            "lines."
        ),
    )
    # issue #14: records of the training models, for the training staff only (an event
    # manager outside the training groups opens and edits events without them)
    training_attendance_ids = fields.One2many(
        "coop.training.attendance",
        "event_id",
        string="Attendance",
        groups="coop_training.group_training_user",
    )
    training_need_ids = fields.One2many(
        "coop.training.need",
        "event_id",
        string="Needs",
        groups="coop_training.group_training_user",
    )
    training_hours_total = fields.Float(
        string="Hours attended",
        compute="_compute_training_figures",
        help="Sum of the hours attended by the registrants.",
    )
    training_attendee_count = fields.Integer(
        string="Participants",
        compute="_compute_training_figures",
        help="Registrants with at least one day of presence.",
    )
    evaluation_survey_id = fields.Many2one(
        "survey.survey",
        string="Evaluation survey",
        default=lambda self: self.env.ref(
            "coop_training.survey_training_evaluation", raise_if_not_found=False
        ),
        help="Survey sent to the attendees once the session is over.",
    )
    evaluation_sent_date = fields.Datetime(
        string="Evaluation sent on", readonly=True, copy=False
    )

    # ------------------------------------------------------------------ computes
    def _compute_training_figures(self):
        groups = self.env["event.registration"]._read_group(
            [
                ("event_id", "in", self.ids),
                ("state", "!=", "cancel"),
                ("training_hours", ">", 0),
            ],
            ["event_id"],
            ["training_hours:sum", "__count"],
        )
        figures = {event.id: (hours, count) for event, hours, count in groups}
        for event in self:
            event.training_hours_total, event.training_attendee_count = figures.get(
                event.id, (0.0, 0)
            )

    # ------------------------------------------------------------------ constraints
    @api.constrains("is_training", "company_id", "coop_company_ids")
    def _check_training_companies(self):
        for event in self.filtered("is_training"):
            if not event.company_id:
                raise ValidationError(
                    _(
                        "%(event)s: a training session belongs to a cooperative or a "
                        "union (set its Company).",
                        event=event.display_name,
                    )
                )
            owner_path = event.company_id.sudo().parent_path or ""
            strangers = event.coop_company_ids.sudo().filtered(
                lambda c, prefix=owner_path: not (c.parent_path or "").startswith(
                    prefix
                )
            )
            if strangers:
                raise ValidationError(
                    _(
                        "%(event)s: the cooperatives concerned must be %(owner)s or "
                        "its branches, not %(others)s.",
                        event=event.display_name,
                        owner=event.company_id.name,
                        others=", ".join(strangers.mapped("name")),
                    )
                )

    @api.constrains("is_training", "training_mode", "video_link")
    def _check_training_mode(self):
        for event in self.filtered("is_training"):
            if event.training_mode == "remote" and not (event.video_link or "").strip():
                raise ValidationError(
                    _(
                        "%(event)s: a remote session needs its video link.",
                        event=event.display_name,
                    )
                )

    @api.constrains("company_id", "training_program_id")
    def _check_training_program_company(self):
        """X-1: a session never uses a funding programme private to another cooperative
        (event.event does not check its companies by itself)."""
        self._check_company(["training_program_id"])

    @api.constrains("training_hours_per_day")
    def _check_training_hours_per_day(self):
        for event in self:
            if not 0 <= event.training_hours_per_day <= 24:
                raise ValidationError(
                    _(
                        "%(event)s: the hours per day must be between 0 and 24.",
                        event=event.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a training is organised by its cooperative (or union), not the current
            # company
            if (
                vals.get("is_training")
                and vals.get("company_id")
                and "organizer_id" not in vals
            ):
                vals["organizer_id"] = (
                    self.env["res.company"]
                    .browse(vals["company_id"])
                    .sudo()
                    .partner_id.id
                )
        events = super().create(vals_list)
        if any("trainer_ids" in vals for vals in vals_list):
            events._coop_check_trainers()
        events.filtered("is_training")._set_training_registration_template()
        return events

    def write(self, vals):
        res = super().write(vals)
        if "trainer_ids" in vals:
            self._coop_check_trainers()
        if vals.get("is_training") or "event_type_id" in vals:
            self.filtered("is_training")._set_training_registration_template()
        return res

    def _coop_check_trainers(self):
        """X-1, issue #14: the trainers are people the user may read (their names are
        printed on the certificates and mails, rendered as superuser)."""
        if self.env.su:
            return
        for trainer in self.sudo().trainer_ids.with_env(self.env):
            if not trainer.has_access("read"):
                raise AccessError(
                    _(
                        "You cannot name this trainer: it is not one of the "
                        "contacts of your cooperative."
                    )
                )

    def _set_training_registration_template(self):
        """Registrants of a training get the training's registration message (mode,
        video link) and reminders, on their channel (X-7), instead of Odoo's generic
        mails."""
        swaps = [
            (
                "event.event_subscription",
                "coop_training.mail_template_training_registration",
            ),
            ("event.event_reminder", "coop_training.mail_template_training_reminder"),
        ]
        for standard_xmlid, training_xmlid in swaps:
            standard = self.env.ref(standard_xmlid, raise_if_not_found=False)
            training = self.env.ref(training_xmlid, raise_if_not_found=False)
            if not standard or not training:
                continue
            schedulers = self.sudo().event_mail_ids.filtered(
                lambda m, standard=standard: m.template_ref == standard
                and not m.mail_done
            )
            schedulers.write({"template_ref": "mail.template,%d" % training.id})

    # ------------------------------------------------------------------ session days
    def _get_training_days(self):
        """The calendar days of the session, in the session's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.date_tz or "UTC")
        first = pytz.utc.localize(self.date_begin).astimezone(tz).date()
        last = pytz.utc.localize(self.date_end).astimezone(tz).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def action_prepare_attendance(self):
        """Create the missing attendance lines: one per registrant and session day
        (T-2)."""
        Attendance = self.env["coop.training.attendance"]
        existing = {
            (reg.id, day)
            for reg, day in Attendance._read_group(
                [("event_id", "in", self.ids)], ["registration_id", "day:day"]
            )
        }
        vals_list = []
        for event in self:
            registrations = event.registration_ids.filtered(
                lambda r: r.state in ("open", "done")
            )
            for day in event._get_training_days():
                vals_list += [
                    {"registration_id": reg.id, "day": day, "present": False}
                    for reg in registrations
                    if (reg.id, day) not in existing
                ]
        Attendance.create(vals_list)
        return self.action_open_attendance()

    def action_open_attendance(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_training.action_coop_training_attendance"
        )
        action["domain"] = [("event_id", "in", self.ids)]
        action["context"] = {
            "default_event_id": self[:1].id,
            "search_default_group_day": 1,
        }
        return action

    # ---------------------------------------------------------- evaluation (T-3)
    def action_send_evaluation(self):
        """Send the evaluation survey to the attendees who did not get it yet."""
        not_over = self.filtered(lambda e: e.date_end > fields.Datetime.now())
        if not_over:
            raise UserError(
                _(
                    "The evaluation is sent once the session is over: %(events)s.",
                    events=", ".join(not_over.mapped("display_name")),
                )
            )
        without_survey = self.filtered(lambda e: not e.evaluation_survey_id)
        if without_survey:
            raise UserError(
                _(
                    "Choose the evaluation survey of %(events)s first.",
                    events=", ".join(without_survey.mapped("display_name")),
                )
            )
        sent = self._send_training_evaluation()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Evaluation sent to %(count)s attendee(s).", count=len(sent)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _send_training_evaluation(self):
        """Invite each attendee once; return the registrations invited now."""
        registrations = self.env["event.registration"].search(
            [
                ("event_id", "in", self.ids),
                ("state", "!=", "cancel"),
                ("training_hours", ">", 0),
                ("evaluation_input_id", "=", False),
            ]
        )
        registrations._send_training_evaluation()
        self.sudo().write({"evaluation_sent_date": fields.Datetime.now()})
        return registrations

    @api.model
    def _cron_send_training_evaluation(self, limit=200):
        """Scheduled job: evaluation of the training sessions that are over (T-3).

        Processes attendees by batches; an attendee already invited is never
        invited again.
        """
        domain = [
            ("event_id.is_training", "=", True),
            ("event_id.date_end", "<", fields.Datetime.now()),
            ("event_id.evaluation_survey_id", "!=", False),
            ("state", "!=", "cancel"),
            ("training_hours", ">", 0),
            ("evaluation_input_id", "=", False),
        ]
        Registration = self.env["event.registration"].sudo()
        registrations = Registration.search(domain, limit=limit)
        registrations._send_training_evaluation()
        registrations.event_id.write({"evaluation_sent_date": fields.Datetime.now()})
        remaining = (
            Registration.search_count(domain) if len(registrations) == limit else 0
        )
        self.env["ir.cron"]._notify_progress(
            done=len(registrations), remaining=remaining
        )
        return registrations

    @api.model
    def _cron_send_training_certificates(self, limit=200):
        """Scheduled job: tell the attendees of the sessions that are over that their
        certificate is available, once, on their channel (T-3, X-7)."""
        domain = [
            ("event_id.is_training", "=", True),
            ("event_id.date_end", "<", fields.Datetime.now()),
            ("state", "!=", "cancel"),
            ("training_hours", ">", 0),
            ("training_certificate_sent_date", "=", False),
        ]
        Registration = self.env["event.registration"].sudo()
        registrations = Registration.search(domain, limit=limit)
        registrations._send_training_certificate()
        remaining = (
            Registration.search_count(domain) if len(registrations) == limit else 0
        )
        self.env["ir.cron"]._notify_progress(
            done=len(registrations), remaining=remaining
        )
        return registrations

    # ------------------------------------------------------------------ navigation
    def action_open_register_members(self):
        """Register several members of the session's cooperatives at once (T-2, issue
        #21)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_training.action_coop_training_register_members"
        )
        action["context"] = {
            "default_event_id": self.id,
            "coop_training_from_session": True,
        }
        return action

    def action_open_training_certificates(self):
        self.ensure_one()
        attendees = self.registration_ids.filtered(
            lambda r: r.state != "cancel" and r.training_hours > 0
        )
        if not attendees:
            raise UserError(
                _("Nobody attended %s yet: no certificate to print.", self.display_name)
            )
        return self.env.ref(
            "coop_training.action_report_training_certificate"
        ).report_action(attendees)
