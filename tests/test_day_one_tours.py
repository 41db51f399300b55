"""Day one at a cooperative (issue #21): the daily screens as the demo's own users use
them, in a real browser, in French, and the customer, claim and member flows in Arabic.

Each tour (coop_crm_base/static/tests/tours/coop_day_one_tours.js) starts on the login
page and logs in with a demo user's login and password (coop_crm_base/demo/
coop_demo.xml), never as the administrator; the claims are recorded by staff that have
no e-mail address in a cooperative that has none either. After each tour the records it
left are checked here.
"""

from urllib.parse import quote

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import format_date

from .common import SuiteHttpCase
from .suite_addons import ADDONS

DEMO_LOGINS = {
    "coop_crm_base.coop_user_argan": ("argan@coop.example", "argan"),
    "coop_crm_base.coop_user_dairy": ("dairy@coop.example", "dairy"),
    "coop_crm_base.coop_user_union": ("union@coop.example", "union"),
}
NEW_CUSTOMER = "Zineb Ait Souk"
BOARD_REFERENCE = "PV CA 2026/12"


class DayOneTourCase(SuiteHttpCase):
    """The demo's users in ``LANG``; the demo data the tours rely on is asserted, not
    assumed (a missing demo fails the test, it is never skipped)."""

    LANG = "fr_FR"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        modules = env["ir.module.module"].search([("name", "in", ADDONS)])
        assert set(
            modules.filtered(lambda m: m.state == "installed").mapped("name")
        ) == set(ADDONS), "the suite's addons must be installed"
        env["res.lang"]._activate_lang(cls.LANG)
        modules._update_translations([cls.LANG])
        cls.argan = env.ref("coop_crm_base.coop_company_argan")
        cls.dairy = env.ref("coop_crm_base.coop_company_dairy")
        cls.union = env.ref("coop_crm_base.coop_company_union")
        cls.argan_user = env.ref("coop_crm_base.coop_user_argan")
        cls.dairy_user = env.ref("coop_crm_base.coop_user_dairy")
        cls.union_user = env.ref("coop_crm_base.coop_user_union")
        users = cls.argan_user | cls.dairy_user | cls.union_user
        for xmlid, (login, _password) in DEMO_LOGINS.items():
            assert env.ref(xmlid).login == login, f"{xmlid} is not the demo's {login}"
        # the users of a Moroccan cooperative, in its time zone (today is theirs)
        users.write({"lang": cls.LANG, "tz": "Africa/Casablanca"})
        # the login page's and the web client's scripts and stylesheets (right to left
        # in Arabic), built once for the class as a first visit would build them, not
        # again for each test (what a test builds is rolled back with it)
        rtl = env["res.lang"]._lang_get(cls.LANG).direction == "rtl"
        QWeb = env["ir.qweb"]
        for name in (
            "web.assets_frontend",
            "web.assets_frontend_minimal",
            "web.assets_frontend_lazy",
            "web.__assets_tests_call__",
            "web.assets_tests",
            "web.assets_web",
        ):
            bundle = QWeb._get_asset_bundle(name, rtl=rtl and name == "web.assets_web")
            bundle.js()
            bundle.css()
        assert not users.filtered(lambda u: u.has_group("base.group_system"))

    def _tour(self, url, tour):
        """``tour`` from the login page; once logged in, the browser goes to ``url``."""
        self.start_tour(
            f"/web/login?redirect={quote(url, safe='')}", tour, login=None, timeout=180
        )


