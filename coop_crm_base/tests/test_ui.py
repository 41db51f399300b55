from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMembershipUi(HttpCase):
    """The members screens as a person uses them, in a real browser (M-2, X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.applicant = cls.env["res.partner"].create({
            "name": "Tour Applicant", "company_id": cls.company.id,
        })
        cls.env.ref("base.user_admin").company_id = cls.company

    def _run_admission_tour(self):
        self.start_tour(
            "/odoo/action-coop_crm_base.action_coop_membership",
            "coop_membership_admission",
            login="admin",
        )
        membership = self.env["coop.membership"].search([("partner_id", "=", self.applicant.id)])
        self.assertEqual(membership.state, "active")
        self.assertRegex(membership.number, r"^M\d{4}-\d{5}$")
        self.assertEqual((membership.share_count, membership.share_paid_count), (10, 4))
        self.assertEqual(membership.share_due_amount, 6 * membership.share_unit_value)
        return membership

    def test_admission_tour_english(self):
        """M-2: admit a member and record shares, in English."""
        self._run_admission_tour()

    def test_admission_tour_french(self):
        """M-2, X-2: the same flow with the interface in French."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "coop_crm_base")])._update_translations(
            ["fr_FR"]
        )
        self.env.ref("base.user_admin").lang = "fr_FR"
        field = self.env["coop.membership"].with_context(lang="fr_FR")._fields["share_count"]
        self.assertEqual(field.get_description(self.env(context={"lang": "fr_FR"}))["string"],
                         "Parts souscrites")
        self._run_admission_tour()
