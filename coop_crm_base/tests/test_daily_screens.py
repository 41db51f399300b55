from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestMembersScreen(CoopCase):
    """The members screen as a clerk uses it on day one (M-2, X-6, issue #21)."""

    def test_default_filter_shows_memberships_in_progress(self):
        """M-2, issue #21: the Members menu opens on the memberships in progress,
        candidates included, and not on the ended ones."""
        action = self.env.ref("coop_crm_base.action_coop_membership")
        self.assertIn("search_default_in_progress", action.context)
        view = self.env.ref("coop_crm_base.coop_membership_view_search")
        arch = view.arch_db
        self.assertIn('name="in_progress"', arch)
        candidate = self._membership(self.partner_a, self.coop_a)
        other = self.env["res.partner"].create(
            {"name": "Ended A", "company_id": self.coop_a.id}
        )
        ended = self._membership(other, self.coop_a)
        ended.action_resign(reason="Changed her mind")
        domain = [("state", "in", ("candidate", "active", "suspended"))]
        found = self.env["coop.membership"].with_user(self.user_a).search(domain)
        self.assertIn(candidate, found)
        self.assertNotIn(ended, found)

    def test_candidate_withdraws_member_resigns(self):
        """M-2, issue #21: a candidate who leaves has withdrawn the application, a
        member who leaves has resigned; the state keys stay those integrators read."""
        candidate = self._membership(
            self.partner_a, self.coop_a, date_application=date(2026, 1, 5)
        )
        action = candidate.with_user(self.user_a).action_resign()
        self.assertEqual(action["name"], "Withdraw the application")
        wizard = Form(
            self.env["coop.membership.change"]
            .with_user(self.user_a)
            .with_context(**action["context"])
        )
        wizard.reason = "Moved to Agadir"
        wizard.date = date(2026, 1, 20)
        self.assertTrue(wizard.is_withdrawal)
        wizard.save().action_confirm()
        self.assertEqual(candidate.state, "resigned")
        self.assertEqual(candidate.status, "withdrawn")
        self.assertIn(
            "Application withdrawn", "".join(candidate.message_ids.mapped("body"))
        )

        other = self.env["res.partner"].create(
            {"name": "Member A", "company_id": self.coop_a.id}
        )
        member = self._membership(other, self.coop_a, date_application=date(2026, 1, 5))
        member.with_user(self.manager_a).action_admit(date=date(2026, 2, 1))
        self.assertEqual(
            member.with_user(self.user_a).action_resign()["name"], "Membership change"
        )
        member.action_resign(reason="Retired")
        self.assertEqual((member.state, member.status), ("resigned", "resigned"))
        self.assertIn("Resigned on", "".join(member.message_ids.mapped("body")))

        # the status is computed, never written by a client
        with self.assertRaises(UserError):
            candidate.with_user(self.user_a).write({"status": "candidate"})
        self.assertEqual(candidate.status, "withdrawn")

    def test_admission_records_board_decision(self):
        """M-2, issue #21: the Admit button asks the board's decision; it is shown on
        the membership and written by the admission only."""
        membership = self._membership(
            self.partner_a, self.coop_a, date_application=date(2026, 1, 5)
        )
        # a plain user does not open the admission
        with self.assertRaises(AccessError):
            membership.with_user(self.user_a).action_admit_wizard()
        action = membership.with_user(self.manager_a).action_admit_wizard()
        self.assertEqual(action["res_model"], "coop.membership.admit")
        wizard = Form(
            self.env["coop.membership.admit"]
            .with_user(self.manager_a)
            .with_context(**action["context"])
        )
        wizard.date = date(2026, 2, 3)
        wizard.board_decision_date = date(2026, 2, 1)
        wizard.board_decision_ref = "PV 2026/02"
        wizard.save().action_confirm()
        self.assertEqual(membership.state, "active")
        self.assertEqual(membership.date_admission, date(2026, 2, 3))
        self.assertEqual(membership.board_decision_date, date(2026, 2, 1))
        self.assertEqual(membership.board_decision_ref, "PV 2026/02")
        self.assertIn("PV 2026/02", "".join(membership.message_ids.mapped("body")))

        # written by the action only: not by a plain write over RPC, nor at creation
        for user in (self.user_a, self.manager_a):
            with self.assertRaises(UserError):
                membership.with_user(user).write({"board_decision_ref": "forged"})
        self.assertEqual(membership.board_decision_ref, "PV 2026/02")
        other = self.env["res.partner"].create(
            {"name": "Forger A", "company_id": self.coop_a.id}
        )
        with self.assertRaises(UserError):
            self.env["coop.membership"].with_user(self.manager_a).create(
                {
                    "partner_id": other.id,
                    "company_id": self.coop_a.id,
                    "board_decision_ref": "forged",
                }
            )
        self.assertFalse(
            self.env["coop.membership"].search([("partner_id", "=", other.id)])
        )

    def test_admission_over_rpc_without_board_decision(self):
        """M-2, issue #21: ``action_admit(date=None)`` keeps working for integrations;
        the board's decision is optional and cannot postdate the admission."""
        membership = self._membership(
            self.partner_a, self.coop_a, date_application=date(2026, 1, 5)
        )
        with self.assertRaises(ValidationError):
            membership.with_user(self.manager_a).action_admit(
                date=date(2026, 2, 1), board_decision_date=date(2026, 3, 1)
            )
        self.assertEqual(membership.state, "candidate")
        self.assertFalse(membership.board_decision_date)
        membership.with_user(self.manager_a).action_admit()
        self.assertEqual(membership.state, "active")
        self.assertFalse(membership.board_decision_ref)


