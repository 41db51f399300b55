import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.models import to_company_ids
from odoo.tools import format_date, html2plaintext, is_html_empty
from odoo.tools.misc import unquote


class CalendarEvent(models.Model):
    """Remote appointments with a customer (M-6).

    Creating an appointment with a customer adds the customer to the attendees (the
    confirmation then goes on the customer's channel: Odoo's invitation by e-mail, or an
    SMS; see ``calendar.attendee`` below) and logs a
    video-call interaction with a to-do for the organizer on the meeting's day; after
    the meeting, *Send follow-up* mails the summary to the customer, stores it as the
    interaction's outcome and marks the to-do done.
    """

    _name = "calendar.event"
    _inherit = [
        "coop.message.mixin",
        "calendar.event",
    ]  # the mixin first: it extends mail.thread

    coop_partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        index="btree_not_null",
        help="Customer of the cooperative met in this appointment.",
    )
    coop_company_id = fields.Many2one(
        "res.company",
        "Cooperative",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Cooperative of the appointment with its customer: only its users see it.",
    )
    coop_summary = fields.Html(
        "Follow-up summary",
        help="Summary of the meeting, mailed to the customer.",
    )
    coop_followup_date = fields.Datetime("Follow-up sent on", readonly=True, copy=False)
    coop_interaction_ids = fields.One2many(
        "coop.interaction",
        "calendar_event_id",
        string="Interactions",
    )

    @api.model
    def _check_company_domain(self, companies):
        """Odoo's company consistency (``check_company``) of the records that point at
        an appointment (an interaction's appointment), on its cooperative (X-1)."""
        if not companies:
            return [("coop_company_id", "=", False)]
        if isinstance(companies, unquote):
            return [("coop_company_id", "in", unquote(f"{companies} + [False]"))]
        return [("coop_company_id", "in", to_company_ids(companies) + [False])]

    def _coop_appointment_company(self, partner):
        """The cooperative an appointment with ``partner`` is made in: the customer's
        own cooperative when the user works in it now, else the current one (a customer
        shared at union level)."""
        owner = partner.sudo().company_id
        if owner and (self.env.su or owner in self.env.companies):
            return owner
        return self.env.company

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            partner_id = vals.get("coop_partner_id")
            if partner_id:
                partner = self.env["res.partner"].browse(partner_id)
                company = self.env["res.company"].browse(
                    vals.get("coop_company_id")
                ) or self._coop_appointment_company(partner)
                # the one check of a customer's cooperative, before anything reads them
                partner._coop_check_customer_for(company, _("appointment"))
                vals["coop_company_id"] = company.id
                commands = vals.get("partner_ids")
                if commands is None:  # keep the default attendees (the organizer)
                    commands = [
                        fields.Command.link(p.id) for p in self._default_partners()
                    ]
                vals["partner_ids"] = list(commands) + [fields.Command.link(partner_id)]
        events = super().create(vals_list)
        with_customer = events.filtered("coop_partner_id")
        if with_customer:
            interactions = self.env["coop.interaction"].create(
                [
                    {
                        "partner_id": event.coop_partner_id.id,
                        "company_id": event.coop_company_id.id,
                        "date": event.start,
                        "channel": "video" if event.videocall_location else "visit",
                        "direction": "out",
                        "subject": event.name,
                        "calendar_event_id": event.id,
                        "user_id": event.user_id.id,
                    }
                    for event in with_customer
                ]
            )
            # the follow-up summary is due the day of the meeting, to its organizer
            for interaction in interactions:
                event = interaction.calendar_event_id
                interaction.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=fields.Date.to_date(event.start_date or event.start),
                    summary=_(
                        "Send the follow-up summary of %(event)s", event=event.name
                    ),
                    user_id=(event.user_id or self.env.user).id,
                )
        return events

    def write(self, vals):
        if (
            "coop_company_id" in vals
            and not self.env.su
            and any(
                event.coop_company_id.id != (vals["coop_company_id"] or False)
                for event in self
            )
        ):
            raise UserError(
                _("The cooperative of an appointment is that of its customer.")
            )
        if vals.get("coop_partner_id"):
            partner = self.env["res.partner"].browse(vals["coop_partner_id"])
            for event in self:
                company = event.coop_company_id or self._coop_appointment_company(
                    partner
                )
                partner._coop_check_customer_for(company, _("appointment"))
            unset = self.filtered(lambda event: not event.coop_company_id)
            if unset:
                super(CalendarEvent, unset).write(
                    {"coop_company_id": self._coop_appointment_company(partner).id}
                )
        return super().write(vals)

    def action_coop_send_followup(self):
        """Mail the follow-up summary to the customer and keep it as the outcome."""
        template = self.env.ref("coop_crm_base.mail_template_coop_appointment_followup")
        for event in self:
            if not event.coop_partner_id:
                raise UserError(
                    _(
                        "%(event)s has no customer to send a follow-up to.",
                        event=event.name,
                    )
                )
            if is_html_empty(event.coop_summary):
                raise UserError(
                    _(
                        "Write the summary of %(event)s before sending it.",
                        event=event.name,
                    )
                )
        for event in self:
            # X-7 (issue #18): on the customer's channel, e-mail or SMS
            event._coop_send_to_person(
                event.coop_partner_id,
                _("Appointment summary"),
                mail_template=template,
                sms_template="coop_crm_base.sms_template_coop_appointment_followup",
                channels=("email", "sms"),
            )
            outcome = html2plaintext(event.coop_summary)
            interactions = event.coop_interaction_ids.filtered(
                lambda i, event=event: i.partner_id == event.coop_partner_id
            )
            if interactions:
                interactions.write({"outcome": outcome})
                interactions.activity_feedback(
                    ["mail.mail_activity_data_todo"], feedback=_("Follow-up sent.")
                )
            else:
                self.env["coop.interaction"].create(
                    {
                        "partner_id": event.coop_partner_id.id,
                        "company_id": event.coop_company_id.id,
                        "date": event.start,
                        "channel": "video",
                        "direction": "out",
                        "subject": event.name,
                        "outcome": outcome,
                        "calendar_event_id": event.id,
                    }
                )
        self.write({"coop_followup_date": fields.Datetime.now()})
        return True

    # ------------------------------------------------------------------
    def _coop_message_company(self):
        self.ensure_one()
        return self.coop_company_id or self.env.company

    def _coop_summary_sms(self):
        """The summary as plain text short enough for an SMS of a few parts."""
        self.ensure_one()
        text = " ".join(html2plaintext(self.coop_summary or "").split())
        return text if len(text) <= 240 else text[:239] + "…"

    def _coop_appointment_sms_when(self):
        """When and where, for an SMS: the date and time in the customer's language and
        time zone, then the place or the video link (X-7)."""
        self.ensure_one()
        partner = self.coop_partner_id
        lang = partner.lang or self.env.lang
        if self.allday:
            when = format_date(self.env, self.start_date, lang_code=lang)
        else:
            tz_name = partner.tz or self.user_id.tz or self.env.user.tz or "UTC"
            try:
                zone = pytz.timezone(tz_name)
            except pytz.UnknownTimeZoneError:
                zone = pytz.utc
            local = pytz.utc.localize(self.start).astimezone(zone)
            day = format_date(self.env, local.date(), lang_code=lang)
            when = f"{day} {local:%H:%M}"
        place = self._coop_appointment_sms_place()
        return f"{when}, {place}" if place else when

    def _coop_appointment_sms_place(self):
        """The video link (shortened when it is a page of this database), else the
        place, short."""
        self.ensure_one()
        link = (self.videocall_location or "").strip()
        if link:
            base_url = self.get_base_url()
            if link.startswith(base_url + "/"):
                link = self.env["coop.short.link"]._coop_shorten(
                    self, url=link[len(base_url) :]
                )
            return link
        place = " ".join((self.location or "").split())
        return place if len(place) <= 60 else place[:59] + "…"


