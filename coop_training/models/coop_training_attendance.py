from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CoopTrainingAttendance(models.Model):
    """Presence of a registrant on one day of a training session (T-2)."""

    _name = "coop.training.attendance"
    _description = "Training attendance"
    _order = "day desc, event_id, registration_id"
    _rec_name = "registration_id"

    registration_id = fields.Many2one(
        "event.registration",
        string="Registration",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_training', '=', True)]",
    )
    event_id = fields.Many2one(
        related="registration_id.event_id",
        store=True,
        index=True,
        string="Session",
    )
    partner_id = fields.Many2one(
        related="registration_id.partner_id",
        store=True,
        string="Attendee",
    )
    company_id = fields.Many2one(
        related="registration_id.company_id",
        store=True,
        index=True,
        string="Company",
    )
    day = fields.Date(required=True, default=fields.Date.context_today)
    present = fields.Boolean(default=True)
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        readonly=False,
        help="Hours of training attended that day; the session's hours per day by "
        "default, 0 when absent.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "registration_day_uniq",
            "unique(registration_id, day)",
            "A registrant has only one attendance line per session day.",
        ),
    ]

    @api.depends("present", "registration_id")
    def _compute_hours(self):
        for attendance in self:
            if not attendance.present:
                attendance.hours = 0.0
            elif not attendance.hours:
                attendance.hours = (
                    attendance.registration_id.event_id.training_hours_per_day
                )

    @api.constrains("day", "registration_id", "present", "hours")
    def _check_attendance(self):
        for attendance in self:
            event = attendance.event_id
            if attendance.hours < 0 or attendance.hours > 24:
                raise ValidationError(
                    _(
                        "%(attendee)s, %(day)s: the hours must be between 0 and 24.",
                        attendee=attendance.registration_id.display_name,
                        day=attendance.day,
                    )
                )
            if not attendance.present and attendance.hours:
                raise ValidationError(
                    _(
                        "%(attendee)s, %(day)s: an absent attendee has no hours.",
                        attendee=attendance.registration_id.display_name,
                        day=attendance.day,
                    )
                )
            if not event.is_training:
                raise ValidationError(
                    _(
                        "%(event)s is not a training session: no attendance to mark.",
                        event=event.display_name,
                    )
                )
            if attendance.day not in event._get_training_days():
                raise ValidationError(
                    _(
                        "%(day)s is not a day of %(event)s.",
                        day=attendance.day,
                        event=event.display_name,
                    )
                )
            if attendance.present and attendance.registration_id.state == "cancel":
                raise ValidationError(
                    _(
                        "%(attendee)s: the registration is cancelled.",
                        attendee=attendance.registration_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances._mark_registrations_attended()
        return attendances

    def write(self, vals):
        res = super().write(vals)
        if vals.get("present"):
            self._mark_registrations_attended()
        return res

    def _mark_registrations_attended(self):
        """A registrant present at least one day is 'Attended' in Odoo's event."""
        registrations = self.filtered("present").registration_id.filtered(
            lambda r: r.state == "open"
        )
        if registrations:
            registrations.action_set_done()
