"""One channel choice for every message the suite sends to a person (X-7, issue #18).

A message goes on the person's preferred channel when they consented to it, else on the
first consented channel in the order the cooperative sets (e-mail, SMS, post); nothing
is sent when no consented channel can reach them, and the record says why. E-mail goes
through Odoo's mail templates, SMS through Odoo's ``sms`` (its templates, its queue and
whatever gateway is plugged into it), post as a letter to print. Each choice is logged
in ``coop.message.log``: the person's file lists what they were sent and on which
channel, the cooperative lists what could not be sent, and the SMS are counted and
costed per cooperative.
"""

import math
import secrets
import string

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SENDING_CHANNELS = ("email", "sms", "post")
MESSAGE_CHANNELS = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("post", "Post"),
    ("none", "Not sent"),
]
NOT_SENT_REASONS = [
    ("no_consent", "No consent to e-mail, SMS or post on record"),
    ("no_channel_consent", "No consent to this message's channels"),
    ("no_email", "Consent to e-mail, but no valid e-mail address"),
    ("email_blacklisted", "E-mail address on the blacklist"),
    ("no_number", "Consent to SMS, but no valid phone number"),
    ("number_blacklisted", "Phone number on the SMS blacklist (STOP)"),
    ("no_address", "Consent to post, but no postal address"),
    ("no_template", "No message of this kind for the channel"),
]

# GSM 03.38: the characters an SMS carries 7 bits each (160 per single message, 153 per
# part of a long one); any other character turns the SMS into UCS-2 (70, or 67 per part)
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")
SHORT_CODE_ALPHABET = string.ascii_letters + string.digits
SHORT_CODE_LENGTH = 10  # 62**10: about 8e17 codes, not to be found by trying


def coop_sms_parts(body):
    """The number of SMS a gateway splits ``body`` into (GSM 03.38 or UCS-2)."""
    body = body or ""
    if all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in body):
        length = sum(2 if char in GSM7_EXTENDED else 1 for char in body)
        single, part = 160, 153
    else:
        length = len(body.encode("utf-16-le")) // 2
        single, part = 70, 67
    if length <= single:
        return 1
    return math.ceil(length / part)


class CoopShortLink(models.Model):
    """A short, unguessable link to a page of the portal, for SMS (X-7).

    ``/m/<code>`` redirects to the page, its access token included: the code is as
    secret as the token, ten characters of 62 (about 8e17 codes)."""

    _name = "coop.short.link"
    _description = "Short link"
    _rec_name = "code"

    code = fields.Char(required=True, readonly=True, index=True)
    url = fields.Char(required=True, readonly=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A short link's code is unique."),
    ]

    @api.model
    def _coop_shorten(self, record, url=None):
        """The absolute short URL of ``url`` (by default the record's portal page with
        its access token); one code per URL."""
        url = url or record.get_portal_url()
        if not url.startswith("/"):
            raise ValidationError(
                _("Only the pages of this database can be shortened.")
            )
        link = self.sudo().search([("url", "=", url)], limit=1)
        if not link:
            code = "".join(
                secrets.choice(SHORT_CODE_ALPHABET) for _i in range(SHORT_CODE_LENGTH)
            )
            link = self.sudo().create({"code": code, "url": url})
        return f"{record.get_base_url()}/m/{link.code}"


class CoopMessageLog(models.Model):
    """The channel each message to a person went on, or why it was not sent (X-7)."""

    _name = "coop.message.log"
    _description = "Message to a person"
    _order = "id desc"
    _rec_name = "subject"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    create_date = fields.Datetime("Date", readonly=True)
    subject = fields.Char(readonly=True, translate=False)
    res_model = fields.Char("Document model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document ID", model_field="res_model", readonly=True
    )
    record_name = fields.Char("Document", readonly=True)
    channel = fields.Selection(MESSAGE_CHANNELS, required=True, readonly=True)
    reason = fields.Selection(NOT_SENT_REASONS, string="Why not sent", readonly=True)
    message_id = fields.Many2one(
        "mail.message", string="Message", readonly=True, ondelete="set null"
    )
    sms_parts = fields.Integer("SMS parts", readonly=True)
    sms_cost = fields.Monetary("SMS cost", readonly=True)

    @api.model
    def _coop_log_not_sent(self, record, partner, company, subject, reason):
        """Log a message not sent, where the record to send it from was never made
        (a survey answer is created for a person who can be reached only)."""
        return self.sudo().create(
            {
                "company_id": company.id,
                "partner_id": partner.id,
                "subject": subject,
                "res_model": record._name,
                "res_id": record.id,
                "record_name": record.display_name,
                "channel": "none",
                "reason": reason,
            }
        )

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }


