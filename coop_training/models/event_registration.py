import re
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class EventRegistration(models.Model):
    """Registration of a member to a training session (T-2, T-3).

    The registration is linked to the active membership of the registrant in
    one of the cooperatives concerned; without one it is refused unless the
    session is open to non-members. Attended hours come from the attendance
    lines of the session days.
    """

    _inherit = "event.registration"

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
        """Create each attendee's survey answer and mail them its link, once."""
        template = self.env.ref("coop_training.mail_template_training_evaluation")
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
            template.sudo().send_mail(
                registration.id,
                email_layout_xmlid="mail.mail_notification_light",
            )
            registration.sudo().message_post(
                body=_("Evaluation survey %(survey)s sent.", survey=survey.title),
            )

    # --------------------------------------------------------- certificate (T-3)
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
