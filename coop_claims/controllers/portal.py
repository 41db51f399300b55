import base64
import logging

from werkzeug.utils import secure_filename

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

_logger = logging.getLogger(__name__)

MAX_FILES = 5
DEFAULT_MAX_FILE_MB = 5
MAX_SUBJECT = 200
MAX_DESCRIPTION = 5000
LETTERS = {
    "acknowledgement": "coop_claims.action_report_claim_acknowledgement",
    "progress": "coop_claims.action_report_claim_progress",
    "closing": "coop_claims.action_report_claim_closing",
}


class CoopClaimPortal(CustomerPortal):
    """C-2: customers follow their claims on the portal; a public form creates claims."""

    # ------------------------------------------------------------------ /my/claims
    def _coop_claims_domain(self):
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "claim_count" in counters:
            Claim = request.env["coop.claim"]
            values["claim_count"] = (
                Claim.search_count(self._coop_claims_domain())
                if Claim.has_access("read") else 0
            )
        return values

    @http.route(["/my/claims", "/my/claims/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_claims(self, page=1, **kw):
        Claim = request.env["coop.claim"]
        domain = self._coop_claims_domain()
        total = Claim.search_count(domain)
        pager = portal_pager(url="/my/claims", total=total, page=page,
                             step=self._items_per_page)
        claims = Claim.search(domain, limit=self._items_per_page, offset=pager["offset"])
        request.session["my_claims_history"] = claims.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({
            "claims": claims, "pager": pager, "page_name": "claim",
            "default_url": "/my/claims",
        })
        return request.render("coop_claims.portal_my_claims", values)

    @http.route(["/my/claims/<int:claim_id>"], type="http", auth="public", website=True)
    def portal_claim_page(self, claim_id, access_token=None, report_type=None, letter=None,
                          download=False, **kw):
        try:
            claim_sudo = self._document_check_access("coop.claim", claim_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            # C-5: the customer downloads the letters of their claim
            report_ref = LETTERS.get(letter) or LETTERS["acknowledgement"]
            return self._show_report(model=claim_sudo, report_type=report_type,
                                     report_ref=report_ref, download=download)
        values = self._get_page_view_values(
            claim_sudo, access_token, {"claim": claim_sudo, "page_name": "claim"},
            "my_claims_history", False, **kw,
        )
        return request.render("coop_claims.portal_claim_page", values)

    # ------------------------------------------------------------------ public form
    def _coop_form_companies(self):
        return request.env["res.company"].sudo().search([("child_ids", "=", False)])

    def _coop_max_file_bytes(self):
        param = request.env["ir.config_parameter"].sudo().get_param(
            "coop_claims.max_upload_mb", DEFAULT_MAX_FILE_MB
        )
        try:
            return int(float(param) * 1024 * 1024)
        except ValueError:
            return DEFAULT_MAX_FILE_MB * 1024 * 1024

    def _coop_render_form(self, values=None, errors=None, status=200):
        user = request.env.user
        return request.render("coop_claims.portal_claim_form", {
            "companies": self._coop_form_companies(),
            "values": values or {},
            "errors": errors or {},
            "is_public": user._is_public(),
            "max_files": MAX_FILES,
            "max_mb": self._coop_max_file_bytes() // (1024 * 1024),
            "page_name": "claim_new",
        }, status=status)

    @http.route("/claims/new", type="http", auth="public", methods=["GET"], website=True)
    def portal_claim_form(self, **kw):
        return self._coop_render_form({"company_id": kw.get("company_id", "")})

    def _coop_validate(self, post, files):
        """Return (errors, clean values); nothing is created when errors is not empty."""
        errors = {}
        clean = {}
        is_public = request.env.user._is_public()
        companies = self._coop_form_companies()
        try:
            company = companies.filtered(lambda c: c.id == int(post.get("company_id") or 0))
        except ValueError:
            company = companies.browse()
        if not company:
            errors["company_id"] = _("Choose the cooperative your claim is about.")
        clean["company"] = company
        if is_public:
            name = (post.get("name") or "").strip()
            email = email_normalize(post.get("email") or "")
            if not name or len(name) > 128:
                errors["name"] = _("Give your name (128 characters at most).")
            if not email:
                errors["email"] = _("Give a valid e-mail address.")
            clean.update(name=name, email=email, phone=(post.get("phone") or "").strip()[:32])
        subject = (post.get("subject") or "").strip()
        if not subject or len(subject) > MAX_SUBJECT:
            errors["subject"] = _("Give a subject (%s characters at most).", MAX_SUBJECT)
        description = (post.get("description") or "").strip()
        if not description or len(description) > MAX_DESCRIPTION:
            errors["description"] = _(
                "Describe your claim (%s characters at most).", MAX_DESCRIPTION
            )
        clean.update(subject=subject, description=description)
        files = [f for f in files if f and f.filename]
        max_bytes = self._coop_max_file_bytes()
        if len(files) > MAX_FILES:
            errors["attachments"] = _("Attach %s files at most.", MAX_FILES)
        attachments = []
        for upload in files[:MAX_FILES]:
            content = upload.read(max_bytes + 1)
            if len(content) > max_bytes:
                errors["attachments"] = _(
                    "The file %(name)s is larger than %(size)s MB.",
                    name=upload.filename, size=max_bytes // (1024 * 1024),
                )
                break
            mimetype = guess_mimetype(content)
            if any(kind in mimetype for kind in ("html", "xml", "javascript", "svg")):
                # never keep a type a browser would run
                mimetype = "text/plain"
            attachments.append(
                (secure_filename(upload.filename) or "attachment", content, mimetype)
            )
        clean["attachments"] = attachments
        return errors, clean

    @http.route("/claims/submit", type="http", auth="public", methods=["POST"], website=True)
    def portal_claim_submit(self, **post):
        """Create the claim; CSRF protected (Odoo checks csrf_token on http POST)."""
        files = request.httprequest.files.getlist("attachments")
        errors, clean = self._coop_validate(post, files)
        if errors:
            shown = {k: v for k, v in post.items() if isinstance(v, str)}
            return self._coop_render_form(shown, errors, status=400)
        company = clean["company"]
        user = request.env.user
        Partner = request.env["res.partner"].sudo()
        if user._is_public():
            partner = Partner.search([
                ("email", "=ilike", clean["email"]),
                ("company_id", "in", [company.id, False]),
            ], limit=1)
            if not partner:
                try:
                    with request.env.cr.savepoint():
                        # the customer's e-mails and letters are in the language of
                        # the form they filled in, not the database's default
                        partner = Partner.with_company(company).create({
                            "name": clean["name"], "email": clean["email"],
                            "phone": clean["phone"] or False, "company_id": company.id,
                            **({"lang": request.env.lang} if request.env.lang else {}),
                        })
                except ValidationError as error:
                    shown = {k: v for k, v in post.items() if isinstance(v, str)}
                    return self._coop_render_form(shown, {"phone": str(error)}, status=400)
        else:
            partner = user.partner_id
        claim = request.env["coop.claim"].sudo().with_company(company).create({
            "company_id": company.id,
            "partner_id": partner.id,
            "subject": clean["subject"],
            "description": plaintext2html(clean["description"]),
            "channel": "web",
            "user_id": company.coop_claim_escalation_user_id.id or False,
        })
        if clean["attachments"]:
            request.env["ir.attachment"].sudo().create([{
                "name": name,
                "raw": content,
                "mimetype": mimetype,
                "res_model": "coop.claim",
                "res_id": claim.id,
            } for name, content, mimetype in clean["attachments"]])
        return request.render("coop_claims.portal_claim_thanks", {
            "claim": claim,
            "claim_url": claim.get_portal_url(),
        })