class CalendarAttendee(models.Model):
    """The customer of an appointment hears of it on their channel (M-6, X-7).

    Odoo's calendar mails its invitation, and its notice when the appointment is moved,
    to every attendee. For the attendee who is the appointment's customer, the suite's
    channel choice decides: Odoo's own mail (its template, its calendar file) when the
    channel is e-mail, an SMS when it is SMS, nothing (and the appointment says why)
    otherwise. Odoo's other mails to the customer (the e-mail reminder of an alarm)
    have no SMS form: e-mail when the customer consented to it, else nothing. Other
    attendees, and events without a customer, keep Odoo's mails."""

    _inherit = "calendar.attendee"

    def _coop_is_customer(self):
        self.ensure_one()
        customer = self.event_id.coop_partner_id
        return bool(customer) and self.partner_id == customer

    def _send_mail_to_attendees(self, mail_template, force_send=False):
        customers = self.filtered(lambda attendee: attendee._coop_is_customer())
        result = super(CalendarAttendee, self - customers)._send_mail_to_attendees(
            mail_template, force_send=force_send
        )
        if (
            customers
            and mail_template
            and not self.env.context.get("no_mail_to_attendees")
            and not self.env["ir.config_parameter"]
            .sudo()
            .get_param("calendar.block_mail")
        ):
            customers._coop_send_to_customer(mail_template, force_send)
        return result

    def _coop_calendar_message(self, mail_template):
        """What Odoo's ``mail_template`` tells the customer, and its SMS."""
        invitation = self.env.ref(
            "calendar.calendar_template_meeting_invitation", raise_if_not_found=False
        )
        changedate = self.env.ref(
            "calendar.calendar_template_meeting_changedate", raise_if_not_found=False
        )
        reminder = self.env.ref(
            "calendar.calendar_template_meeting_reminder", raise_if_not_found=False
        )
        if mail_template == invitation:
            return (
                _("Appointment confirmation"),
                "coop_crm_base.sms_template_coop_appointment_confirmation",
            )
        if mail_template == changedate:
            return (
                _("Appointment moved"),
                "coop_crm_base.sms_template_coop_appointment_moved",
            )
        if mail_template == reminder:
            return _("Appointment reminder"), None
        return mail_template.name, None

    def _coop_odoo_mail_to_attendees(self, mail_template, force_send):
        """Odoo's own mail to these attendees: its method itself, not this class's
        override (no context flag a client could send to skip the channel choice)."""
        return super()._send_mail_to_attendees(mail_template, force_send=force_send)

    def _coop_send_to_customer(self, mail_template, force_send):
        subject, sms_template = self._coop_calendar_message(mail_template)
        Message = self.env["mail.message"].sudo()
        for attendee in self:
            event = attendee.event_id
            if event._skip_send_mail_status_update() or not (
                attendee._should_notify_attendee()
            ):
                continue

            def send_invitation(record, partner, attendee=attendee):
                # Odoo's own mail to this attendee alone; it returns no message
                last = Message.search([], order="id desc", limit=1).id
                attendee._coop_odoo_mail_to_attendees(mail_template, force_send)
                return Message.search(
                    [
                        ("id", ">", last),
                        ("model", "=", record._name),
                        ("res_id", "=", record.id),
                        ("partner_ids", "in", partner.ids),
                    ],
                    order="id desc",
                    limit=1,
                )

            # a mail of Odoo's without SMS form (a reminder) goes by e-mail or not at
            # all: the channel choice among the channels the message has
            event._coop_send_to_person(
                attendee.partner_id,
                subject,
                sms_template=sms_template,
                channels=("email", "sms") if sms_template else ("email",),
                email_sender=send_invitation,
            )