class CoopMessageMixin(models.AbstractModel):
    """Send a message of the suite to a person on their channel (X-7).

    To inherit beside ``mail.thread``: ``_coop_send_to_person`` chooses the channel,
    posts the e-mail or the SMS on the record's chatter (or a note saying a letter is
    to be posted, or why nothing was sent) and logs the choice."""

    _name = "coop.message.mixin"
    _inherit = ["mail.thread"]
    _description = "Messages to a person on their channel"
    # the e-mail to the person goes to them alone; True where the document's followers
    # (staff following a customer's case, as on a claim) get a copy
    _coop_message_copy_followers = False

    coop_message_log_ids = fields.One2many(
        "coop.message.log",
        compute="_compute_coop_message_log_ids",
        string="Messages sent",
        groups="coop_crm_base.group_coop_user",
        help="The messages sent to the person about this document, with their channel, "
        "or why they were not sent.",
    )

    def _compute_coop_message_log_ids(self):
        logs = self.env["coop.message.log"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        by_record = logs.grouped("res_id")
        for record in self:
            record.coop_message_log_ids = by_record.get(record.id, logs.browse())

    def _coop_message_company(self):
        self.ensure_one()
        return self.company_id if "company_id" in self._fields else self.env.company

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """A message sent by ``_coop_send_to_person`` notifies its addressees only,
        not the document's followers (a clerk registering thirty members would get
        thirty copies), unless the document keeps its followers informed."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        only = self.env.context.get("coop_message_only_partner_ids")
        if only is not None:
            recipients = [r for r in recipients if r["id"] in only]
        return recipients

    def _coop_message_consented(self, partner):
        """Channels the record itself vouches for, beside the person's consents."""
        return ()

    def _coop_message_author(self):
        """The author of the message: the cooperative when the user is a visitor or a
        portal user (a claim sent from the web form), else the user."""
        self.ensure_one()
        if self.env.user.share:
            return self._coop_message_company().partner_id
        return self.env.user.partner_id

    def _coop_send_to_person(
        self,
        partner,
        subject,
        mail_template=None,
        sms_template=None,
        render_values=None,
        post_kwargs=None,
        channels=SENDING_CHANNELS,
        email_sender=None,
        choice=None,
    ):
        """Send the message to ``partner`` on their channel, for each record; returns
        the ``coop.message.log`` rows.

        ``subject``: what the message is, as the log and the notes show it;
        ``mail_template``/``sms_template``: records or XML ids (a channel without
        template is not used); the mail template addresses the person itself
        (``partner_to``); ``post_kwargs``: extra arguments of the e-mail's
        ``message_post_with_source``; ``email_sender``: instead of a mail template,
        a function of ``(record, partner)`` that sends the e-mail itself and returns
        its ``mail.message`` (Odoo's calendar invitation, with its calendar file);
        ``choice``: the person's channel already chosen by the caller, as
        ``_coop_message_channels`` returns it (``(channel, detail)``), not chosen
        again."""
        if isinstance(mail_template, str):
            mail_template = self.env.ref(mail_template, raise_if_not_found=False)
        if isinstance(sms_template, str):
            sms_template = self.env.ref(sms_template, raise_if_not_found=False)
        Log = self.env["coop.message.log"].sudo()
        logs = Log
        for record in self:
            company = record._coop_message_company()
            channel, detail = (
                choice
                or partner._coop_message_channels(
                    company,
                    consented=record._coop_message_consented(partner),
                    channels=channels,
                )[partner.id]
            )
            if (channel == "email" and not (mail_template or email_sender)) or (
                channel == "sms" and not sms_template
            ):
                channel, detail = "none", "no_template"
            vals = {
                "company_id": company.id,
                "partner_id": partner.id,
                "subject": subject,
                "res_model": record._name,
                "res_id": record.id,
                "record_name": record.display_name,
                "channel": channel,
            }
            author = record._coop_message_author()
            if channel == "email" and email_sender:
                message = email_sender(record, partner)
            elif channel == "email":
                kwargs = dict(post_kwargs or {})
                if self.env.user.share or not (
                    company.email_formatted or self.env.user.email_formatted
                ):
                    # a visitor's claim: the cooperative writes, not "Public user";
                    # a clerk without address (X-9, issue #21): the template's sender
                    # renders empty and Odoo's composer would leave the message without
                    # author; mail.thread (coop_crm_base) gives the fallback sender
                    kwargs.setdefault("author_id", author.id)
                if not record._coop_message_copy_followers:
                    record = record.with_context(
                        coop_message_only_partner_ids=partner.ids
                    )
                message = record.message_post_with_source(
                    mail_template,
                    render_values=render_values,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    **kwargs,
                )
            elif channel == "sms":
                body = sms_template._render_field(
                    "body", record.ids, compute_lang=True
                )[record.id]
                message = record._message_sms(
                    body,
                    partner_ids=partner.ids,
                    sms_pid_to_number={partner.id: detail},
                    author_id=author.id,
                    put_in_queue=True,
                )
                vals["sms_parts"] = coop_sms_parts(body)
                vals["sms_cost"] = vals["sms_parts"] * company.coop_sms_unit_cost
            elif channel == "post":
                message = record.message_post(
                    body=_(
                        "%(subject)s: a letter is to be posted to %(person)s (their "
                        "channel is the post).",
                        subject=subject,
                        person=partner.display_name,
                    ),
                    author_id=author.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            else:
                vals["reason"] = detail
                reason = dict(Log._fields["reason"]._description_selection(self.env))[
                    detail
                ]
                message = record.message_post(
                    body=_(
                        "%(subject)s: not sent to %(person)s. %(reason)s.",
                        subject=subject,
                        person=partner.display_name,
                        reason=reason,
                    ),
                    author_id=author.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            vals["message_id"] = message.id
            logs |= Log.create(vals)
        self.invalidate_recordset(["coop_message_log_ids"])
        if any(log.channel == "sms" for log in logs):
            # queued, not sent in the user's transaction: the gateway's answer (or its
            # silence) never blocks a save; the queue's job runs once this commits
            cron = self.env.ref("sms.ir_cron_sms_scheduler_action", False)
            if cron:
                cron.sudo()._trigger()
        return logs
