from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class CoopTrainingPortal(CustomerPortal):
    """Members see their training registrations and download their certificates
    (T-3)."""

    def _coop_training_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("is_training", "=", True),
            ("partner_id", "child_of", partner.id),
            ("state", "!=", "cancel"),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "training_count" in counters:
            Registration = request.env["event.registration"]
            values["training_count"] = (
                Registration.search_count(self._coop_training_domain())
                if Registration.has_access("read")
                else 0
            )
        return values

    @http.route(["/my/trainings"], type="http", auth="user", website=True)
    def portal_my_trainings(self, **kw):
        registrations = request.env["event.registration"].search(
            self._coop_training_domain(),
            order="event_begin_date desc, id desc",
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "registrations": registrations.sudo(),
                "page_name": "coop_training",
                "default_url": "/my/trainings",
            }
        )
        return request.render("coop_training.portal_my_trainings", values)

    @http.route(
        ["/my/trainings/<int:registration_id>/certificate"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_training_certificate(self, registration_id, download=True, **kw):
        try:
            registration_sudo = self._document_check_access(
                "event.registration", registration_id
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not registration_sudo.training_certificate_available:
            return request.redirect("/my/trainings")
        return self._show_report(
            model=registration_sudo,
            report_type="pdf",
            report_ref="coop_training.action_report_training_certificate",
            download=download not in (False, "0", "false"),
        )
