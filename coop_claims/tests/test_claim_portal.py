import re
from datetime import timedelta

import pytz

import odoo.http
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimPortal(HttpCase, ClaimsCase):
    visitor_lang = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "claims_portal"
        cls.own_claim = cls._claim(partner=cls.portal_partner, subject="My broken jar")
        cls.other_claim = cls._claim(
            partner=cls.partner_a, subject="Someone else's claim"
        )

    def _csrf_token(self):
        page = self.url_open("/claims/new")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _count(self):
        return self.env["coop.claim"].search_count(
            [("company_id", "=", self.coop_a.id)]
        )

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
            f"/my/claims/{self.own_claim.id}?report_type=html&letter=acknowledgement"
        )
        self.assertEqual(letter.status_code, 200)
        self.assertIn("Acknowledgement of your claim", letter.text)
        self.assertIn(self.own_claim.name, letter.text)
        refused = self.url_open(
            f"/my/claims/{self.other_claim.id}?report_type=html", allow_redirects=False
        )
        self.assertEqual(refused.status_code, 303)
        refused = self.url_open(
            f"/my/claims/{self.other_claim.id}", allow_redirects=False
        )
        self.assertEqual(refused.status_code, 303)
        self.assertTrue(refused.headers["Location"].endswith("/my"))

    def test_public_form_creates_claim_with_attachment(self):
        """C-2: the public form creates a claim (web channel) with its attachment, a
        customer and the acknowledgement; the description is HTML-escaped."""
        before = self._count()
        response = self.url_open(
            "/claims/submit",
            data={
                "csrf_token": self._csrf_token(),
                "company_id": self.coop_a.id,
                "name": "Khadija Public",
                "email": "khadija@example.ma",
                "subject": "Broken jar",
                "description": "The jar was broken <script>alert(1)</script>",
            },
            files={"attachments": ("photo.txt", b"a photo", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)
        claim = self.env["coop.claim"].search(
            [("company_id", "=", self.coop_a.id)], order="id desc", limit=1
        )
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
        response = self.url_open(
            "/claims/submit",
            data={
                "csrf_token": token,
                "company_id": self.coop_a.id,
                "name": "",
                "email": "not-an-email",
                "subject": "",
                "description": "x",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Give a valid e-mail address.", response.text)
        self.assertIn("Give your name", response.text)
        self.env["ir.config_parameter"].sudo().set_param(
            "coop_claims.max_upload_mb", "0.001"
        )
        response = self.url_open(
            "/claims/submit",
            data={
                "csrf_token": token,
                "company_id": self.coop_a.id,
                "name": "Big",
                "email": "big@example.ma",
                "subject": "Big file",
                "description": "too big",
            },
            files={"attachments": ("big.bin", b"0" * 5000, "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is larger than", response.text)
        response = self.url_open(
            "/claims/submit",
            data={
                "company_id": self.coop_a.id,
                "name": "No token",
                "email": "nt@example.ma",
                "subject": "No token",
                "description": "csrf",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "big@example.ma")])
        )

    def authenticate(self, user, password, browser=None):
        session = super().authenticate(user, password, browser=browser)
        if not user and self.visitor_lang:
            # a visitor whose browser asks for this language (Accept-Language): Odoo
            # keeps it in the new session's context, which the test framework sets to
            # English
            self.session.context["lang"] = self.visitor_lang
            odoo.http.root.session_store.save(self.session)
        return session

    def _working_deadline(self, received, days=5):
        """C-1, computed apart from the claim: the fifth working day (Monday to Friday)
        after the day of reception in Casablanca, public holidays skipped."""
        calendar = self.coop_a.resource_calendar_id
        tz = pytz.timezone(calendar.tz)
        day = pytz.utc.localize(received).astimezone(tz).date()
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("resource_id", "=", False),
                ("calendar_id", "in", [calendar.id, False]),
            ]
        )
        holidays = set()
        for leave in leaves:
            first = pytz.utc.localize(leave.date_from).astimezone(tz).date()
            last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
            holidays.update(
                first + timedelta(n) for n in range((last - first).days + 1)
            )
        while days:
            day += timedelta(1)
            if day.weekday() < 5 and day not in holidays:
                days -= 1
        return day

    def test_web_form_to_exploitation_in_french(self):
        """SPEC 3, C-1, C-2, C-5 (issue #10): in French, a visitor sends a claim from
        the public form; a cooperative user registers it, resolves it with a
        compensation, closes, follows up and exploits it in the back office (browser
        tours), sees its deadline on the form and the e-mails sent to the customer in
        the chatter. The customer gets each e-mail in French."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "=", "coop_claims")]
        )._update_translations(["fr_FR"])
        self.visitor_lang = "fr_FR"
        self.start_tour(
            f"/claims/new?company_id={self.coop_a.id}", "coop_claims_public_form_tour"
        )
        claim = self.env["coop.claim"].search([("subject", "=", "Pot arrivé cassé")])
        self.assertEqual(len(claim), 1)
        customer = claim.partner_id
        self.assertEqual(
            (claim.phase, claim.channel, claim.company_id),
            ("reception", "web", self.coop_a),
        )
        self.assertEqual(
            (customer.name, customer.email, customer.lang),
            ("Youssef Web", "youssef@example.ma", "fr_FR"),
        )
        deadline = self._working_deadline(claim.date_received)
        self.assertEqual(claim.date_deadline, deadline)
        self.assertGreaterEqual((deadline - claim.date_received.date()).days, 5)

        self.user_a.write({"password": "coop_user_a", "lang": "fr_FR"})
        claim.user_id = self.user_a
        self.start_tour(
            f"/odoo/action-coop_claims.action_coop_claim/{claim.id}",
            "coop_claims_lifecycle_tour",
            login="coop_user_a",
        )
        self.assertEqual(claim.phase, "exploitation")
        self.assertEqual(
            (claim.claim_type, claim.category_id, claim.closing_condition),
            ("good_faith", self.category, "compensated"),
        )
        self.assertIn("Nous vous envoyons un nouveau pot.", claim.answer)
        self.assertEqual(claim.root_cause, "Pots emballés sans calage")
        compensation = claim.compensation_ids
        self.assertEqual(len(compensation), 1)
        self.assertEqual(
            (
                compensation.compensation_type,
                compensation.name,
                compensation.cost,
                compensation.state,
            ),
            ("exchange", "Nouveau pot d'amlou", 85.0, "done"),
        )
        self.assertEqual(claim.total_cost, 85.0)
        # the cooperative's partner, author of the e-mails, is readable by its users
        #
        self.assertFalse(self.coop_a.partner_id.company_id)
        self.assertEqual(claim.date_deadline, deadline)
        self.assertTrue(claim.answered_in_time)
        self.assertTrue(claim.survey_url)

        # the customer's e-mails, in French: acknowledgement, four phase changes,
        # closure
        to_customer = claim.message_ids.filtered(lambda m: m.partner_ids == customer)
        prefix = f"Coop A : votre réclamation {claim.name}"
        self.assertEqual(
            sorted(to_customer.mapped("subject")),
            sorted(
                [
                    f"Coop A : nous avons bien reçu votre réclamation {claim.name}",
                    *[f"{prefix} avance"] * 4,
                    f"{prefix} est clôturée, êtes-vous satisfait ?",
                ]
            ),
        )
        french_deadline = deadline.strftime("%d/%m/%Y")
        ack = to_customer.filtered(lambda m: "bien reçu" in m.subject)
        self.assertIn("Merci", ack.body)
        self.assertIn(french_deadline, ack.body)
        closing = to_customer.filtered(lambda m: "clôturée" in m.subject)
        self.assertIn("Nous vous envoyons un nouveau pot.", closing.body)
        self.assertIn(claim.survey_url, closing.body)
        phases = [
            m.body for m in to_customer.sorted("id") if m.subject.endswith("avance")
        ]
        for body, phase in zip(
            phases,
            ("Enregistrement", "Résolution", "Suivi", "Exploitation"),
            strict=False,
        ):
            self.assertIn(phase, body)
        notifications = self.env["mail.notification"].search(
            [
                ("mail_message_id", "in", to_customer.ids),
                ("res_partner_id", "=", customer.id),
            ]
        )
        self.assertEqual(len(notifications), 6)
        self.assertEqual(set(notifications.mapped("notification_type")), {"email"})
        # the e-mails themselves (kept: the templates do not delete them once sent)
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "in", to_customer.ids),
                    ("recipient_ids", "in", customer.ids),
                ]
            )
        )
        self.assertEqual(
            sorted(mails.mapped("subject")), sorted(to_customer.mapped("subject"))
        )

    def test_portal_customer_posts_on_own_claim(self):
        """C-2, X-1: the customer writes on their claim from the portal chatter, not on
        another customer's claim."""
        self.authenticate("claims_portal", "claims_portal")
        params = {
            "thread_model": "coop.claim",
            "post_data": {
                "body": "Any news about my jar?",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        }
        self.make_jsonrpc_request(
            "/mail/message/post", dict(params, thread_id=self.own_claim.id)
        )
        posted = self.own_claim.message_ids.filtered(
            lambda m: "Any news about my jar?" in (m.body or "")
        )
        self.assertEqual(posted.author_id, self.portal_partner)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post", dict(params, thread_id=self.other_claim.id)
            )
        self.assertFalse(
            self.other_claim.message_ids.filtered(
                lambda m: "Any news about my jar?" in (m.body or "")
            )
        )