class CustomerMemberClaimFlows:
    """The flows run in both languages, customer, member and claim: the customer and the
    claim by the demo's argan clerk, who has no e-mail address in a cooperative without
    one, the admission by the demo's union manager (admitting is a manager's)."""

    QUALIFY = 'string="Qualifier"'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # the demo customer whose mobile the new customer shares
        cls.hafsa = env.ref("coop_crm_base.coop_member_argan_01_partner")
        assert cls.hafsa.name == "Hafsa Kettani"
        assert cls.hafsa.mobile == "+212676610193", cls.hafsa.mobile
        assert cls.hafsa.company_id == cls.argan
        assert cls.argan_user.name == "Équipe Argan"
        assert cls.argan.name == "Coopérative Tifawin Argan"
        # the blocker of issue #21: staff without an e-mail address, in a cooperative
        # without one, on a database without catchall nor default sender
        # (and the union manager who admits the members, in a union without one)
        for partner in (cls.argan_user | cls.union_user).partner_id | (
            cls.argan | cls.union
        ).partner_id:
            partner.email = False
        params = env["ir.config_parameter"].sudo()
        params.set_param("mail.catchall.domain", False)
        params.set_param("mail.default.from", False)
        env["mail.alias.domain"].sudo().search([]).unlink()
        for record in (cls.argan_user, cls.union_user, cls.argan, cls.union):
            assert not record.email_formatted, record

    # ------------------------------------------------------------------ customer
    def _check_customer_flow(self):
        self._tour(
            "/odoo/action-coop_crm_base.action_coop_customers", "coop_day_one_customer"
        )
        Partner = self.env["res.partner"]
        customer = Partner.search([("name", "=", NEW_CUSTOMER)])
        self.assertEqual(len(customer), 1)
        self.assertEqual(customer.company_id, self.argan)
        self.assertEqual(customer.create_uid, self.argan_user)
        self.assertEqual(customer.phone, "+212676610193")
        self.assertEqual(customer.city, "Agadir")
        self.assertEqual(customer.country_id, self.env.ref("base.ma"))
        self.assertEqual(
            customer.coop_region_id, self.env.ref("coop_crm_base.region_ma_09")
        )
        self.assertEqual(customer.coop_consent_method, "oral")
        self.assertTrue(customer.coop_consent_phone)
        self.assertEqual(
            customer.coop_consent_phone_date,
            fields.Date.context_today(customer.with_user(self.argan_user)),
        )
        # what the banner said, and what the Customers list holds, as the clerk
        as_clerk = customer.with_user(self.argan_user)
        self.assertIn("Hafsa Kettani", as_clerk.coop_duplicate_warning)
        customers = Partner.with_user(self.argan_user).search(
            [("coop_is_customer", "=", True)]
        )
        self.assertIn(customer, customers)
        self.assertNotIn(self.argan_user.partner_id, customers)
        self.assertNotIn(self.argan.partner_id, customers)

    # ------------------------------------------------------------------ members
    def _check_member_flow(self):
        Membership = self.env["coop.membership"]
        branches = self.union.child_ids
        candidates = Membership.search(
            [("company_id", "in", branches.ids), ("state", "=", "candidate")]
        )
        self.assertTrue(candidates, "the demo's cooperatives have candidates")
        self.assertTrue(self.union_user.has_group("coop_crm_base.group_coop_manager"))
        self._tour(
            "/odoo/action-coop_crm_base.action_coop_membership", "coop_day_one_member"
        )
        admitted = candidates.filtered(lambda m: m.state == "active")
        self.assertEqual(len(admitted), 1)
        self.assertEqual(admitted.board_decision_ref, BOARD_REFERENCE)
        self.assertEqual(
            admitted.board_decision_date,
            fields.Date.context_today(admitted.with_user(self.union_user)),
        )
        self.assertRegex(admitted.number, r"^M\d{4}-\d{5}$")
        self.assertEqual(admitted.write_uid, self.union_user)

    # ------------------------------------------------------------------ claims
    def _check_claim_flow(self):
        Claim = self.env["coop.claim"]
        before = Claim.search([])
        self._tour("/odoo/action-coop_claims.action_coop_claim", "coop_day_one_claim")
        claim = Claim.search([]) - before
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.create_uid, self.argan_user)
        self.assertEqual(claim.company_id, self.argan)
        self.assertEqual(claim.partner_id, self.hafsa)
        self.assertEqual(claim.channel, "phone")
        self.assertRegex(claim.name, r"^CLM/\d{4}/\d{5}$")
        self.assertEqual(claim.phase, "registration")
        self.assertEqual(claim.claim_type, "good_faith")
        self.assertTrue(claim.category_id)
        # the customer was written to, from a no-reply address, by the clerk
        sent = claim.message_ids.filtered(lambda m: self.hafsa in m.partner_ids)
        self.assertGreaterEqual(len(sent), 2, "acknowledgement and phase change")
        self.assertEqual(sent.author_id, self.argan_user.partner_id)
        for message in sent:
            self.assertRegex(message.email_from, r"noreply@[\w.-]+")
        # the button read "Qualifier" (French) or its Arabic label, not "Enregistrer"
        view = self.env.ref("coop_claims.coop_claim_view_form")
        arch = view.with_context(lang=self.LANG).arch_db
        self.assertIn(self.QUALIFY, arch)


