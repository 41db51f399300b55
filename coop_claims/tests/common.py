from datetime import datetime

from odoo.tests import new_test_user

from odoo.addons.coop_crm_base.tests.common import CoopCase


class ClaimsCase(CoopCase):
    """CoopCase whose users handle claims, with a portal customer (X-1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        claims_user = cls.env.ref("coop_claims.group_claims_user")
        (cls.user_a | cls.user_b).write({"groups_id": [(4, claims_user.id)]})
        for company in (cls.coop_a, cls.coop_b):
            company.resource_calendar_id.tz = "Africa/Casablanca"
            company.email = (
                f"contact@{company.name.lower().replace(' ', '-')}.example.ma"
            )
        # X-7: the claims' messages go to customers who consented to e-mail (no
        # tracking message: it would be flushed inside a test that counts messages)
        untracked = {"tracking_disable": True}
        cls.partner_a.with_context(**untracked).write(
            {"email": "fatima@example.ma", "coop_consent_email": True}
        )
        cls.partner_b.with_context(**untracked).write(
            {"email": "brahim@example.ma", "coop_consent_email": True}
        )
        cls.portal_user = new_test_user(
            cls.env,
            "claims_portal",
            groups="base.group_portal",
            name="Portal Customer",
            email="portal@example.ma",
            company_id=cls.coop_a.id,
            company_ids=[(6, 0, cls.coop_a.ids)],
        )
        cls.portal_partner = cls.portal_user.partner_id
        cls.portal_partner.with_context(**untracked).coop_consent_email = True
        cls.category = cls.env.ref("coop_claims.claim_category_quality")
        cls.Claim = cls.env["coop.claim"]

    @classmethod
    def _claim(cls, partner=None, company=None, **vals):
        company = company or cls.coop_a
        return cls.Claim.with_company(company).create(
            {
                "subject": "Rancid oil",
                "partner_id": (partner or cls.partner_a).id,
                "company_id": company.id,
                "channel": "phone",
                "date_received": datetime(2026, 1, 9, 10, 0),
                **vals,
            }
        )

    def _messages(self, claim, subject_part):
        return claim.message_ids.filtered(lambda m: subject_part in (m.subject or ""))
