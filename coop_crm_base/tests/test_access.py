from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestAccess(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._membership(cls.partner_a, cls.coop_a, share_count=2)
        cls.member_b = cls._membership(cls.partner_b, cls.coop_b, share_count=3)

    def test_cooperative_user_sees_only_own(self):
        """X-1: a cooperative's user sees only its cooperative's memberships and
        customers."""
        Membership = self.env["coop.membership"].with_user(self.user_a)
        self.assertEqual(
            Membership.search([("id", "in", (self.member_a | self.member_b).ids)]),
            self.member_a,
        )
        with self.assertRaises(AccessError):
            self.member_b.with_user(self.user_a).read(["share_count"])
        with self.assertRaises(AccessError):
            self.member_b.with_user(self.user_a).write({"share_count": 1})
        with self.assertRaises(AccessError):
            self.partner_b.with_user(self.user_a).read(["name", "phone"])
        # and the other way round
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.user_b).read(["share_count"])
        self.assertEqual(self.member_a.with_user(self.user_a).share_count, 2)

    def test_cooperative_user_cannot_write_into_other(self):
        """X-1: a cooperative's user cannot create a membership in another
        cooperative."""
        partner = self.env["res.partner"].create(
            {"name": "Shared", "company_id": False}
        )
        with self.assertRaises(AccessError):
            self.env["coop.membership"].with_user(self.user_a).create(
                {
                    "partner_id": partner.id,
                    "company_id": self.coop_b.id,
                }
            )

    def test_union_manager_sees_all_branches(self):
        """X-1: a union manager sees the memberships of every branch of the union."""
        Membership = self.env["coop.membership"].with_user(self.union_manager)
        found = Membership.search([("id", "in", (self.member_a | self.member_b).ids)])
        self.assertEqual(found, self.member_a | self.member_b)
        self.assertEqual(self.member_b.with_user(self.union_manager).share_count, 3)

    def test_user_cannot_delete_or_configure(self):
        """X-1: plain users cannot delete memberships nor change regions."""
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.user_a).unlink()
        with self.assertRaises(AccessError):
            self.env.ref("coop_crm_base.region_ma_01").with_user(self.user_a).write(
                {"name": "X"}
            )
        self.member_a.with_user(self.manager_a).unlink()
        self.assertFalse(self.member_a.exists())
