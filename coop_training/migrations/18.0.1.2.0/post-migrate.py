"""18.0.1.2.0 (issue #18, X-7): the training's messages go on each member's channel.

- The registration and evaluation mail templates (not updated by the module, noupdate)
  address the member (``partner_to``) instead of the registration's address, unless
  they were changed since.
- The attendees of the sessions already over are not told now, months later, that
  their certificate is available: they are marked as told.
- The training sessions' scheduled reminders not yet sent use the training's reminder.
"""

from odoo import SUPERUSER_ID, api, fields

FIRST_RELEASE_EMAIL_TO = (
    "{{ (object.email and '\"%s\" <%s>' % (object.name, object.email) "
    "or object.partner_id.email_formatted or '') }}"
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in (
        "coop_training.mail_template_training_registration",
        "coop_training.mail_template_training_evaluation",
    ):
        template = env.ref(xmlid, raise_if_not_found=False)
        if template and template.email_to == FIRST_RELEASE_EMAIL_TO:
            template.write(
                {"email_to": False, "partner_to": "{{ object.partner_id.id }}"}
            )
    env["event.registration"].search(
        [
            ("event_id.is_training", "=", True),
            ("event_id.date_end", "<", fields.Datetime.now()),
            ("training_hours", ">", 0),
            ("training_certificate_sent_date", "=", False),
        ]
    ).write({"training_certificate_sent_date": fields.Datetime.now()})
    env["event.event"].search(
        [("is_training", "=", True)]
    )._set_training_registration_template()
