import shutil
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import date_utils


@tagged("post_install", "-at_install")
class TestMembershipUi(HttpCase):
    """The members screens as a person uses them, in a real browser (M-2, X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.applicant = cls.env["res.partner"].create(
            {
                "name": "Tour Applicant",
                "company_id": cls.company.id,
            }
        )
        cls.env.ref("base.user_admin").company_id = cls.company

    def _run_admission_tour(self):
        self.start_tour(
            "/odoo/action-coop_crm_base.action_coop_membership",
            "coop_membership_admission",
            login="admin",
        )
        membership = self.env["coop.membership"].search(
            [("partner_id", "=", self.applicant.id)]
        )
        self.assertEqual(membership.state, "active")
        self.assertRegex(membership.number, r"^M\d{4}-\d{5}$")
        self.assertEqual((membership.share_count, membership.share_paid_count), (10, 4))
        self.assertEqual(membership.share_due_amount, 6 * membership.share_unit_value)
        self.assertEqual(membership.board_decision_ref, "PV 2026/04")
        self.assertTrue(membership.board_decision_date)
        return membership

    def test_admission_tour_english(self):
        """M-2: admit a member and record shares, in English."""
        self._run_admission_tour()

    def test_admission_tour_french(self):
        """M-2, X-2: the same flow with the interface in French."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "=", "coop_crm_base")]
        )._update_translations(["fr_FR"])
        self.env.ref("base.user_admin").lang = "fr_FR"
        field = (
            self.env["coop.membership"]
            .with_context(lang="fr_FR")
            ._fields["share_count"]
        )
        self.assertEqual(
            field.get_description(self.env(context={"lang": "fr_FR"}))["string"],
            "Parts souscrites",
        )
        self._run_admission_tour()


def _use_language(env, lang, users, modules=("coop_crm_base",)):
    """Activate ``lang``, load the translations of ``modules`` and give it to
    ``users``."""
    env["res.lang"]._activate_lang(lang)
    env["ir.module.module"].search(
        [("name", "in", list(modules))]
    )._update_translations([lang])
    users.write({"lang": lang})


@tagged("post_install", "-at_install")
class TestCustomerPhoneUi(HttpCase):
    """A customer's phone typed as people do, in French, in a real browser (M-3,
    X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.company.country_id = cls.env.ref("base.ma")
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write(
            {"company_id": cls.company.id, "company_ids": [(4, cls.company.id)]}
        )
        _use_language(cls.env, "fr_FR", cls.admin)

    def test_customer_phone_tour_french(self):
        """M-3, X-2: "06 61 23 45 67" typed in a new customer's form shows in
        international form (+212 6 61 23 45 67) and is stored as +212661234567; "06123"
        is refused with the suite's French message and that customer is not saved."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.start_tour(
            "/odoo/action-coop_crm_base.action_coop_customers",
            "coop_customer_phone",
            login="admin",
        )
        good = Partner.search([("name", "=", "Client Tour Téléphone")])
        self.assertEqual(len(good), 1)
        self.assertEqual(good.phone, "+212661234567")
        self.assertFalse(Partner.search([("name", "=", "Client Tour Numéro Faux")]))
        # what the form showed before saving: phone_validation's international form
        self.assertEqual(
            Partner._phone_format(
                number="06 61 23 45 67",
                country=self.env.ref("base.ma"),
                force_format="INTERNATIONAL",
            ),
            "+212 6 61 23 45 67",
        )
        # the message the dialog showed, as the server raises it in French
        with self.assertRaisesRegex(
            ValidationError,
            "06123 n'est pas un numéro de téléphone valide. Utilisez une forme "
            "nationale",
        ):
            Partner.with_context(lang="fr_FR").create(
                {"name": "Faux", "phone": "06123"}
            )


