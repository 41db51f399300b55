from odoo import models


class EventMail(models.Model):
    """The scheduled messages of a training go on each member's channel (X-7).

    Odoo's scheduler keeps its lines, dates and bookkeeping (sent per registration,
    counts, batches); only the sending of a training's message changes: instead of one
    mass e-mail to the address of each registration, each registrant gets the message
    on their consented channel (e-mail, SMS, a letter to post) or nothing, and the
    registration says why. Other events keep Odoo's sending."""

    _inherit = "event.mail"

    def _send_mail(self, registrations):
        if not self.event_id.is_training:
            return super()._send_mail(registrations)
        template = self.template_ref
        key = self.env["event.registration"]._coop_training_message_of(template)
        if key:
            registrations._coop_send_training_message(key)
        else:
            # a template an officer chose for this session: by e-mail only
            registrations._coop_send_training_message((template.name, template, None))
