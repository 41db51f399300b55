from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.home import Home


class CoopHome(Home):
    """A union manager sees their union at login (X-9).

    Odoo's web client starts on the user's default company alone unless the ``cids``
    cookie says otherwise; a union manager then saw the union's own records and none of
    its branches until they discovered the company switcher. At login the active
    companies become the user's default company and every branch of it that the user is
    allowed in, as the switcher does when the union is clicked.
    """

    @http.route()
    def web_login(self, redirect=None, **kw):
        response = super().web_login(redirect=redirect, **kw)
        if request.params.get("login_success") and request.session.uid:
            user = request.env["res.users"].sudo().browse(request.session.uid)
            company_ids = user._coop_login_company_ids()
            if company_ids and hasattr(response, "set_cookie"):
                response.set_cookie(
                    "cids",
                    "-".join(map(str, company_ids)),
                    max_age=365 * 24 * 3600,
                    samesite="Lax",
                )
        return response
