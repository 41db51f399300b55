from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimAccess(ClaimsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim_a = cls._claim()
        cls.claim_b = cls._claim(partner=cls.partner_b, company=cls.coop_b)
        cls.claim_portal = cls._claim(partner=cls.portal_partner)

    def test_coop_user_sees_own_cooperative_only(self):
        """X-1: a user of coop B cannot read, nor write, coop A's claims."""
        Claim_b = self.Claim.with_user(self.user_b)
        self.assertEqual(Claim_b.search([]), self.claim_b)
        with self.assertRaises(AccessError):
            self.claim_a.with_user(self.user_b).read(["subject"])
        with self.assertRaises(AccessError):
            self.claim_a.with_user(self.user_b).write({"subject": "changed"})
        self.assertEqual(self.claim_a.subject, "Rancid oil")
        self.assertEqual(
            self.Claim.with_user(self.user_a).search([]),
            self.claim_a | self.claim_portal,
        )

    def test_user_without_claims_group_is_refused(self):
        """X-1: a cooperative user without the claims group has no access to claims."""
        plain = new_test_user(
            self.env,
            "plain_coop_user",
            groups="coop_crm_base.group_coop_user",
            company_id=self.coop_a.id,
            company_ids=[(6, 0, self.coop_a.ids)],
        )
        with self.assertRaises(AccessError):
            self.claim_a.with_user(plain).read(["name"])

    def test_union_manager_sees_branches(self):
        """X-1: the union manager sees the claims of every branch."""
        claims = self.Claim.with_user(self.union_manager).search([])
        self.assertEqual(
            claims & (self.claim_a | self.claim_b | self.claim_portal),
            self.claim_a | self.claim_b | self.claim_portal,
        )

    def test_portal_user_own_claims_only(self):
        """X-1, C-2: a portal user reads only their own claims, and cannot change
        them."""
        Claim_portal = self.Claim.with_user(self.portal_user)
        self.assertEqual(Claim_portal.search([]), self.claim_portal)
        self.assertEqual(
            self.claim_portal.with_user(self.portal_user).read(["subject"])[0][
                "subject"
            ],
            "Rancid oil",
        )
        with self.assertRaises(AccessError):
            self.claim_a.with_user(self.portal_user).read(["subject"])
        with self.assertRaises(AccessError):
            self.claim_portal.with_user(self.portal_user).write({"subject": "changed"})

    def test_partner_counters_without_claims_access(self):
        """X-1: reading a contact's claim counters without the claims group gives 0."""
        plain = new_test_user(
            self.env,
            "plain_coop_user2",
            groups="coop_crm_base.group_coop_user",
            company_id=self.coop_a.id,
            company_ids=[(6, 0, self.coop_a.ids)],
        )
        partner = self.partner_a.with_user(plain)
        self.assertEqual(partner.coop_claim_count, 0)
        self.assertFalse(partner.coop_claim_flag)
        self.assertEqual(self.partner_a.with_user(self.user_a).coop_claim_count, 1)
