from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestCooperative(CoopCase):
    def test_regions_and_sectors_shipped(self):
        """M-1: the 12 regions of Morocco and the activity sectors ship as data."""
        regions = self.env["coop.region"].search(
            [("country_id", "=", self.env.ref("base.ma").id)]
        )
        self.assertEqual(len(regions), 12)
        self.assertEqual(
            sorted(regions.mapped("code")), [f"{i:02d}" for i in range(1, 13)]
        )
        self.assertEqual(self.env.ref("coop_crm_base.region_ma_09").name, "Souss-Massa")
        sectors = self.env["coop.activity.sector"].search([])
        self.assertIn("argan", sectors.mapped("code"))
        self.assertIn("pam", sectors.mapped("code"))

    def test_company_identity_and_union(self):
        """M-1: a cooperative's identity is kept on its company; a union is a parent
        company."""
        self.coop_a.write(
            {
                "coop_registration_number": "RC-123",
                "coop_sector_id": self.env.ref("coop_crm_base.sector_argan").id,
                "coop_region_id": self.env.ref("coop_crm_base.region_ma_07").id,
                "coop_creation_date": "2004-03-15",
            }
        )
        self.assertEqual(self.coop_a.partner_id.coop_registration_number, "RC-123")
        self.assertEqual(self.coop_a.coop_sector_id.code, "argan")
        self.assertTrue(self.union.coop_is_union)
        self.assertFalse(self.coop_a.coop_is_union)
        self.assertEqual(self.union.child_ids, self.coop_a | self.coop_b)

    def test_member_count(self):
        """M-1: the member count counts active members, a union's over all its
        branches."""
        for i in range(3):
            partner = self.env["res.partner"].create(
                {"name": f"A{i}", "company_id": self.coop_a.id}
            )
            self._membership(partner, self.coop_a).action_admit()
        self._membership(self.partner_b, self.coop_b).action_admit()
        # a candidate and a resigned member do not count
        candidate = self.env["res.partner"].create(
            {"name": "Cand", "company_id": self.coop_a.id}
        )
        self._membership(candidate, self.coop_a)
        gone = self.env["res.partner"].create(
            {"name": "Gone", "company_id": self.coop_a.id}
        )
        m = self._membership(gone, self.coop_a)
        m.action_admit()
        m.action_resign(reason="Moved away")
        self.env.invalidate_all()
        self.assertEqual(self.coop_a.coop_member_count, 3)
        self.assertEqual(self.coop_b.coop_member_count, 1)
        self.assertEqual(self.union.coop_member_count, 4)

    def test_directory_cooperative(self):
        """M-1: a cooperative known only from a directory is a partner with the same
        identity."""
        partner = self.env["res.partner"].create(
            {
                "name": "Coopérative Miel Atlas",
                "is_company": True,
                "is_cooperative": True,
                "coop_sector_id": self.env.ref("coop_crm_base.sector_beekeeping").id,
                "coop_region_id": self.env.ref("coop_crm_base.region_ma_05").id,
                "coop_declared_member_count": 25,
            }
        )
        found = self.env["res.partner"].search(
            [
                ("is_cooperative", "=", True),
                ("coop_sector_id.code", "=", "beekeeping"),
            ]
        )
        self.assertIn(partner, found)
        self.assertEqual(partner.coop_region_id.code, "05")