@tagged("post_install", "-at_install")
class TestCustomerAtSouk(CoopCase):
    """A customer met at a souk, recorded by a clerk (M-3, X-1, issue #21)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ma = cls.env.ref("base.ma")
        (cls.coop_a | cls.coop_b).write({"country_id": cls.ma.id})
        cls.souss = cls.env.ref("coop_crm_base.region_ma_09")
        cls.fes_meknes = cls.env.ref("coop_crm_base.region_ma_03")

    def test_region_from_city_and_country_of_the_cooperative(self):
        """M-3, issue #21: Morocco is the default country in a Moroccan cooperative; the
        region follows the city (on the form and at creation) and stays editable."""
        Partner = self.env["res.partner"].with_user(self.user_a)
        with Form(Partner) as form:
            form.name = "Khadija Souk"
            self.assertEqual(form.country_id, self.ma)
            form.city = "Aït Melloul"
            self.assertEqual(form.coop_region_id, self.souss)
            form.coop_region_id = self.fes_meknes  # the clerk knows better
        customer = form.record
        self.assertEqual(
            (customer.country_id, customer.coop_region_id), (self.ma, self.fes_meknes)
        )

        imported = Partner.create({"name": "Imported", "city": "  FES "})
        self.assertEqual(imported.coop_region_id, self.fes_meknes)
        self.assertEqual(imported.country_id, self.ma)
        given = Partner.create(
            {"name": "Given", "city": "Agadir", "coop_region_id": self.fes_meknes.id}
        )
        self.assertEqual(given.coop_region_id, self.fes_meknes)
        abroad = Partner.create(
            {
                "name": "Abroad",
                "city": "Agadir",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        self.assertFalse(abroad.coop_region_id)
        unknown = Partner.create({"name": "Village", "city": "Douar Tizi"})
        self.assertFalse(unknown.coop_region_id)

        # a cooperative of another country gets no Moroccan default
        self.coop_b.country_id = self.env.ref("base.fr")
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.user_b)
            .new({"name": "Pierre"})
            .country_id
        )

    def test_duplicate_warning_within_what_the_user_reads(self):
        """M-3, X-1, issue #21: a likely duplicate (same phone, or same name and city)
        is shown as a warning, never an error, and only among the customers the user may
        read: the customers of another cooperative are neither named nor hinted at."""
        self.env["res.partner"].create(
            {
                "name": "Aicha Bennani",
                "phone": "0612345678",
                "city": "Tiznit",
                "company_id": self.coop_a.id,
            }
        )
        with Form(self.env["res.partner"].with_user(self.user_b)) as form:
            form.name = "Aicha B."
            form.phone = "06 12 34 56 78"
            self.assertFalse(form.coop_duplicate_warning)
            form.name = "Aicha Bennani"
            form.city = "Tiznit"
            self.assertFalse(form.coop_duplicate_warning)

        with Form(self.env["res.partner"].with_user(self.user_a)) as form:
            form.name = "A. Bennani"
            form.phone = "06 12 34 56 78"
            self.assertIn("Aicha Bennani", form.coop_duplicate_warning)
            form.phone = "0600000001"
            self.assertFalse(form.coop_duplicate_warning)
            form.name = "aicha bennani"
            form.city = "TIZNIT"
            self.assertIn("Aicha Bennani", form.coop_duplicate_warning)
        # a warning, not a refusal: the second file is saved
        self.assertTrue(form.record.exists())
        self.assertIn("Aicha Bennani", form.record.coop_duplicate_warning)

    def test_duplicate_warning_same_phone_another_city(self):
        """M-3, issue #21: a customer met at a souk in another city than the one of the
        file already kept for her phone is still warned of as a likely duplicate (the
        same phone alone is enough, whatever the name and city typed)."""
        self.env["res.partner"].create(
            {
                "name": "Hafsa Kettani",
                "mobile": "0676610193",
                "city": "Guelmim",
                "company_id": self.coop_a.id,
            }
        )
        with Form(self.env["res.partner"].with_user(self.user_a)) as form:
            form.name = "Zineb Ait Souk"
            form.phone = "06 76 61 01 93"
            form.city = "Agadir"
            self.assertIn("Hafsa Kettani", form.coop_duplicate_warning or "")

    def test_consent_method(self):
        """M-3, M-9, issue #21: how consent was given is kept beside its date, and
        erased with the other personal data."""
        customer = (
            self.env["res.partner"]
            .with_user(self.user_a)
            .create(
                {
                    "name": "Hassan Till",
                    "company_id": self.coop_a.id,
                    "coop_consent_sms": True,
                    "coop_consent_method": "till",
                }
            )
        )
        self.assertEqual(customer.coop_consent_method, "till")
        self.assertTrue(customer.coop_consent_sms_date)
        self.assertEqual(
            dict(
                customer._fields["coop_consent_method"]._description_selection(self.env)
            ),
            {
                "oral": "Orally",
                "signed_form": "Signed form",
                "web_form": "Web form",
                "till": "At the till",
            },
        )
        from ..models.res_partner import ERASED_FIELDS

        self.assertIn("coop_consent_method", ERASED_FIELDS)


@tagged("post_install", "-at_install")
class TestCustomersList(CoopCase):
    """The Customers list shows customers (M-3, M-5, issue #21)."""

    def test_customers_filter(self):
        """M-3, issue #21: the Customers menu opens filtered on customers: not the
        staff, the cooperatives' own records, directory cooperatives or Odoo's demo
        companies; a portal customer stays a customer."""
        action = self.env.ref("coop_crm_base.action_coop_customers")
        self.assertIn("'search_default_coop_customers': 1", action.context)
        Partner = self.env["res.partner"]
        customer = Partner.create(
            {"name": "Souk Customer", "company_id": self.coop_a.id}
        )
        portal = new_test_user(
            self.env,
            "souk_portal",
            groups="base.group_portal",
            company_id=self.coop_a.id,
        )
        directory = Partner.create(
            {"name": "Coop Annuaire", "is_company": True, "is_cooperative": True}
        )
        odoo_demo = Partner.create({"name": "Deco Like", "is_company": True})
        self.env["ir.model.data"].create(
            {
                "module": "base",
                "name": "coop_test_demo_company",
                "model": "res.partner",
                "res_id": odoo_demo.id,
            }
        )
        imported = Partner.create(
            {"name": "Imported Customer", "company_id": self.coop_a.id}
        )
        self.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": "coop_test_imported",
                "model": "res.partner",
                "res_id": imported.id,
            }
        )
        everyone = (
            customer
            | portal.partner_id
            | directory
            | odoo_demo
            | imported
            | self.user_a.partner_id
            | self.manager_a.partner_id
            | self.coop_a.partner_id
        )
        found = Partner.with_user(self.manager_a).search(
            [("id", "in", everyone.ids), ("coop_is_customer", "=", True)]
        )
        self.assertEqual(found, customer | portal.partner_id | imported)
        others = Partner.search(
            [("id", "in", everyone.ids), ("coop_is_customer", "=", False)]
        )
        self.assertEqual(others, everyone - found)
        self.assertEqual(everyone.filtered("coop_is_customer"), found)

    def test_badges_explained(self):
        """M-5, issue #21: Pareto class, RFM digits, stage and segment carry an
        explanation (tooltips) that tells the stage from the segment."""
        fields_info = self.env["res.partner"].fields_get(
            [
                "coop_pareto_class",
                "coop_rfm_score",
                "coop_rfm_segment",
                "coop_lifecycle_stage",
            ],
            ["help"],
        )
        self.assertIn("Recency", fields_info["coop_rfm_score"]["help"])
        self.assertIn("revenue", fields_info["coop_pareto_class"]["help"])
        self.assertIn("lifecycle stage", fields_info["coop_rfm_segment"]["help"])
        self.assertIn("RFM segment", fields_info["coop_lifecycle_stage"]["help"])
