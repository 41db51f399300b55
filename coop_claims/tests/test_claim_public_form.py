import re
from unittest.mock import patch

from odoo import fields
from odoo.http import request
from odoo.tests import HttpCase, JsonRpcException, tagged

from odoo.addons.coop_claims.controllers.portal import CAPTCHA_ACTION

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimPublicFormAbuse(HttpCase, ClaimsCase):
    """C-2, X-1, X-4 (issue #14): the public claim form tried as an attacker would, over
    HTTP: e-mail patterns, a known customer's e-mail, bots, floods, captcha; and the
    portal customer's claim page and JSON-RPC read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.write(
            {"street": "5 avenue Hassan II", "city": "Agadir", "phone": "+212612345678"}
        )
        cls.portal_user.password = "claims_portal"

    def setUp(self):
        super().setUp()
        self.known_claims = self.env["coop.claim"].search([]).ids

    def _csrf_token(self):
        page = self.url_open("/claims/new")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _submit(self, **values):
        data = {
            "csrf_token": values.pop("csrf_token", None) or self._csrf_token(),
            "company_id": self.coop_a.id,
            "name": "Mallory Visitor",
            "email": "mallory@example.ma",
            "subject": "Mallory's subject",
            "description": "Mallory's words: call 0600000000 now",
            **values,
        }
        return self.url_open("/claims/submit", data=data)

    def _new_claims(self):
        return self.env["coop.claim"].search([("id", "not in", self.known_claims)])

    def _mails_to(self, partner):
        return self.env["mail.message"].search([("partner_ids", "in", partner.ids)])

    @staticmethod
    def _page_body(response):
        """The thanks page's content, the claim's reference taken out."""
        wrap = re.search(r'<div id="wrap".*?</div>', response.text, re.DOTALL).group(0)
        return re.sub(r"CLM/\d{4}/\d+", "CLM/REF", wrap)

    def test_pattern_email_matches_no_customer(self):
        """C-2, X-1 (issue #14): an e-mail typed as a pattern (``%@%``,
        ``%@example.ma``) matches no customer: the claim goes to a new customer of that
        address, and the page names no one."""
        for pattern in ("%@%", "%@example.ma", "_atima@example.ma"):
            response = self._submit(email=pattern)
            self.assertEqual(response.status_code, 200)
            claim = self._new_claims()
            self.assertEqual(len(claim), 1)
            self.assertNotIn(
                claim.partner_id, self.partner_a | self.partner_b | self.portal_partner
            )
            self.assertEqual(claim.partner_id.email, pattern)
            self.assertNotIn("Fatima", response.text)
            self.assertFalse(self._mails_to(self.partner_a))
            self.known_claims += claim.ids

    def test_known_email_answers_as_unknown(self):
        """C-2, X-1 (issue #14): a visitor who types a customer's e-mail (in another
        case) gets the same page as with an unknown e-mail: the reference only, no name,
        address nor link to the claim; the claim is the customer's, the acknowledgement
        goes to the customer's own address and quotes none of the visitor's text."""
        unknown = self._submit(email="nobody@example.ma")
        known = self._submit(email=" FATIMA@Example.ma ")
        self.assertEqual((unknown.status_code, known.status_code), (200, 200))
        self.assertEqual(self._page_body(unknown), self._page_body(known))
        for text in (
            "Fatima",
            "Hassan II",
            "Agadir",
            "fatima@",
            "access_token",
            "/my/claims/",
            "report_type",
        ):
            self.assertNotIn(text, known.text)
        claims = self._new_claims()
        self.assertEqual(len(claims), 2)
        claim = claims.filtered(lambda c: c.partner_id == self.partner_a)
        self.assertEqual(len(claim), 1)
        self.assertFalse(
            self.env["res.partner"].search(
                [
                    ("email_normalized", "=", "fatima@example.ma"),
                    ("id", "!=", self.partner_a.id),
                ]
            )
        )
        self.assertEqual(self.partner_a.name, "Fatima A")
        mails = self._mails_to(self.partner_a)
        self.assertEqual(len(mails), 1)
        self.assertIn(claim.name, mails.subject)
        for text in ("Mallory", "0600000000"):
            self.assertNotIn(text, mails.body)
            self.assertNotIn(text, mails.subject)
        sent = self.env["mail.mail"].sudo().search([("mail_message_id", "=", mails.id)])
        self.assertEqual(sent.recipient_ids, self.partner_a)
        self.assertNotIn("Mallory", sent.body_html)

    def test_invalid_phone_same_answer_for_known_email(self):
        """C-2 (issue #14): an invalid phone is refused alike whether the e-mail is
        known or not, and nothing is created."""
        unknown = self._submit(email="nobody@example.ma", phone="12")
        known = self._submit(email="fatima@example.ma", phone="12")
        self.assertEqual((unknown.status_code, known.status_code), (400, 400))
        self.assertIn("is not a valid phone number", known.text)
        self.assertFalse(self._new_claims())

    def test_honeypot_answers_success_creates_nothing(self):
        """C-2 (issue #14): a bot that fills the hidden field reads a success page; no
        claim, no customer, no e-mail is made."""
        token = self._csrf_token()
        partners = self.env["res.partner"].search_count([])
        messages = self.env["mail.message"].search_count([])
        response = self._submit(
            csrf_token=token, email="bot@example.ma", website_url="http://spam.example"
        )
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.text, r'class="o_claim_reference">CLM/\d{4}/\d+<')
        self.assertFalse(self._new_claims())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_rate_limit_per_address(self):
        """C-2 (issue #14): at most the cooperative's number of web claims an hour per
        e-mail or phone; the next one is refused before anything is created or sent."""
        self.coop_a.coop_claim_web_rate_limit = 2
        for _i in range(2):
            self.assertEqual(self._submit(email="flood@example.ma").status_code, 200)
        token = self._csrf_token()
        messages = self.env["mail.message"].search_count([])
        response = self._submit(csrf_token=token, email="FLOOD@example.ma")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(self._new_claims()), 2)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        # the same phone under other e-mails counts too
        self.assertEqual(
            self._submit(email="p1@example.ma", phone="0611111111").status_code, 200
        )
        self.assertEqual(
            self._submit(email="p2@example.ma", phone="+212611111111").status_code, 200
        )
        self.assertEqual(
            self._submit(email="p3@example.ma", phone="06 11 11 11 11").status_code, 429
        )
        self.assertEqual(len(self._new_claims()), 4)
        # another address is not held back
        self.assertEqual(self._submit(email="calm@example.ma").status_code, 200)

    def test_captcha_checked_when_installed(self):
        """C-2 (issue #14): with google_recaptcha or website_cf_turnstile, a request
        their check refuses creates nothing and sends nothing."""
        IrHttp = type(self.env["ir.http"])
        token = self._csrf_token()
        messages = self.env["mail.message"].search_count([])
        with patch.object(
            IrHttp,
            "_verify_request_recaptcha_token",
            lambda self, action: False,
            create=True,
        ):
            response = self._submit(csrf_token=token, email="robot@example.ma")
        self.assertEqual(response.status_code, 400)
        self.assertIn("anti-spam check failed", response.text)
        self.assertFalse(self._new_claims())
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        with patch.object(
            IrHttp,
            "_verify_request_recaptcha_token",
            lambda self, action: True,
            create=True,
        ):
            self.assertEqual(self._submit(email="human@example.ma").status_code, 200)
        self.assertEqual(len(self._new_claims()), 1)

    def test_portal_claim_page_and_rpc_hide_internal_fields(self):
        """C-2, X-1 (issue #14): the portal customer's claim page and a JSON-RPC read
        show no internal field: type (bad faith), severity, root cause, cost, draft
        answer; letters of a later phase are not printed."""
        claim = self._claim(
            partner=self.portal_partner,
            claim_type="bad_faith",
            category_id=self.category.id,
            severity="critical",
            root_cause="Lies about the jar",
            subject="My jar",
        )
        claim.action_register()
        claim.action_resolve()
        self.env["coop.claim.compensation"].create(
            {
                "claim_id": claim.id,
                "compensation_type": "service",
                "name": "Gesture of goodwill",
                "cost": 4321.5,
            }
        )
        claim.answer = "<p>Draft: we refuse, bad faith</p>"
        self.authenticate("claims_portal", "claims_portal")
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("My jar", page.text)
        for text in (
            "Bad faith",
            "bad_faith",
            "Critical",
            "Lies about",
            "4,321.50",
            "4321.5",
            "Draft: we refuse",
            "Gesture of goodwill",
        ):
            self.assertNotIn(text, page.text)
        closing = self.url_open(
            f"/my/claims/{claim.id}?report_type=html&letter=closing",
            allow_redirects=False,
        )
        self.assertEqual(closing.status_code, 303)
        self.assertNotIn("Draft: we refuse", closing.text)
        progress = self.url_open(
            f"/my/claims/{claim.id}?report_type=html&letter=progress"
        )
        self.assertEqual(progress.status_code, 200)
        self.assertNotIn("Draft: we refuse", progress.text)
        for fname in (
            "claim_type",
            "severity",
            "root_cause",
            "total_cost",
            "answer",
            "compensation_ids",
            "partner_claim_flag_reason",
        ):
            with self.assertRaises(JsonRpcException, msg=fname):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "coop.claim",
                        "method": "read",
                        "args": [claim.ids, [fname]],
                        "kwargs": {},
                    },
                )
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "coop.claim",
                "method": "read",
                "args": [claim.ids, ["subject", "phase"]],
                "kwargs": {},
            },
        )
        self.assertEqual(result[0]["subject"], "My jar")
        # the fields a portal user may ask for do not include them
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "coop.claim",
                "method": "fields_get",
                "args": [],
                "kwargs": {},
            },
        )
        self.assertIn("subject", result)
        for fname in ("claim_type", "severity", "root_cause", "total_cost", "answer"):
            self.assertNotIn(fname, result)


def _token_verifier(calls):
    """A stand-in for google_recaptcha's ir.http._verify_request_recaptcha_token: it
    takes the token from the request's parameters as the addon does, and accepts only
    the token the tour's stand-in ReCaptcha hands out for this very action."""

    def verify(self, action):
        token = request.params.pop("recaptcha_token_response", False)
        calls.append((action, token))
        return token == f"coop-test-token-for-{action}"

    return verify


@tagged("post_install", "-at_install")
class TestClaimPublicFormCaptcha(HttpCase, ClaimsCase):
    """C-2 (issue #14): with a captcha addon that requires a token, the public form's
    page obtains it for the action the controller verifies and sends it; a submission
    without it is refused and creates nothing. google_recaptcha is not installed here
    (no network): its server check and its ReCaptcha class are replaced by stand-ins."""

    def setUp(self):
        super().setUp()
        self.known_claims = self.env["coop.claim"].search([]).ids
        self.calls = []
        patcher = patch.object(
            type(self.env["ir.http"]),
            "_verify_request_recaptcha_token",
            _token_verifier(self.calls),
            create=True,
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def _new_claims(self):
        return self.env["coop.claim"].search([("id", "not in", self.known_claims)])

    def _form(self):
        page = self.url_open(f"/claims/new?company_id={self.coop_a.id}")
        self.assertEqual(page.status_code, 200)
        return page.text

    def _submit(self, **values):
        token = re.search(r'name="csrf_token" value="([^"]+)"', self._form()).group(1)
        return self.url_open(
            "/claims/submit",
            data={
                "csrf_token": token,
                "company_id": self.coop_a.id,
                "name": "Nadia Web",
                "email": "nadia.web@example.ma",
                "subject": "Broken jar",
                "description": "It arrived broken.",
                **values,
            },
        )

    def test_form_names_the_verified_action(self):
        """C-2 (issue #14): the form carries the action the controller verifies, for the
        frontend module (in the frontend assets) to ask its token."""
        form = re.search(r"<form[^>]*o_coop_claim_form[^>]*>", self._form())
        self.assertTrue(form)
        self.assertIn(f'data-captcha-action="{CAPTCHA_ACTION}"', form.group(0))
        self.assertEqual(CAPTCHA_ACTION, "coop_claim_submit")
        assets = [
            path
            for path, *_rest in self.env["ir.asset"]._get_asset_paths(
                "web.assets_frontend", {}
            )
        ]
        self.assertTrue(
            any(
                path.endswith("coop_claims/static/src/js/claim_form_captcha.js")
                for path in assets
            )
        )

    def test_without_token_refused_with_token_accepted(self):
        """C-2 (issue #14): without the token, or with a token of another action, the
        claim is refused and nothing is created nor sent; with it, the claim is made."""
        messages = self.env["mail.message"].search_count([])
        partners = self.env["res.partner"].search_count([])
        for values in ({}, {"recaptcha_token_response": "coop-test-token-for-signup"}):
            response = self._submit(**values)
            self.assertEqual(response.status_code, 400)
            self.assertIn("anti-spam check failed", response.text)
        self.assertEqual(
            self.calls,
            [(CAPTCHA_ACTION, False), (CAPTCHA_ACTION, "coop-test-token-for-signup")],
        )
        self.assertFalse(self._new_claims())
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        response = self._submit(
            recaptcha_token_response=f"coop-test-token-for-{CAPTCHA_ACTION}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self._new_claims()), 1)

    def test_browser_sends_the_token(self):
        """C-2 (issue #14): in a browser, with a reCAPTCHA key and (a stand-in of)
        google_recaptcha's ReCaptcha, the form asks a token for its action and sends it:
        the claim is accepted."""
        self.start_tour(
            f"/claims/new?company_id={self.coop_a.id}",
            "coop_claims_public_form_captcha_tour",
        )
        self.assertEqual(
            self.calls, [(CAPTCHA_ACTION, f"coop-test-token-for-{CAPTCHA_ACTION}")]
        )
        claim = self._new_claims()
        self.assertEqual(len(claim), 1)
        self.assertEqual(
            (claim.subject, claim.partner_id.email),
            ("Captcha subject", "samira.captcha@example.ma"),
        )


@tagged("post_install", "-at_install")
class TestClaimPublicFormContact(HttpCase, ClaimsCase):
    """C-2, M-3 (issue #21): the public form as a customer met at a souk uses it: a
    phone without an e-mail is enough, only the cooperatives are offered, the page shows
    the cooperative it is about, and a consent ticked on the form is recorded as given
    on a web form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "claims_portal"
        Company = cls.env["res.company"]
        # a company of the database that is no cooperative (no union, no identity)
        cls.other_company = Company.create(
            {"name": "Trading Ltd", "currency_id": cls.mad.id}
        )
        # a cooperative on its own, known by its registration number
        cls.coop_alone = Company.create(
            {
                "name": "Coop Alone",
                "currency_id": cls.mad.id,
                "coop_registration_number": "RC-ALONE-1",
            }
        )

    def setUp(self):
        super().setUp()
        self.known_claims = self.env["coop.claim"].search([]).ids

    def _form(self, query=""):
        page = self.url_open(f"/claims/new{query}")
        self.assertEqual(page.status_code, 200)
        return page.text

    def _submit(self, **values):
        token = re.search(r'name="csrf_token" value="([^"]+)"', self._form()).group(1)
        return self.url_open(
            "/claims/submit",
            data={
                "csrf_token": token,
                "company_id": self.coop_a.id,
                "name": "Aicha Souk",
                "email": "",
                "phone": "",
                "subject": "Soap too dry",
                "description": "The soap bought at the souk is too dry.",
                **values,
            },
        )

    def _new_claims(self):
        return self.env["coop.claim"].search([("id", "not in", self.known_claims)])

    def test_phone_without_email_accepted(self):
        """C-2, M-3 (issue #21): a phone without an e-mail files the claim; the customer
        is created with the phone in E.164, without an e-mail, and the thanks page does
        not promise an e-mail."""
        response = self._submit(phone="06 12 00 00 01")
        self.assertEqual(response.status_code, 200)
        claim = self._new_claims()
        self.assertEqual(len(claim), 1)
        self.assertRegex(response.text, r'class="o_claim_reference">CLM/\d{4}/\d+<')
        self.assertEqual(
            (claim.partner_id.name, claim.partner_id.phone, claim.partner_id.email),
            ("Aicha Souk", "+212612000001", False),
        )
        self.assertEqual((claim.company_id, claim.channel), (self.coop_a, "web"))
        self.assertNotIn("sent to you by e-mail", response.text)
        # the same phone in another form files the next claim for the same customer
        response = self._submit(phone="+212 6 12 00 00 01", subject="Second jar")
        self.assertEqual(response.status_code, 200)
        claims = self._new_claims()
        self.assertEqual(len(claims), 2)
        self.assertEqual(len(claims.partner_id), 1)

    def test_neither_phone_nor_email_refused(self):
        """C-2 (issue #21): without a phone nor an e-mail the form is refused with a
        clear message; no claim, customer nor message is made."""
        partners = self.env["res.partner"].search_count([])
        messages = self.env["mail.message"].search_count([])
        response = self._submit()
        self.assertEqual(response.status_code, 400)
        self.assertIn("Give your e-mail address or your phone number", response.text)
        self.assertFalse(self._new_claims())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        # an invalid phone alone is refused too, with the phone's own message
        response = self._submit(phone="12")
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not a valid phone number", response.text)
        self.assertFalse(self._new_claims())

    def test_only_cooperatives_offered(self):
        """C-2, M-1 (issue #21): the form lists the cooperatives only: a union's
        branches and the cooperatives known by their identity; not the union itself,
        Odoo's first company nor a company that is no cooperative; a claim for one of
        these is refused."""
        page = self._form()
        select = re.search(
            r'<select name="company_id".*?</select>', page, re.DOTALL
        ).group(0)
        offered = {int(value) for value in re.findall(r'value="(\d+)"', select)}
        self.assertLessEqual(
            set((self.coop_a | self.coop_b | self.coop_alone).ids), offered
        )
        main_company = self.env.ref("base.main_company")
        for company in (self.union, main_company, self.other_company):
            self.assertNotIn(company.id, offered, company.name)
            self.assertNotIn(company.name, select)
            response = self._submit(company_id=company.id, phone="0612000002")
            self.assertEqual(response.status_code, 400, company.name)
        self.assertFalse(self._new_claims())

    def test_pages_show_the_cooperative(self):
        """C-2 (issue #21): the form chosen for a cooperative and the thanks page show
        the cooperative's name and logo, not Odoo's first company."""
        # the closing quote: company 1's address is a prefix of company 139's
        logo = f'/logo.png?company={self.coop_a.id}"'
        main_company = self.env.ref("base.main_company")
        page = self._form(f"?company_id={self.coop_a.id}")
        self.assertIn(logo, page)
        self.assertIn("Coop A", page)
        self.assertNotIn(f'/logo.png?company={main_company.id}"', page)
        thanks = self._submit(phone="0612000003")
        self.assertEqual(thanks.status_code, 200)
        self.assertIn(logo, thanks.text)
        self.assertIn("Coop A", thanks.text)
        self.assertNotIn(f'/logo.png?company={main_company.id}"', thanks.text)

    def test_footer_shows_each_cooperative(self):
        """C-2 (issue #21): the copyright line of the footer names the cooperative of
        the page, one cooperative after the other in the same server process (Odoo's
        layout caches its footer without the company)."""

        def footer_name(page):
            return re.search(
                r'o_footer_copyright_name.*?itemprop="name">([^<]*)<', page, re.S
            ).group(1)

        for coop in (self.coop_a, self.coop_b, self.coop_a):
            page = self._form(f"?company_id={coop.id}")
            self.assertEqual(footer_name(page), coop.name)

    def test_consent_ticked_recorded_as_web_form(self):
        """M-3, C-2 (issue #21): a consent ticked on the form is recorded for the
        channels given, dated today, and given on a web form; unticked, nothing is
        consented."""
        today = fields.Date.context_today(self.env["res.partner"])
        self.assertEqual(
            self._submit(
                phone="0612000004", email="aicha@example.ma", consent="on"
            ).status_code,
            200,
        )
        partner = self._new_claims().partner_id
        self.assertEqual(partner.coop_consent_method, "web_form")
        self.assertEqual(
            (
                partner.coop_consent_email,
                partner.coop_consent_sms,
                partner.coop_consent_phone,
            ),
            (True, True, True),
        )
        self.assertEqual(
            (partner.coop_consent_email_date, partner.coop_consent_sms_date),
            (today, today),
        )
        self.known_claims += self._new_claims().ids
        # a phone only: the phone's channels, not the e-mail
        self.assertEqual(
            self._submit(phone="0612000005", consent="on").status_code, 200
        )
        partner = self._new_claims().partner_id
        self.assertEqual(partner.coop_consent_method, "web_form")
        self.assertEqual(
            (
                partner.coop_consent_email,
                partner.coop_consent_sms,
                partner.coop_consent_phone,
            ),
            (False, True, True),
        )
        self.known_claims += self._new_claims().ids
        # not ticked: no consent, no method
        self.assertEqual(self._submit(phone="0612000006").status_code, 200)
        partner = self._new_claims().partner_id
        self.assertFalse(partner.coop_consent_method)
        self.assertFalse(partner.coop_consent_sms or partner.coop_consent_phone)

    def test_consent_updates_own_partner_not_a_strangers(self):
        """M-3, X-1 (issue #21): a logged-in customer who ticks the consent updates
        their own file (web form, today); a visitor who types a known customer's e-mail
        changes nothing in that customer's file."""
        self.partner_a.write(
            {"coop_consent_method": "signed_form", "coop_consent_email": False}
        )
        response = self._submit(email="fatima@example.ma", consent="on")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._new_claims().partner_id, self.partner_a)
        self.assertEqual(self.partner_a.coop_consent_method, "signed_form")
        self.assertFalse(self.partner_a.coop_consent_email)
        self.known_claims += self._new_claims().ids

        self.portal_partner.phone = "+212612000007"
        self.authenticate("claims_portal", "claims_portal")
        response = self._submit(consent="on")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._new_claims().partner_id, self.portal_partner)
        self.portal_partner.invalidate_recordset()
        self.assertEqual(self.portal_partner.coop_consent_method, "web_form")
        self.assertEqual(
            (
                self.portal_partner.coop_consent_email,
                self.portal_partner.coop_consent_sms,
            ),
            (True, True),
        )
        self.assertEqual(
            self.portal_partner.coop_consent_email_date,
            fields.Date.context_today(self.portal_partner),
        )
