import re
from collections import defaultdict

import pytz

from odoo import Command, _, _lt, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from ..report.training_certificate import hours_precision

# the training's messages to a registrant (X-7, issue #18): (subject, mail template,
# SMS template); each goes on the member's consented channel
TRAINING_MESSAGES = {
    "registration": (
        _lt("Training registration"),
        "coop_training.mail_template_training_registration",
        "coop_training.sms_template_training_registration",
    ),
    "reminder": (
        _lt("Training reminder"),
        "coop_training.mail_template_training_reminder",
        "coop_training.sms_template_training_reminder",
    ),
    "certificate": (
        _lt("Training certificate available"),
        "coop_training.mail_template_training_certificate",
        "coop_training.sms_template_training_certificate",
    ),
    "evaluation": (
        _lt("Training evaluation"),
        "coop_training.mail_template_training_evaluation",
        "coop_training.sms_template_training_evaluation",
    ),
}
# the mail templates a training's scheduled line may name, and the training message
# sent for them: Odoo's generic ones are replaced by the training's own (addressed to
# the member, with the mode and the video link)
TRAINING_SCHEDULED_TEMPLATES = {
    "event.event_subscription": "registration",
    "coop_training.mail_template_training_registration": "registration",
    "event.event_reminder": "reminder",
    "coop_training.mail_template_training_reminder": "reminder",
}


