from odoo import _, api, models
from odoo.exceptions import UserError


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
                _("No certificate for %(names)s: a certificate is only issued to people who "
                  "attended a training session.",
                  names=", ".join(refused.mapped("display_name")))
            )
        return {
            "doc_ids": registrations.ids,
            "doc_model": "event.registration",
            "docs": registrations,
        }