@tagged("post_install", "-at_install")
class TestUnionDashboardUi(HttpCase):
    """The union manager's dashboard and indicators, in French (M-1, M-8, X-1, X-2).

    A union with three cooperatives; in the previous quarter (P-1) and this one (P):
    Argan: c1 100 and c2 200 in P-1, c1 300 and c3 500 in P;
    Lait: c4 100 in P-1, c4 400, c5 100 and c6 100 in P;
    Safran: c7 250 in P.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        mad = env.ref("base.MAD")
        mad.active = True
        Company = env["res.company"]
        common = {"currency_id": mad.id, "country_id": env.ref("base.ma").id}
        cls.union = Company.create({"name": "Union Tour du Sud", **common})
        cls.argan, cls.lait, cls.safran = Company.create(
            [
                {"name": name, "parent_id": cls.union.id, **common}
                for name in (
                    "Coopérative Tour Argan",
                    "Coopérative Tour Lait",
                    "Coopérative Tour Safran",
                )
            ]
        )
        cls.companies = cls.union | cls.argan | cls.lait | cls.safran
        cls.union_manager = new_test_user(
            env,
            "tour_union_manager",
            groups="coop_crm_base.group_union_manager",
            company_id=cls.union.id,
            company_ids=[(6, 0, cls.companies.ids)],
        )
        _use_language(env, "fr_FR", cls.union_manager)

        product = env["product.product"].create(
            {
                "name": "Huile d'argan 1 l",
                "type": "consu",
                "list_price": 100.0,
                "taxes_id": False,
            }
        )
        cls.today = fields.Date.context_today(cls.union_manager)
        previous = date_utils.start_of(cls.today, "quarter") - timedelta(days=10)
        c1, c2, c3, c4, c5, c6, c7 = env["res.partner"].create(
            [
                {"name": f"Client tour {i}", "company_id": company.id}
                for i, company in enumerate(
                    [cls.argan] * 3 + [cls.lait] * 3 + [cls.safran], start=1
                )
            ]
        )
        specs = [
            (c1, cls.argan, previous, 100.0),
            (c2, cls.argan, previous, 200.0),
            (c1, cls.argan, cls.today, 300.0),
            (c3, cls.argan, cls.today, 500.0),
            (c4, cls.lait, previous, 100.0),
            (c4, cls.lait, cls.today, 400.0),
            (c5, cls.lait, cls.today, 100.0),
            (c6, cls.lait, cls.today, 100.0),
            (c7, cls.safran, cls.today, 250.0),
        ]
        orders = env["sale.order"]
        for partner, company, _day, amount in specs:
            orders |= (
                env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 1.0,
                                    "price_unit": amount,
                                    "tax_id": False,
                                }
                            )
                        ],
                    }
                )
            )
        orders.action_confirm()
        for order, (_partner, _company, day, _amount) in zip(
            orders, specs, strict=False
        ):
            order.date_order = datetime.combine(day, time(10, 0))
        env["coop.indicator"]._coop_refresh_indicators(cls.companies, day=cls.today)

    def test_union_dashboard_tour_french(self):
        """M-1, M-8, X-1, X-2: the union manager sees in the dashboard's chart and in
        the indicators of the quarter: Argan 2 active (1 new, retention 1/2 = 50%, 800),
        Lait 3 active (2 new, 100%, 600), Safran 1 (1 new, retention blank, not 0%: no
        previous customer, 250) and the union consolidated: 6 active, 4 new, 2 of 3
        retained (66.67%), 1650; and nothing of another union's cooperatives. The
        screens show the cooperatives' rows, the union's consolidated row on demand
        (issue #21)."""
        start, _end = self.env["coop.indicator"]._coop_period_bounds(
            "quarter", self.today
        )
        rows = self.env["coop.indicator"].search(
            [
                ("company_id", "in", self.companies.ids),
                ("period_type", "=", "quarter"),
                ("date_start", "=", start),
            ]
        )
        figures = {
            row.company_id: (
                row.active_customers,
                row.new_customers,
                row.customers_previous,
                row.customers_retained,
                row.retention_rate,
                row.revenue,
                row.is_consolidated,
            )
            for row in rows
        }
        self.assertEqual(
            figures,
            {
                self.argan: (2, 1, 2, 1, 50.0, 800.0, False),
                self.lait: (3, 2, 1, 1, 100.0, 600.0, False),
                self.safran: (1, 1, 0, 0, False, 250.0, False),
                self.union: (6, 4, 3, 2, 66.67, 1650.0, True),
            },
        )
        self.assertIs(
            rows.filtered(lambda r: r.company_id == self.safran).retention_rate, False
        )
        # the rows the union manager may read are those of his union only
        visible = self.env["coop.indicator"].with_user(self.union_manager).search([])
        self.assertEqual(visible.company_id, self.companies)
        self.start_tour("/odoo", "coop_union_dashboard", login="tour_union_manager")


def _arabic_admin(env, modules):
    """Arabic (right to left) for the administrator, with the translations of
    ``modules`` (X-2); checks that the language is right to left and the terms
    loaded."""
    # without rtlcss Odoo serves the left-to-right stylesheet to Arabic users (it only
    # logs "You need https://rtlcss.com/"): the screens would not be right to left at
    # all
    assert shutil.which(
        "rtlcss"
    ), "install rtlcss (npm install -g rtlcss) for Arabic screens"
    admin = env.ref("base.user_admin")
    _use_language(env, "ar_001", admin, modules)
    lang = env["res.lang"]._lang_get("ar_001")
    assert lang.direction == "rtl", lang.direction
    menu = env.ref("coop_crm_base.menu_coop_root").with_context(lang="ar_001")
    assert menu.name == "التعاونية", menu.name
    return admin


@tagged("post_install", "-at_install")
class TestArabicUi(HttpCase):
    """The members, customers and dashboard screens in Arabic, right to left (X-2, M-2,
    M-3, M-8). The same tour with the other addons' screens: tests/test_ui_arabic.py."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.admin = _arabic_admin(cls.env, ["coop_crm_base"])
        cls.admin.write(
            {"company_id": cls.company.id, "company_ids": [(4, cls.company.id)]}
        )
        partner = cls.env["res.partner"].create(
            {
                "name": "Fatima Zahra",
                "company_id": cls.company.id,
                "phone": "0661234567",
            }
        )
        cls.membership = cls.env["coop.membership"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "share_count": 5,
            }
        )
        cls.membership.action_admit()

    def test_arabic_rtl_tour(self):
        """X-2, M-2, M-3, M-8: members list and form, customer form and its customer
        file, dashboard and indicators read right to left with their Arabic labels;
        labels stand right of their values."""
        self.assertEqual(self.membership.state, "active")
        self.start_tour(
            "/odoo/action-coop_crm_base.action_coop_membership",
            "coop_arabic_rtl",
            login="admin",
        )
