import io
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.coop_crm_base.tests.sales_common import CoopSalesCase


@tagged("post_install", "-at_install")
class TestCampaign(CoopSalesCase):
    """R-1 (issue #17): a cooperative's campaign on Odoo's mass mailing, its control
    group, the purchases it brought, its cost and return."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {
                    "name": f"Client {index:03d}",
                    "email": f"client{index:03d}@example.ma",
                    "company_id": cls.coop_a.id,
                    "coop_consent_email": True,
                }
                for index in range(400)
            ]
        )
        cls.no_consent = Partner.create(
            {
                "name": "No consent",
                "email": "no.consent@example.ma",
                "company_id": cls.coop_a.id,
            }
        )
        cls.blacklisted = Partner.create(
            {
                "name": "Blacklisted",
                "email": "stop@example.ma",
                "company_id": cls.coop_a.id,
                "coop_consent_email": True,
            }
        )
        cls.env["mail.blacklist"]._add("stop@example.ma")
        cls.elsewhere = Partner.create(
            {
                "name": "Customer of coop B",
                "email": "b@example.ma",
                "company_id": cls.coop_b.id,
                "coop_consent_email": True,
            }
        )
        cls.segment = cls.customers | cls.no_consent | cls.blacklisted | cls.elsewhere

    def _campaign(self, **vals):
        return self.env["utm.campaign"].create(
            {
                "title": "Printemps de l'argan",
                "coop_company_id": self.coop_a.id,
                "coop_email_cost": 1.5,
                **vals,
            }
        )

    def _mailing(self, campaign, partners=None):
        return self.env["mailing.mailing"].create(
            {
                "subject": "Nouvelle récolte",
                "body_html": "<p>La nouvelle huile est arrivée.</p>",
                "mailing_type": "mail",
                "campaign_id": campaign.id,
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", (partners or self.segment).ids)]),
                "email_from": "coop-a@example.ma",
            }
        )

    def _groups(self, campaign):
        recipients = campaign.coop_recipient_ids
        return (
            recipients.filtered(lambda r: not r.is_control).partner_id,
            recipients.filtered("is_control").partner_id,
        )

    def _buy(self, partners, amount, days=0):
        day = fields.Date.today() + timedelta(days=days)
        return self._orders(
            [(partner, self.coop_a, day, amount) for partner in partners]
        )

    def test_worked_figures(self):
        """R-1: a campaign to 200 customers (200 more left out as its control group,
        50%), of which 20 bought 6,000 within the window, against the control group's
        1,000 for the same size, costing 300 (200 e-mails at 1.50): extra revenue
        5,000, net result 4,700, return 4,700 / 300 = 1,566.67%. Customers without
        consent, blacklisted or of another cooperative are neither reached nor in the
        control group; purchases before the mailing or after the window do not
        count."""
        campaign = self._campaign(coop_control_percent=50.0)
        mailing = self._mailing(campaign)
        mailing.action_send_mail()
        reached, control = self._groups(campaign)
        self.assertEqual((len(reached), len(control)), (200, 200))
        self.assertFalse((reached | control) - self.customers)
        Trace = self.env["mailing.trace"]
        traces = Trace.search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(set(traces.mapped("res_id")), set(reached.ids))
        buyers = reached[:20]
        self._buy(buyers, 300.0)
        self._buy(control[:5], 200.0)
        self._buy(reached[20:25], 999.0, days=-3)  # before the mailing
        self._buy(reached[25:30], 999.0, days=40)  # after the 30-day window
        campaign.invalidate_recordset()
        self.assertEqual(
            (
                campaign.coop_recipient_count,
                campaign.coop_control_count,
                campaign.coop_buyer_count,
                campaign.coop_revenue,
                campaign.coop_control_revenue_scaled,
                campaign.coop_incremental_revenue,
                campaign.coop_messages_sent,
                campaign.coop_total_cost,
                campaign.coop_net_result,
                campaign.coop_roi,
            ),
            (200, 200, 20, 6000.0, 1000.0, 5000.0, 200, 300.0, 4700.0, 1566.67),
        )
        # the same figures in the campaigns' XLSX export, as the cooperative's user
        content, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_a)
            ._render_xlsx("coop_campaign.report_coop_campaigns_xlsx", campaign.ids, {})
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header, row = list(sheet.iter_rows(values_only=True))
        line = dict(zip(header, row, strict=False))
        self.assertEqual(
            (line["Recipients"], line["Net result"], line["Return (%)"]),
            (200, 4700.0, 1566.67),
        )

    def test_control_group_stays_out(self):
        """R-1: a second mailing of the campaign never reaches its control group, and
        a customer joins the campaign once."""
        campaign = self._campaign(coop_control_percent=10.0)
        self._mailing(campaign, self.customers[:100]).action_send_mail()
        reached, control = self._groups(campaign)
        self.assertEqual((len(reached), len(control)), (90, 10))
        second = self._mailing(campaign, self.customers[:150])
        second.action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", second.id)])
        self.assertFalse(set(traces.mapped("res_id")) & set(control.ids))
        reached2, control2 = self._groups(campaign)
        # of the 50 new customers, 5 more join the control group
        self.assertEqual((len(reached2), len(control2)), (135, 15))
        self.assertTrue(control <= control2)

    def test_attributed_without_control_group(self):
        """R-1: without a control group, the extra revenue is the orders attributed
        to the campaign within the window: an order with its UTM campaign, an order
        using its promotion code (whose discount is a cost); another order is not."""
        promotion = self.env["loyalty.program"].create(
            {
                "name": "Code PRINTEMPS",
                "program_type": "promo_code",
                "company_id": self.coop_a.id,
                "rule_ids": [Command.create({"code": "PRINTEMPS"})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        campaign = self._campaign(
            coop_program_ids=[Command.set(promotion.ids)], coop_other_cost=50.0
        )
        self._mailing(campaign, self.customers[:10]).action_send_mail()
        utm_order, plain = self._buy(self.customers[:2], 500.0)
        utm_order.campaign_id = campaign
        coded = (
            self.env["sale.order"]
            .with_company(self.coop_a)
            .create(
                {
                    "partner_id": self.customers[2].id,
                    "company_id": self.coop_a.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 10,
                                "price_unit": 100.0,
                                "tax_id": False,
                            }
                        )
                    ],
                }
            )
        )
        [(coupon, rewards)] = coded._try_apply_code("PRINTEMPS").items()
        coded._apply_program_reward(rewards, coupon)
        self.assertEqual(coded.amount_untaxed, 900.0)
        coded.action_confirm()
        campaign.invalidate_recordset()
        self.assertEqual(
            (
                campaign.coop_attributed_revenue,
                campaign.coop_incremental_revenue,
                campaign.coop_reward_cost,
                campaign.coop_total_cost,
                campaign.coop_net_result,
            ),
            # 500 + 900; cost: 10 e-mails at 1.50, the 100 discount, 50 other
            (1400.0, 1400.0, 100.0, 165.0, 1235.0),
        )
        self.assertTrue(plain)

    def test_settings_and_access(self):
        """R-1, X-1: a control group above half of the customers is refused; another
        cooperative's user sees neither the campaign nor its recipients."""
        with self.assertRaises(ValidationError):
            self._campaign(coop_control_percent=80.0)
        campaign = self._campaign(coop_control_percent=20.0)
        self._mailing(campaign, self.customers[:10]).action_send_mail()
        self.assertEqual(
            campaign.with_user(self.user_a).coop_recipient_ids.mapped("campaign_id"),
            campaign,
        )
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_b).read(["title"])
        self.assertFalse(
            self.env["coop.campaign.recipient"]
            .with_user(self.user_b)
            .search([("campaign_id", "=", campaign.id)])
        )

    def test_mailing_of_no_campaign_unchanged(self):
        """R-1, X-1: a mailing that is not a cooperative's campaign is Odoo's: it
        reaches every contact its domain selects, even a colleague of another
        cooperative (an employee's contact, readable by every employee, that belongs to
        that cooperative), when sent by a mass-mailing user of one cooperative, and
        nothing is recorded on a campaign (Odoo's test_process_mailing_queue_without_
        html_body)."""
        marketer = new_test_user(
            self.env,
            "coop_marketer_a",
            groups="coop_crm_base.group_coop_user,"
            "mass_mailing.group_mass_mailing_user",
            company_id=self.coop_a.id,
            company_ids=[(6, 0, self.coop_a.ids)],
        )
        colleague = self.user_b.partner_id
        colleague.email = "colleague.b@example.ma"
        self.assertEqual(colleague.company_id, self.coop_b)
        targets = colleague | self.customers[:3]
        campaign = self.env["utm.campaign"].create({"title": "Odoo's own"})
        mailing = self._mailing(campaign, targets).with_user(marketer)
        mailing.action_send_mail()
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id)]
        )
        self.assertEqual(set(traces.mapped("res_id")), set(targets.ids))
        self.assertFalse(campaign.coop_recipient_ids)

    def test_acquisition_cost_in_cost_to_serve(self):
        """R-3: a customer the campaign brought (reached, and bought for the first
        time within the window) carries an equal share of the campaign's cost in
        their cost to serve: two new customers of a campaign costing 100 cost 50
        each; a customer who had bought before, or one of the control group, was not
        brought by it."""
        campaign = self._campaign(coop_email_cost=0.0, coop_other_cost=100.0)
        self._mailing(campaign, self.customers[:10]).action_send_mail()
        old_customer = self.customers[2]
        self._buy(old_customer, 80.0, days=-100)
        self._buy(self.customers[:3], 300.0)
        self.env["res.partner"]._coop_recompute_customer_stats(self.coop_a)
        new = self.customers[:2]
        self.assertEqual(new.mapped("coop_cost_to_serve"), [50.0, 50.0])
        self.assertEqual(new.mapped("coop_profit"), [250.0, 250.0])
        self.assertEqual(
            (old_customer.coop_cost_to_serve, old_customer.coop_profit), (0.0, 380.0)
        )
