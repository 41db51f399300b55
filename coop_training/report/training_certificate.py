import textwrap

from odoo import _, api, fields, models
from odoo.exceptions import UserError


def certificate_lines(text, width):
    """The lines of ``text`` of at most ``width`` characters, cut between words.

    The Arabic certificate is printed by wkhtmltopdf, whose Qt WebKit does not wrap
    lines of Arabic text: a long session title or name would run off the page. The
    template prints each of these lines as its own block instead.
    """
    return textwrap.wrap(
        text or "", width, break_long_words=False, break_on_hyphens=False
    ) or [""]


def hours_precision(hours):
    """Decimals to print hours with: none for whole hours (7, not 7.0), else one or two
    (7.5, 7.25), in the number format of the certificate's language (issue #21)."""
    hours = hours or 0.0
    for decimals in (0, 1):
        if abs(hours * 10**decimals - round(hours * 10**decimals)) < 1e-6:
            return decimals
    return 2


def certificate_place(event):
    """Where the certificate is issued: the city of the session's venue, else the city
    of its cooperative (issue #21)."""
    event = event.sudo()
    return event.address_id.city or event.company_id.city or ""


class ReportTrainingCertificate(models.AbstractModel):
    """Certificate of attendance of a training session, only for attendees (T-3)."""

    _name = "report.coop_training.report_training_certificate"
    _description = "Training certificate"

    @api.model
    def _get_report_values(self, docids, data=None):
        registrations = self.env["event.registration"].browse(docids)
        refused = registrations.filtered(lambda r: not r.training_certificate_available)
        if refused:
            raise UserError(
                _(
                    "No certificate for %(names)s: a certificate is only issued to "
                    "people who attended a training session.",
                    names=", ".join(refused.mapped("display_name")),
                )
            )
        return {
            "doc_ids": registrations.ids,
            "doc_model": "event.registration",
            "docs": registrations,
            "certificate_lines": certificate_lines,
            "hours_precision": hours_precision,
            "certificate_place": certificate_place,
            # the day of issue where the session takes place, not where the server runs
            "issue_date": fields.Date.context_today(
                self.with_context(
                    tz=registrations[:1].event_id.date_tz or self.env.user.tz
                )
            ),
        }