class DayOneFrench(CustomerMemberClaimFlows, DayOneTourCase):
    """The customer, member and claim flows in French."""

    def test_customer_met_at_a_souk_french(self):
        """M-3, M-9, X-2, issue #21: the demo's argan clerk, in French, creates a
        customer with a phone and a city: the region is filled from the city, the demo
        customer with the same mobile is named in the duplicate banner, the oral consent
        is dated when saved; the customer is in the Customers list, the clerk and the
        cooperative are not."""
        self._check_customer_flow()

    def test_member_admitted_french(self):
        """M-2, X-1, X-9, X-2, issue #21: the demo's union manager, without an e-mail
        address in a union without one, logged in at the union, in French: the members
        open on the memberships in progress (candidates included), a cooperative's
        candidate is admitted from the union with the board's decision (reference and
        date) and gets a member number."""
        self._check_member_flow()

    def test_claim_by_staff_without_email_french(self):
        """C-1, X-9, X-2, issue #21: the demo's argan clerk, who has no e-mail address
        in a cooperative without one (no catchall, no default sender), in French,
        records a claim received by phone: saved, it has its number and the
        acknowledgement is sent; "Qualifier" (not like "Enregistrer") moves it to
        registration."""
        self._check_claim_flow()


class DayOneArabic(CustomerMemberClaimFlows, DayOneTourCase):
    """The customer, member and claim flows again, in Arabic, right to left."""

    LANG = "ar_001"
    QUALIFY = 'string="تصنيف"'

    def test_customer_met_at_a_souk_arabic(self):
        """M-3, M-9, X-2, issue #21: the customer met at a souk, in Arabic, right to
        left: region from the city, duplicate banner, dated oral consent, the Customers
        list without staff nor cooperative."""
        self.assertEqual(self.env["res.lang"]._lang_get("ar_001").direction, "rtl")
        self._check_customer_flow()

    def test_member_admitted_arabic(self):
        """M-2, X-9, X-2, issue #21: the members in progress (جارية) and an admission
        with the board's decision, in Arabic, right to left."""
        self._check_member_flow()

    def test_claim_by_staff_without_email_arabic(self):
        """C-1, X-9, X-2, issue #21: a claim recorded and qualified (تصنيف) by staff
        without an e-mail address, in Arabic, right to left."""
        self._check_claim_flow()