class EventRegistration(models.Model):
    """Registration of a member to a training session (T-2, T-3).

    The registration is linked to the active membership of the registrant in
    one of the cooperatives concerned; without one it is refused unless the
    session is open to non-members. Attended hours come from the attendance
    lines of the session days.
    """

    _name = "event.registration"
    _inherit = [
        "coop.message.mixin",
        "event.registration",
    ]  # the mixin first: it extends mail.thread

    is_training = fields.Boolean(
        related="event_id.is_training",
        store=True,
        index=True,
        string="Training",
    )
    training_topic_id = fields.Many2one(
        related="event_id.training_topic_id",
        store=True,
        string="Topic",
    )
    coop_membership_id = fields.Many2one(
        "coop.membership",
        string="Membership",
        index=True,
        compute="_compute_coop_membership_id",
        store=True,
        readonly=False,
        check_company=True,
        help="Active membership of the registrant in one of the cooperatives "
        "concerned.",
    )
    coop_member_company_id = fields.Many2one(
        related="coop_membership_id.company_id",
        store=True,
        string="Member of",
    )
    training_attendance_ids = fields.One2many(
        "coop.training.attendance",
        "registration_id",
        string="Attendance",
        groups="coop_training.group_training_user",
    )
    training_hours = fields.Float(
        string="Hours attended",
        compute="_compute_training_hours",
        store=True,
        help="Sum of the hours of the days the registrant was present.",
    )
    training_days_attended = fields.Integer(
        string="Days attended",
        compute="_compute_training_hours",
        store=True,
    )
    training_certificate_available = fields.Boolean(
        string="Certificate available",
        compute="_compute_training_certificate_available",
    )
    evaluation_input_id = fields.Many2one(
        "survey.user_input",
        string="Evaluation",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    evaluation_state = fields.Selection(
        related="evaluation_input_id.state",
        string="Evaluation status",
    )
    evaluation_url = fields.Char(compute="_compute_evaluation_url")
    training_certificate_sent_date = fields.Datetime(
        string="Certificate message sent on",
        readonly=True,
        copy=False,
        help="When the registrant was told their certificate is available (or why "
        "they could not be told).",
    )

    # ------------------------------------------------------------------ computes
    def _find_training_memberships(self):
        """{registration id: active membership in one of the session's cooperatives}."""
        trainings = self.filtered(lambda r: r.event_id.is_training and r.partner_id)
        if not trainings:
            return {}
        memberships = (
            self.env["coop.membership"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", trainings.partner_id.ids),
                    ("state", "=", "active"),
                ]
            )
        )
        by_partner = defaultdict(lambda: self.env["coop.membership"].sudo())
        for membership in memberships:
            by_partner[membership.partner_id.id] |= membership
        result = {}
        for registration in trainings:
            event = registration.event_id
            companies = event.coop_company_ids or event.company_id
            result[registration.id] = by_partner[registration.partner_id.id].filtered(
                lambda m, companies=companies: m.company_id in companies
            )[:1]
        return result

    @api.depends(
        "partner_id", "event_id", "event_id.coop_company_ids", "event_id.is_training"
    )
    def _compute_coop_membership_id(self):
        found = self._find_training_memberships()
        for registration in self:
            registration.coop_membership_id = found.get(registration.id, False)

    @api.depends("training_attendance_ids.present", "training_attendance_ids.hours")
    def _compute_training_hours(self):
        stored = self.filtered("id")
        figures = {}
        if stored:
            figures = {
                registration.id: (hours, days)
                for registration, hours, days in self.env[
                    "coop.training.attendance"
                ]._read_group(
                    [("registration_id", "in", stored.ids), ("present", "=", True)],
                    ["registration_id"],
                    ["hours:sum", "__count"],
                )
            }
        for registration in stored:
            registration.training_hours, registration.training_days_attended = (
                figures.get(registration.id, (0.0, 0))
            )
        for registration in self - stored:  # records being edited in a form
            present = registration.training_attendance_ids.filtered("present")
            registration.training_hours = sum(present.mapped("hours"))
            registration.training_days_attended = len(present)

    @api.depends("state", "training_hours")
    def _compute_training_certificate_available(self):
        for registration in self:
            registration.training_certificate_available = (
                registration.is_training
                and registration.state != "cancel"
                and registration.training_hours > 0
            )

    @api.depends("evaluation_input_id")
    def _compute_evaluation_url(self):
        for registration in self:
            user_input = registration.evaluation_input_id.sudo()
            registration.evaluation_url = (
                registration.get_base_url() + user_input.get_start_url()
                if user_input
                else False
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("evaluation_input_id") and not self.env.su:
                raise AccessError(
                    _("The evaluation of a registration is set when it is " "sent.")
                )
            self._coop_check_registration_target(vals)
        return super().create(vals_list)

    def write(self, vals):
        if "evaluation_input_id" in vals and not self.env.su:
            # issue #14: set when the evaluation is sent (as superuser); a client
            # linking another answer would read its state and its link (access token)
            raise AccessError(
                _("The evaluation of a registration is set when it is sent.")
            )
        if {"partner_id", "coop_membership_id", "event_id"} & set(vals):
            for registration in self:
                registration._coop_check_registration_target(vals, registration)
        return super().write(vals)

    @api.model
    def _coop_check_registration_target(self, vals, registration=None):
        """X-1, issue #14: the registrant of a training and their membership belong to
        the
        session's cooperatives, checked before anything is written or looked up as
        superuser (memberships, the error messages of the constraint).

        The partner goes through the suite's one check (a customer the user cannot read
        is refused without being named); the membership must be one the user can read,
        of the registrant, in one of the cooperatives concerned. Odoo's generic company
        check does not fit: a session of a union registers the members of its branches.
        """
        registration = registration or self.browse()
        event = (
            self.env["event.event"].browse(vals["event_id"])
            if vals.get("event_id")
            else registration.event_id
        )
        event_sudo = event.sudo()
        if not event_sudo.is_training:
            return
        partner = (
            self.env["res.partner"].browse(vals["partner_id"])
            if "partner_id" in vals
            else registration.partner_id
        )
        companies = event_sudo.coop_company_ids | event_sudo.company_id
        if partner:
            owner = partner.sudo().company_id
            target = owner if owner in companies else event_sudo.company_id
            partner._coop_check_customer_for(target, _("registration"))
        if vals.get("coop_membership_id"):
            membership = self.env["coop.membership"].browse(vals["coop_membership_id"])
            if not self.env.su and not membership.has_access("read"):
                raise AccessError(
                    _(
                        "You cannot use this membership for a registration: it is not "
                        "one of the memberships of your cooperative."
                    )
                )
            membership = membership.sudo()
            if (
                membership.partner_id != partner
                or membership.company_id not in companies
            ):
                raise UserError(
                    _(
                        "The membership %(membership)s is not a membership of the "
                        "registrant in one of the cooperatives of %(event)s.",
                        membership=membership.display_name,
                        event=event_sudo.display_name,
                    )
                )

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "event_id", "state")
    def _check_training_membership(self):
        """Only active members of the cooperatives concerned, unless the session is
        open."""
        to_check = self.filtered(
            lambda r: r.event_id.is_training
            and not r.event_id.open_to_non_members
            and r.state != "cancel"
        )
        found = to_check._find_training_memberships()
        for registration in to_check:
            event = registration.event_id
            companies = event.coop_company_ids or event.company_id
            if not registration.partner_id:
                raise ValidationError(
                    _(
                        "%(event)s is reserved to the members of %(coops)s: choose the "
                        "member to register.",
                        event=event.display_name,
                        coops=", ".join(companies.sudo().mapped("name")),
                    )
                )
            if not found.get(registration.id):
                raise ValidationError(
                    _(
                        "%(partner)s is not an active member of %(coops)s: "
                        "registration to %(event)s refused. Flag the session as open "
                        "to non-members to accept other people.",
                        partner=registration.partner_id.display_name,
                        coops=", ".join(companies.sudo().mapped("name")),
                        event=event.display_name,
                    )
                )

    # ---------------------------------------------------------- evaluation (T-3)
    def _send_training_evaluation(self):
        """Create each attendee's survey answer and send them its link on their
        channel, once (X-7)."""
        for registration in self.filtered(lambda r: not r.evaluation_input_id):
            survey = registration.event_id.evaluation_survey_id.sudo()
            if not survey:
                continue
            # issue #14: the answer belongs to the cooperative of the session, whose
            # users alone read it (survey.user_input rule on coop_company_id)
            user_input = survey._create_answer(
                partner=registration.partner_id,
                email=registration.email,
                check_attempts=False,
                coop_company_id=registration.event_id.sudo().company_id.id,
            )
            registration.sudo().evaluation_input_id = user_input
            registration._coop_send_training_message("evaluation")

    def _coop_evaluation_short_url(self):
        """The link of the registrant's evaluation as a short link, for SMS (X-7)."""
        self.ensure_one()
        user_input = self.sudo().evaluation_input_id
        return self.env["coop.short.link"]._coop_shorten(
            self.sudo(), url=user_input.get_start_url()
        )

    # --------------------------------------------------------- certificate (T-3)
    def _send_training_certificate(self):
        """Tell each attendee, once, that their certificate is available (X-7)."""
        todo = self.filtered(
            lambda r: r.training_certificate_available
            and not r.training_certificate_sent_date
        )
        todo.sudo().write({"training_certificate_sent_date": fields.Datetime.now()})
        todo._coop_send_training_message("certificate")
        return todo

    def _get_report_base_filename(self):
        self.ensure_one()
        return re.sub(
            r"\W+",
            "_",
            _(
                "Certificate %(event)s %(name)s",
                event=self.event_id.name,
                name=self.name or "",
            ),
        )

    # ------------------------------------------------------- messages (X-7, #18)
    @api.model
    def _coop_training_message_of(self, template):
        """The training message of a scheduled line's mail template, or False."""
        for xmlid, message in TRAINING_SCHEDULED_TEMPLATES.items():
            if template == self.env.ref(xmlid, raise_if_not_found=False):
                return message
        return False

    def _coop_send_training_message(self, message):
        """Send a training message (a key of ``TRAINING_MESSAGES``, or a (subject, mail
        template, SMS template) triple) to each registrant on their channel."""
        if isinstance(message, str):
            subject, mail_template, sms_template = TRAINING_MESSAGES[message]
        else:
            subject, mail_template, sms_template = message
        for registration in self.sudo():
            partner = registration.partner_id
            author = registration._coop_message_author()
            if not partner:
                registration.message_post(
                    body=_(
                        "%(subject)s: not sent. The registration names no contact, "
                        "whose consent to messages would be on record.",
                        subject=subject,
                    ),
                    author_id=author.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
                continue
            registration._coop_send_to_person(
                partner,
                str(subject),
                mail_template=mail_template,
                sms_template=sms_template,
                post_kwargs={
                    "author_id": author.id,
                    # the member only, whatever address the registration carries
                    "partner_ids": [Command.set(partner.ids)],
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )

    def _coop_message_author(self):
        """A training's messages come from its organizer (the cooperative), as Odoo's
        scheduled mails of events do."""
        self.ensure_one()
        event = self.event_id.sudo()
        if event.is_training:
            for author in (event.organizer_id, event.company_id.partner_id):
                if author.email:
                    return author
        return super()._coop_message_author()

    def _coop_sms_when(self):
        """The session's start for an SMS: the date in the registrant's language, the
        time in the session's time zone."""
        self.ensure_one()
        event = self.event_id.sudo()
        begin = pytz.utc.localize(event.date_begin).astimezone(
            pytz.timezone(event.date_tz or "UTC")
        )
        day = tools.format_date(
            self.env, begin.date(), lang_code=self.partner_id.lang or self.env.lang
        )
        return f"{day} {begin:%H:%M}"

    def _coop_sms_where(self):
        """The video link of a remote session, else the city of its venue."""
        self.ensure_one()
        event = self.event_id.sudo()
        if event.training_mode == "remote":
            return event.video_link or ""
        return event.address_id.city or ""

    def _coop_sms_hours(self):
        """The hours attended, as the certificate prints them."""
        self.ensure_one()
        hours = self.training_hours
        return tools.formatLang(self.env, hours, digits=hours_precision(hours))

    def action_print_training_certificate(self):
        return self.env.ref(
            "coop_training.action_report_training_certificate"
        ).report_action(self)

    def action_open_training_attendance(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_training.action_coop_training_attendance"
        )
        action["domain"] = [("registration_id", "in", self.ids)]
        action["context"] = {"default_registration_id": self[:1].id}
        return action
