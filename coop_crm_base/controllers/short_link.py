from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class CoopShortLink(http.Controller):
    """``/m/<code>``: the page of the portal an SMS links to (X-7, issue #18)."""

    @http.route("/m/<string:code>", type="http", auth="public", website=False)
    def coop_short_link(self, code, **kw):
        link = (
            request.env["coop.short.link"].sudo().search([("code", "=", code)], limit=1)
        )
        # only the pages of this database: the URL was checked local when stored
        if not link or code != link.code or not link.url.startswith("/"):
            raise NotFound()
        return request.redirect(link.url, local=True)
