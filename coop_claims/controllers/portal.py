import logging
from datetime import timedelta

from werkzeug.utils import secure_filename

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

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
# C-5, issue #14: the phases from which each letter exists
LETTER_PHASES = {
    "acknowledgement": (
        "reception",
        "registration",
        "resolution",
        "closure",
        "follow_up",
        "exploitation",
    ),
    "progress": ("registration", "resolution", "closure", "follow_up", "exploitation"),
    "closing": ("closure", "follow_up", "exploitation"),
}
# issue #14: a field people do not see and bots fill in
HONEYPOT = "website_url"
# issue #14: the reCAPTCHA / Turnstile action of the public form, verified by the
# controller and asked for by the form's page (data-captcha-action)
CAPTCHA_ACTION = "coop_claim_submit"


class CoopClaimPortal(CustomerPortal):
    """C-2: customers follow their claims on the portal; a public form creates
    claims."""

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
                if Claim.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/claims", "/my/claims/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_claims(self, page=1, **kw):
        Claim = request.env["coop.claim"]
        domain = self._coop_claims_domain()
        total = Claim.search_count(domain)
        pager = portal_pager(
            url="/my/claims", total=total, page=page, step=self._items_per_page
        )
        claims = Claim.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_claims_history"] = claims.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "claims": claims,
                "pager": pager,
                "page_name": "claim",
                "default_url": "/my/claims",
            }
        )
        return request.render("coop_claims.portal_my_claims", values)

    @http.route(["/my/claims/<int:claim_id>"], type="http", auth="public", website=True)
    def portal_claim_page(
        self,
        claim_id,
        access_token=None,
        report_type=None,
        letter=None,
        download=False,
        **kw,
    ):
        try:
            claim_sudo = self._document_check_access(
                "coop.claim", claim_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            # C-5: the customer downloads the letters of their claim, once their phase
            # is reached (issue #14)
            letter = letter if letter in LETTERS else "acknowledgement"
            if claim_sudo.phase not in LETTER_PHASES[letter]:
                return request.redirect(claim_sudo.get_portal_url())
            report_ref = LETTERS[letter]
            return self._show_report(
                model=claim_sudo,
                report_type=report_type,
                report_ref=report_ref,
                download=download,
            )
        values = self._get_page_view_values(
            claim_sudo,
            access_token,
            {"claim": claim_sudo, "page_name": "claim"},
            "my_claims_history",
            False,
            **kw,
        )
        return request.render("coop_claims.portal_claim_page", values)

    # ------------------------------------------------------------------ public form
    def _coop_form_companies(self):
        """The cooperatives a claim can be about (issue #21): the branches of a union
        and the companies that carry a cooperative's identity (registration number or
        activity sector); never a union itself, Odoo's first company nor another company
        of the database that is no cooperative."""
        return (
            request.env["res.company"]
            .sudo()
            .search(
                [
                    ("child_ids", "=", False),
                    "|",
                    "|",
                    ("parent_id", "!=", False),
                    ("coop_registration_number", "!=", False),
                    ("coop_sector_id", "!=", False),
                ]
            )
        )

    def _coop_page_company(self, companies, company_id=None):
        """The cooperative whose name and logo the public pages show (issue #21): the
        one chosen, else the only one offered, else the union they all belong to; else
        Odoo's current company (none of the suite's)."""
        try:
            chosen = companies.filtered(lambda c: c.id == int(company_id or 0))
        except (TypeError, ValueError):
            chosen = companies.browse()
        if chosen:
            return chosen
        if len(companies) == 1:
            return companies
        roots = {int(c.parent_path.split("/")[0]) for c in companies if c.parent_path}
        if len(roots) == 1:
            return companies.browse(roots.pop())
        return request.env.company.sudo()

    def _coop_max_file_bytes(self):
        param = (
            request.env["ir.config_parameter"]
            .sudo()
            .get_param("coop_claims.max_upload_mb", DEFAULT_MAX_FILE_MB)
        )
        try:
            return int(float(param) * 1024 * 1024)
        except ValueError:
            return DEFAULT_MAX_FILE_MB * 1024 * 1024

    def _coop_render_form(self, values=None, errors=None, status=200):
        user = request.env.user
        companies = self._coop_form_companies()
        page_company = self._coop_page_company(
            companies, (values or {}).get("company_id")
        )
        return request.render(
            "coop_claims.portal_claim_form",
            {
                "companies": companies,
                # the header, footer and title show the cooperative, not Odoo's first
                # company
                "res_company": page_company,
                "coop_company": page_company
                if page_company in companies or page_company.coop_is_union
                else page_company.browse(),
                "values": values or {},
                "errors": errors or {},
                "is_public": user._is_public(),
                "max_files": MAX_FILES,
                "max_mb": self._coop_max_file_bytes() // (1024 * 1024),
                "page_name": "claim_new",
                "captcha_action": CAPTCHA_ACTION,
            },
            status=status,
        )

    @http.route(
        "/claims/new", type="http", auth="public", methods=["GET"], website=True
    )
    def portal_claim_form(self, **kw):
        return self._coop_render_form({"company_id": kw.get("company_id", "")})

    def _coop_validate_contact(self, post, company, errors):
        """The visitor's name, e-mail and phone: an e-mail or a phone at least
        (issue #21: a customer met at a souk may have a phone and no e-mail); errors are
        added to ``errors``."""
        name = (post.get("name") or "").strip()
        raw_email = (post.get("email") or "").strip()
        email = email_normalize(raw_email) if raw_email else False
        if not name or len(name) > 128:
            errors["name"] = _("Give your name (128 characters at most).")
        if raw_email and not email:
            errors["email"] = _("Give a valid e-mail address.")
        phone = (post.get("phone") or "").strip()[:32]
        if phone:
            # checked here, whether the e-mail is known or not (issue #14), and
            # normalised as on the customer form (read in the cooperative's country)
            try:
                phone = (
                    request.env["res.partner"]
                    .sudo()
                    ._coop_normalize_phone(phone, company.country_id, _("Phone"))
                )
            except ValidationError as error:
                errors["phone"] = str(error)
        if not raw_email and not phone:
            errors["contact"] = _(
                "Give your e-mail address or your phone number, so that we can answer "
                "you."
            )
        return {"name": name, "email": email, "phone": phone}

    def _coop_validate(self, post, files):
        """Return (errors, clean values); nothing is created when errors is not
        empty."""
        errors = {}
        clean = {}
        is_public = request.env.user._is_public()
        companies = self._coop_form_companies()
        try:
            company = companies.filtered(
                lambda c: c.id == int(post.get("company_id") or 0)
            )
        except ValueError:
            company = companies.browse()
        if not company:
            errors["company_id"] = _("Choose the cooperative your claim is about.")
        clean["company"] = company
        if is_public:
            clean.update(self._coop_validate_contact(post, company, errors))
        clean["consent"] = bool(post.get("consent"))
        subject = (post.get("subject") or "").strip()
        if not subject or len(subject) > MAX_SUBJECT:
            errors["subject"] = _(
                "Give a subject (%s characters at most).", MAX_SUBJECT
            )
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
            if getattr(upload.stream, "seekable", lambda: False)():
                # a request retried after a concurrency error (e.g. the claim sequence's
                # row lock) reads its files again; Odoo rewinds only the first of a key
                upload.stream.seek(0)
            content = upload.read(max_bytes + 1)
            if len(content) > max_bytes:
                errors["attachments"] = _(
                    "The file %(name)s is larger than %(size)s MB.",
                    name=upload.filename,
                    size=max_bytes // (1024 * 1024),
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

    def _coop_captcha_ok(self):
        """Odoo's reCAPTCHA / Turnstile check when google_recaptcha or
        website_cf_turnstile is installed (they add this method to ir.http); True when
        neither is."""
        IrHttp = request.env["ir.http"]
        if not hasattr(IrHttp, "_verify_request_recaptcha_token"):
            return True
        try:
            return bool(IrHttp._verify_request_recaptcha_token(CAPTCHA_ACTION))
        except (UserError, ValidationError):
            return False

    def _coop_rate_exceeded(self, company, partner=None, email=None, phone=None):
        """Issue #14: at most ``coop_claim_web_rate_limit`` claims an hour from the web
        form for one address: the claims of the last hour whose customer has this
        normalised e-mail or phone (or is this partner), in any cooperative."""
        limit = company.sudo().coop_claim_web_rate_limit
        if limit <= 0:
            return False
        who = []
        if partner:
            who.append([("partner_id", "=", partner.id)])
        if email:
            who.append([("partner_id.email_normalized", "=", email)])
        if phone:
            who.append([("partner_id.phone", "=", phone)])
            who.append([("partner_id.mobile", "=", phone)])
        if not who:
            return False
        since = fields.Datetime.now() - timedelta(hours=1)
        domain = expression.OR(who) + [
            ("channel", "=", "web"),
            ("create_date", ">=", since),
        ]
        count = (
            request.env["coop.claim"]
            .sudo()
            .with_context(active_test=False)
            .search_count(domain, limit=limit)
        )
        return count >= limit

    def _coop_existing_customer(self, company, email, phone=None):
        """The customer of this cooperative (or shared by its union) with exactly this
        normalised e-mail; never a pattern (issue #14). Without an e-mail, the one with
        exactly this normalised phone or mobile (issue #21)."""
        if email:
            who = [("email_normalized", "=", email)]
        elif phone:
            who = ["|", ("phone", "=", phone), ("mobile", "=", phone)]
        else:
            return request.env["res.partner"]
        return (
            request.env["res.partner"]
            .sudo()
            .search(
                [
                    *who,
                    ("company_id", "in", [*company.parent_ids.ids, False]),
                ],
                order="id",
                limit=1,
            )
        )

    def _coop_consent_vals(self, partner, email, phone):
        """M-3 (issue #21): the consent ticked on the form, for the channels of the
        contacts given, dated today and given on a web form; {} without a channel."""
        today = fields.Date.context_today(partner)
        vals = {}
        if email:
            vals.update(coop_consent_email=True, coop_consent_email_date=today)
        if phone:
            vals.update(
                coop_consent_sms=True,
                coop_consent_sms_date=today,
                coop_consent_phone=True,
                coop_consent_phone_date=today,
            )
        if vals:
            vals["coop_consent_method"] = "web_form"
        return vals

    def _coop_next_reference(self, company):
        """The reference the next claim would get, taken from no sequence."""
        sequence = (
            request.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", "coop.claim"), ("company_id", "=", company.id)], limit=1
            )
        )
        if sequence:
            return sequence.get_next_char(sequence.number_next_actual)
        return f"CLM/{fields.Date.context_today(sequence).year}/00001"

    def _coop_render_thanks(self, company, reference, deadline=None, by_email=True):
        """The same page for every visitor: the reference and the date of the answer,
        nothing about the customer (issue #14); whether an e-mail follows depends on
        what the visitor typed only (issue #21)."""
        deadline = deadline or request.env["coop.claim"].sudo()._coop_working_deadline(
            company, fields.Datetime.now()
        )
        return request.render(
            "coop_claims.portal_claim_thanks",
            {
                "reference": reference,
                "deadline": deadline,
                "is_public": request.env.user._is_public(),
                "by_email": by_email,
                "res_company": company,
                "coop_company": company,
            },
        )

    @http.route(
        "/claims/submit", type="http", auth="public", methods=["POST"], website=True
    )
    def portal_claim_submit(self, **post):
        """Create the claim; CSRF protected (Odoo checks csrf_token on http POST).

        Issue #14: the checks come first (fields, honeypot, captcha, rate limit),
        nothing is created nor sent before they pass. The answer is the same whether the
        e-mail belongs to a customer or not, and shows only the claim's reference."""
        files = request.httprequest.files.getlist("attachments")
        errors, clean = self._coop_validate(post, files)
        shown = {k: v for k, v in post.items() if isinstance(v, str) and k != HONEYPOT}
        if errors:
            return self._coop_render_form(shown, errors, status=400)
        company = clean["company"]
        user = request.env.user
        is_public = user._is_public()
        by_email = (
            bool(clean.get("email")) if is_public else bool(user.partner_id.email)
        )
        if post.get(HONEYPOT):
            # a bot: it reads a success, nothing is created
            return self._coop_render_thanks(
                company, self._coop_next_reference(company), by_email=by_email
            )
        if not self._coop_captcha_ok():
            return self._coop_render_form(
                shown,
                {
                    "captcha": _(
                        "Our anti-spam check failed: please send the form again."
                    ),
                },
                status=400,
            )
        existing = (
            self._coop_existing_customer(company, clean["email"], clean["phone"])
            if is_public
            else user.partner_id
        )
        if self._coop_rate_exceeded(
            company,
            partner=None if is_public else existing,
            email=clean.get("email"),
            phone=clean.get("phone"),
        ):
            return self._coop_render_form(
                shown,
                {
                    "rate": _(
                        "You have sent many claims in the last hour: please wait a "
                        "little or call us."
                    ),
                },
                status=429,
            )
        partner = existing
        try:
            with request.env.cr.savepoint():
                if not partner:
                    # the customer's e-mails and letters are in the language of the form
                    # they filled in, not the database's default
                    Partner = request.env["res.partner"].sudo().with_company(company)
                    partner = Partner.create(
                        {
                            "name": clean["name"],
                            "email": clean["email"] or False,
                            "phone": clean["phone"] or False,
                            "company_id": company.id,
                            **({"lang": request.env.lang} if request.env.lang else {}),
                            **(
                                self._coop_consent_vals(
                                    Partner, clean["email"], clean["phone"]
                                )
                                if clean["consent"]
                                else {}
                            ),
                        }
                    )
                elif clean["consent"] and not is_public:
                    # the logged-in customer's own file; a visitor's typed address
                    # changes nothing in an existing customer's file
                    partner.sudo().write(
                        self._coop_consent_vals(
                            partner, partner.email, partner.phone or partner.mobile
                        )
                    )
                # the acknowledgement (create) is the standard one: reference and date,
                # never the visitor's text, sent to the customer's own address
                claim = (
                    request.env["coop.claim"]
                    .sudo()
                    .with_company(company)
                    .create(
                        {
                            "company_id": company.id,
                            "partner_id": partner.id,
                            "subject": clean["subject"],
                            "description": plaintext2html(clean["description"]),
                            "channel": "web",
                            "user_id": company.coop_claim_escalation_user_id.id
                            or False,
                        }
                    )
                )
        except (UserError, ValidationError):
            # e.g. a logged-in customer of another cooperative
            return self._coop_render_form(
                shown,
                {
                    "company_id": _(
                        "We cannot record this claim for this cooperative."
                    ),
                },
                status=400,
            )
        if clean["attachments"]:
            request.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "mimetype": mimetype,
                        "res_model": "coop.claim",
                        "res_id": claim.id,
                    }
                    for name, content, mimetype in clean["attachments"]
                ]
            )
        return self._coop_render_thanks(
            company, claim.name, claim.date_deadline, by_email=by_email
        )
