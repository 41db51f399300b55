from urllib.parse import urlparse

from odoo import models, tools


class MailThread(models.AbstractModel):
    """No business action fails because its notification cannot be addressed (X-9).

    Odoo refuses to post a message whose author has no e-mail address ("Unable to send
    message, please configure the sender's email address"): on a cooperative whose
    clerks have no address, saving a claim or admitting a member failed. The author
    stays the user; only the sender address falls back, in this order: the cooperative
    of the record (its e-mail, else its catchall), the user's current cooperative, the
    database's default sender (alias domain), and last a no-reply address of the
    database's host. The user is told once where to set their address.
    """

    _inherit = "mail.thread"

    def _message_compute_author(
        self, author_id=None, email_from=None, raise_on_email=True
    ):
        author_id, email_from = super()._message_compute_author(
            author_id, email_from, raise_on_email=False
        )
        if not email_from and raise_on_email:
            email_from = self._coop_fallback_email_from()
            self.env.user._coop_hint_missing_email()
        return author_id, email_from

    def _coop_fallback_email_from(self):
        companies = self.env["res.company"]
        if len(self) == 1 and "company_id" in self._fields:
            companies |= self.sudo().company_id
        companies |= self.env.company
        for company in companies.sudo():
            if company.email_formatted:
                return company.email_formatted
        default_from = self.env["ir.mail_server"].sudo()._get_default_from_address()
        if default_from:
            return tools.formataddr((self.env.company.name, default_from))
        host = urlparse(
            self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        )
        domain = (host.hostname or "localhost").removeprefix("www.")
        if "." not in domain:
            domain += ".invalid"  # RFC 2606: never delivered anywhere by mistake
        return tools.formataddr((self.env.company.name, f"noreply@{domain}"))
