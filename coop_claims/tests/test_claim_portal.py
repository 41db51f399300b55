import re

from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimPortal(HttpCase, ClaimsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "claims_portal"
        cls.own_claim = cls._claim(partner=cls.portal_partner, subject="My broken jar")
        cls.other_claim = cls._claim(partner=cls.partner_a, subject="Someone else's claim")

    def _csrf_token(self):
        page = self.url_open("/claims/new")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _count(self):
        return self.env["coop.claim"].search_count([("company_id", "=", self.coop_a.id)])

    def test_portal_lists_own_claims_only(self):
        """C-2, X-1: /my/claims lists the portal user's claims only; another's claim
        page is refused."""
        self.authenticate("claims_portal", "claims_portal")
        page = self.url_open("/my/claims")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.own_claim.name, page.text)
        self.assertIn("My broken jar", page.text)
        self.assertNotIn("Someone else", page.text)
        detail = self.url_open(f"/my/claims/{self.own_claim.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("My broken jar", detail.text)
        letter = self.url_open(
            f"/my/claims/{self.own_claim.id}?report_type=html&letter=acknowledgement")
        self.assertEqual(letter.status_code, 200)
        self.assertIn("Acknowledgement of your claim", letter.text)
        self.assertIn(self.own_claim.name, letter.text)
        refused = self.url_open(
            f"/my/claims/{self.other_claim.id}?report_type=html", allow_redirects=False)
        self.assertEqual(refused.status_code, 303)
        refused = self.url_open(f"/my/claims/{self.other_claim.id}", allow_redirects=False)
        self.assertEqual(refused.status_code, 303)
        self.assertTrue(refused.headers["Location"].endswith("/my"))

    def test_public_form_creates_claim_with_attachment(self):
        """C-2: the public form creates a claim (web channel) with its attachment, a
        customer and the acknowledgement; the description is HTML-escaped."""
        before = self._count()
        response = self.url_open("/claims/submit", data={
            "csrf_token": self._csrf_token(),
            "company_id": self.coop_a.id,
            "name": "Khadija Public",
            "email": "khadija@example.ma",
            "subject": "Broken jar",
            "description": "The jar was broken <script>alert(1)</script>",
        }, files={"attachments": ("photo.txt", b"a photo", "text/plain")})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)
        claim = self.env["coop.claim"].search(
            [("company_id", "=", self.coop_a.id)], order="id desc", limit=1)
        self.assertIn(claim.name, response.text)
        self.assertEqual(claim.channel, "web")
        self.assertEqual(claim.subject, "Broken jar")
        self.assertEqual(claim.partner_id.email, "khadija@example.ma")
        self.assertEqual(claim.partner_id.company_id, self.coop_a)
        self.assertNotIn("<script>", claim.description)
        self.assertIn("&lt;script&gt;", claim.description)
        self.assertEqual(claim.attachment_ids.mapped("name"), ["photo.txt"])
        self.assertEqual(claim.attachment_ids.raw, b"a photo")
        # the anonymous customer follows the claim with its access token, not without
        follow = self.url_open(claim.get_portal_url())
        self.assertEqual(follow.status_code, 200)
        self.assertIn("Broken jar", follow.text)
        self.assertIn("&lt;script&gt;", follow.text)
        refused = self.url_open(f"/my/claims/{claim.id}", allow_redirects=False)
        self.assertEqual(refused.status_code, 303)
        ack = self._messages(claim, "we have received your claim")
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.author_id, self.coop_a.partner_id)
        self.assertEqual(ack.partner_ids, claim.partner_id)

    def test_public_form_refuses_bad_input(self):
        """C-2, X-4: invalid fields, oversized uploads and a missing CSRF token create
        nothing."""
        before = self._count()
        token = self._csrf_token()
        response = self.url_open("/claims/submit", data={
            "csrf_token": token, "company_id": self.coop_a.id, "name": "",
            "email": "not-an-email", "subject": "", "description": "x",
        })
        self.assertEqual(response.status_code, 400)
        self.assertIn("Give a valid e-mail address.", response.text)
        self.assertIn("Give your name", response.text)
        self.env["ir.config_parameter"].sudo().set_param("coop_claims.max_upload_mb", "0.001")
        response = self.url_open("/claims/submit", data={
            "csrf_token": token, "company_id": self.coop_a.id, "name": "Big",
            "email": "big@example.ma", "subject": "Big file", "description": "too big",
        }, files={"attachments": ("big.bin", b"0" * 5000, "application/octet-stream")})
        self.assertEqual(response.status_code, 400)
        self.assertIn("is larger than", response.text)
        response = self.url_open("/claims/submit", data={
            "company_id": self.coop_a.id, "name": "No token",
            "email": "nt@example.ma", "subject": "No token", "description": "csrf",
        })
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)
        self.assertFalse(self.env["res.partner"].search([("email", "=", "big@example.ma")]))

    def test_web_form_to_exploitation_in_the_ui(self):
        """SPEC 3, C-2: a claim sent from the public web form is taken to exploitation in
        the back office by a cooperative user (browser tour)."""
        response = self.url_open("/claims/submit", data={
            "csrf_token": self._csrf_token(),
            "company_id": self.coop_a.id,
            "name": "Youssef Web",
            "email": "youssef@example.ma",
            "subject": "Jar arrived broken",
            "description": "The amlou jar arrived broken.",
        })
        self.assertEqual(response.status_code, 200)
        claim = self.env["coop.claim"].search([("subject", "=", "Jar arrived broken")])
        self.assertEqual(claim.phase, "reception")
        self.user_a.password = "coop_user_a"
        claim.user_id = self.user_a
        self.start_tour(
            f"/odoo/action-coop_claims.action_coop_claim/{claim.id}",
            "coop_claims_lifecycle_tour", login="coop_user_a",
        )
        self.assertEqual(claim.phase, "exploitation")
        self.assertEqual(claim.claim_type, "good_faith")
        self.assertEqual(claim.category_id, self.category)
        self.assertEqual(claim.closing_condition, "satisfied")
        self.assertIn("We sent you a new jar.", claim.answer)
        self.assertEqual(claim.root_cause, "Jars packed without padding")
        self.assertEqual(len(self._messages(claim, "progresses")), 4)
        self.assertEqual(len(self._messages(claim, "is closed")), 1)
        self.assertTrue(claim.survey_url)

    def test_portal_customer_posts_on_own_claim(self):
        """C-2, X-1: the customer writes on their claim from the portal chatter, not on
        another customer's claim."""
        self.authenticate("claims_portal", "claims_portal")
        params = {
            "thread_model": "coop.claim",
            "post_data": {"body": "Any news about my jar?", "message_type": "comment",
                          "subtype_xmlid": "mail.mt_comment"},
        }
        self.make_jsonrpc_request("/mail/message/post",
                                  dict(params, thread_id=self.own_claim.id))
        posted = self.own_claim.message_ids.filtered(
            lambda m: "Any news about my jar?" in (m.body or ""))
        self.assertEqual(posted.author_id, self.portal_partner)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/mail/message/post",
                                      dict(params, thread_id=self.other_claim.id))
        self.assertFalse(self.other_claim.message_ids.filtered(
            lambda m: "Any news about my jar?" in (m.body or "")))