class DayOneUnionAndTraining(DayOneTourCase):
    """The flows run in French only: cards, indicators, training."""

    def test_union_manager_renews_an_expired_card(self):
        """L-3, X-6, X-9, X-2, issue #21: the demo's union manager (a loyalty manager
        without sales rights), logged in at the union, renews a branch's expired card in
        one action (Renouveler): the fee order is confirmed, the card valid for another
        year, the renewal in its history, the fee earns no points."""
        user = self.union_user
        self.assertTrue(user.has_group("coop_loyalty.group_loyalty_manager"))
        self.assertFalse(user.has_group("sales_team.group_sale_salesman"))
        card = (
            self.env["loyalty.card"]
            .search([("coop_card", "=", True), ("company_id", "=", self.argan.id)])
            .filtered(lambda c: c.coop_validity_state == "expired")[:1]
        )
        self.assertTrue(card, "the demo has an expired argan card")
        points, expiry = card.points, card.coop_date_expiry
        history = card.history_ids
        orders = self.env["sale.order"].search(
            [("partner_id", "=", card.partner_id.id)]
        )
        self._tour(
            f"/odoo/action-coop_loyalty.action_coop_loyalty_card/{card.id}",
            "coop_day_one_card",
        )
        card.invalidate_recordset()
        today = fields.Date.context_today(card.with_user(user))
        self.assertEqual(card.coop_validity_state, "valid")
        self.assertEqual(
            card.coop_date_expiry, max(today, expiry) + relativedelta(months=12)
        )
        self.assertEqual(card.points, points)
        # the fee order's line and the renewal's, neither with points; the renewal
        # names the new expiry in the user's format
        lines = card.history_ids - history
        self.assertEqual(set(lines.mapped("issued")) | set(lines.mapped("used")), {0.0})
        new_expiry = format_date(
            self.env(context={"lang": "fr_FR"}), card.coop_date_expiry
        )
        self.assertEqual(
            len(lines.filtered(lambda h: new_expiry in h.description)),
            1,
            lines.mapped("description"),
        )
        order = (
            self.env["sale.order"].search([("partner_id", "=", card.partner_id.id)])
            - orders
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.user_id, user)
        self.assertEqual(
            order.order_line.product_id, card.program_id.coop_fee_product_id
        )

    def test_union_manager_sees_the_union_indicators_at_login(self):
        """M-8, X-1, X-9, X-2, issue #21: the demo's union manager logs in and opens the
        indicators without touching the company switcher: the union's three cooperatives
        are there, the union's own consolidated rows are not, and the union's total of
        customers is the sum of its cooperatives'."""
        Indicator = self.env["coop.indicator"]
        branches = self.union.child_ids
        self.assertEqual(len(branches), 3)
        self.assertTrue(Indicator.search_count([("company_id", "in", branches.ids)]))
        consolidated = Indicator.search(
            [("company_id", "=", self.union.id), ("is_consolidated", "=", True)]
        )
        # the rows that a wrong total would add exist: the test can fail
        self.assertTrue(consolidated, "the union has consolidated indicators")
        self._tour(
            "/odoo/action-coop_crm_base.action_coop_indicator",
            "coop_day_one_indicators",
        )

    def test_training_several_members_at_once(self):
        """T-2, T-3, X-2, issue #21: the demo's dairy clerk, in French, opens the
        upcoming training and registers four members at once (those already registered
        are skipped); the certificate of the past training prints as the clerk."""
        session = self.env.ref("coop_training.demo_training_upcoming")
        self.assertEqual(session.company_id, self.dairy)
        self.assertFalse(session.is_finished)
        before = session.registration_ids
        self._tour(
            f"/odoo/action-coop_training.action_coop_training_session/{session.id}",
            "coop_day_one_training",
        )
        wizard = self.env["coop.training.register.wizard"].search(
            [], order="id desc", limit=1
        )
        self.assertEqual(wizard.event_id, session)
        self.assertEqual(len(wizard.membership_ids), 4)
        new = session.registration_ids - before
        self.assertGreaterEqual(len(new), 2, "several members registered at once")
        self.assertEqual(
            new.partner_id, wizard.membership_ids.partner_id - before.partner_id
        )
        self.assertEqual(
            new.coop_membership_id, wizard.membership_ids - before.coop_membership_id
        )
        self.assertEqual(set(new.mapped("create_uid")), {self.dairy_user})
        # T-3: the certificate of the past training, printed as the clerk
        past = self.env.ref("coop_training.demo_training_dairy_past")
        attendees = past.registration_ids.filtered(lambda r: r.training_hours > 0)
        self.assertTrue(attendees)
        action = past.with_user(self.dairy_user).action_open_training_certificates()
        self.assertEqual(
            action["report_name"], "coop_training.report_training_certificate"
        )
        self.authenticate(*DEMO_LOGINS["coop_crm_base.coop_user_dairy"])
        response = self.url_open(
            "/report/html/coop_training.report_training_certificate/"
            + ",".join(map(str, attendees.ids))
        )
        self.assertEqual(response.status_code, 200)
        for name in attendees.partner_id.mapped("name"):
            self.assertIn(name, response.text)
