from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_anonymize_related(self):
        """M-9: erasure also blanks the contact details copied on training registrations.

        Registrations, attendance and hours stay for the training reports.
        """
        registrations = self.env["event.registration"].sudo().search(
            [("partner_id", "in", self.ids)])
        for registration in registrations:
            registration.write({
                "name": self.env._("Anonymised participant %s", registration.id),
                "email": False, "phone": False,
            })
        return super()._coop_anonymize_related()
