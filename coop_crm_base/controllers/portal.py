import json

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class CoopPrivacyPortal(CustomerPortal):
    """A customer with a portal account downloads their own personal data (M-9)."""

    @http.route("/my/coop/personal-data", type="http", auth="user", website=False)
    def coop_personal_data(self, **kwargs):
        # the requesting person only (issue #14): not their commercial company, its
        # other contacts nor its orders. The portal user may not read their sales or
        # chatter: the export is built as superuser, for their own partner only, across
        # the cooperatives, without internal notes nor internal fields
        if not request.env.user.share:
            # staff ask their cooperative's manager (the export of a cooperative's data)
            return request.redirect("/my")
        partner = request.env.user.partner_id
        data = partner.sudo()._coop_personal_data(companies=None, portal=True)
        payload = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        return request.make_response(
            payload.encode(),
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", http.content_disposition("personal_data.json")),
            ],
        )
