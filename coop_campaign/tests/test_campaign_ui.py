from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCampaignReturnUi(HttpCase):
    """R-1 (issue #17): a campaign's return as a French-speaking manager reads it, in
    a real browser (X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"].search(
            [("name", "in", ("coop_crm_base", "coop_campaign"))]
        )._update_translations(["fr_FR"])
        new_test_user(
            cls.env,
            "campaign_manager_fr",
            groups="coop_crm_base.group_coop_manager,"
            "mass_mailing.group_mass_mailing_user,sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            lang="fr_FR",
        )
        customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Cliente campagne {index}",
                    "email": f"cliente{index}@example.ma",
                    "company_id": cls.company.id,
                    "coop_consent_email": True,
                }
                for index in range(20)
            ]
        )
        campaign = cls.env["utm.campaign"].create(
            {
                "title": "Printemps argan",
                "coop_company_id": cls.company.id,
                "coop_email_cost": 1.0,
                "coop_other_cost": 100.0,
            }
        )
        cls.env["mailing.mailing"].create(
            {
                "subject": "Nouvelle récolte",
                "body_html": "<p>La nouvelle huile est arrivée.</p>",
                "mailing_type": "mail",
                "campaign_id": campaign.id,
                "mailing_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", customers.ids)]),
                "email_from": "coop@example.ma",
            }
        ).action_send_mail()
        product = cls.env["product.product"].create(
            {"name": "Huile d'argan 1 l", "list_price": 1000.0, "taxes_id": False}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": customers[0].id,
                "company_id": cls.company.id,
                "campaign_id": campaign.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        cls.campaign = campaign

    def test_campaign_return_tour_french(self):
        """R-1, X-2: 20 e-mails at 1.00 and 100.00 of other costs (120.00); the
        order of the campaign (1,000.00) without a control group: net result 880.00,
        return 733.33%."""
        self.assertEqual(
            (self.campaign.coop_net_result, self.campaign.coop_roi), (880.0, 733.33)
        )
        self.start_tour(
            "/odoo/action-coop_campaign.action_coop_campaign_return",
            "coop_campaign_return_tour",
            login="campaign_manager_fr",
        )
