from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.sms.tests.common import SMSCase


class CoopCase(TransactionCase):
    """A union with two member cooperatives, and users of each (X-1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one time zone for everyone, as in a cooperative: Odoo's demo gives the
        # superuser Europe/Brussels while test users are in UTC, so between 23:00 and
        # 24:00 UTC "today" was a day apart between who creates a membership and who
        # admits it
        cls.env.user.tz = "UTC"
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, tz="UTC")
        )
        Company = cls.env["res.company"]
        cls.mad = cls.env.ref("base.MAD")
        cls.union = Company.create({"name": "Union Test", "currency_id": cls.mad.id})
        cls.coop_a = Company.create(
            {
                "name": "Coop A",
                "parent_id": cls.union.id,
                "currency_id": cls.mad.id,
                "coop_share_unit_value": 100.0,
            }
        )
        cls.coop_b = Company.create(
            {
                "name": "Coop B",
                "parent_id": cls.union.id,
                "currency_id": cls.mad.id,
                "coop_share_unit_value": 50.0,
            }
        )
        cls.user_a = new_test_user(
            cls.env,
            "coop_user_a",
            groups="coop_crm_base.group_coop_user",
            company_id=cls.coop_a.id,
            company_ids=[(6, 0, cls.coop_a.ids)],
        )
        cls.manager_a = new_test_user(
            cls.env,
            "coop_manager_a",
            groups="coop_crm_base.group_coop_manager",
            company_id=cls.coop_a.id,
            company_ids=[(6, 0, cls.coop_a.ids)],
        )
        cls.user_b = new_test_user(
            cls.env,
            "coop_user_b",
            groups="coop_crm_base.group_coop_user",
            company_id=cls.coop_b.id,
            company_ids=[(6, 0, cls.coop_b.ids)],
        )
        cls.union_manager = new_test_user(
            cls.env,
            "coop_union_manager",
            groups="coop_crm_base.group_union_manager",
            company_id=cls.union.id,
            company_ids=[(6, 0, cls.union.ids)],
        )
        Partner = cls.env["res.partner"]
        cls.partner_a = Partner.create(
            {"name": "Fatima A", "company_id": cls.coop_a.id}
        )
        cls.partner_b = Partner.create(
            {"name": "Brahim B", "company_id": cls.coop_b.id}
        )

    @classmethod
    def _coop_load_books(cls):
        """Accounting for coop A (a branch of the union: it uses the union's chart),
        Odoo's generic chart; the chart sets its own currency: the cooperatives keep
        the dirham."""
        ChartTemplate = cls.env["account.chart.template"]
        ChartTemplate.try_loading("generic_coa", cls.union, install_demo=False)
        ChartTemplate.try_loading("generic_coa", cls.coop_a, install_demo=False)
        (cls.union | cls.coop_a).currency_id = cls.mad

    @classmethod
    def _membership(cls, partner, company, **vals):
        return cls.env["coop.membership"].create(
            {"partner_id": partner.id, "company_id": company.id, **vals}
        )


def day_one_clerk(env, login, groups, company):
    """A clerk without an e-mail address in a cooperative without one, on a database
    without catchall nor alias domain: the first day of a cooperative (X-9)."""
    clerk = new_test_user(
        env,
        login,
        groups=groups,
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
    )
    clerk.partner_id.email = False
    company.partner_id.email = False
    env["ir.config_parameter"].sudo().set_param("mail.catchall.domain", False)
    env["ir.config_parameter"].sudo().set_param("mail.default.from", False)
    env["mail.alias.domain"].sudo().search([]).unlink()
    return clerk


class CoopChannelCase(SMSCase):
    """Messages on a person's channel (X-7): Odoo's SMS gateway mock, the suite's
    French and Arabic loaded for ``channel_modules``, helpers to send the SMS queue and
    find a person's SMS. Mixed into an addon's test case:
    ``class TestX(ClaimsCase, CoopChannelCase)``."""

    channel_modules = ("coop_crm_base",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("fr_FR", "ar_001"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"].search(
            [("name", "in", cls.channel_modules)]
        )._update_translations(["fr_FR", "ar_001"])

    def setUp(self):
        super().setUp()
        # the demo's records may have queued their own SMS: send only this test's
        self._clear_outgoing_sms()

    def _send_queue(self):
        self.env["sms.sms"].sudo()._process_queue()

    def _sms_of(self, partner):
        return self._new_sms.filtered(lambda sms: sms.partner_id == partner).sorted(
            "id"
        )
