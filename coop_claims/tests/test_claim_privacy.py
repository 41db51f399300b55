from odoo.tests import new_test_user, tagged

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimErasurePerCooperative(ClaimsCase):
    """M-9, X-1 (issue #14): the erasure asked by one cooperative removes the files sent
    with that cooperative's claims only (the former hook removed them in every
    cooperative); the claims themselves stay for the indicators."""

    def test_erasure_removes_own_claim_files_only(self):
        """M-9, X-1 (issue #14): coop A's manager erases a customer shared with coop B:
        the photo of A's claim is deleted, B's claim keeps its photo and its texts."""
        person = self.env["res.partner"].create(
            {
                "name": "Samir Shared",
                "email": "samir.shared@example.ma",
                "company_id": False,
            }
        )
        claims = {}
        photos = {}
        for coop in (self.coop_a, self.coop_b):
            claims[coop] = self._claim(
                partner=person,
                company=coop,
                subject=f"Claim of {coop.name} by Samir Shared",
            )
            photos[coop] = self.env["ir.attachment"].create(
                {
                    "name": "photo.jpg",
                    "raw": b"jar photo",
                    "res_model": "coop.claim",
                    "res_id": claims[coop].id,
                }
            )
        manager_a = new_test_user(
            self.env,
            "claims_erasure_manager_a",
            groups="coop_crm_base.group_coop_manager",
            company_id=self.coop_a.id,
            company_ids=[(6, 0, self.coop_a.ids)],
        )
        person.with_user(manager_a).action_coop_anonymize()
        self.assertFalse(photos[self.coop_a].exists())
        self.assertTrue(photos[self.coop_b].exists())
        self.assertEqual(photos[self.coop_b].raw, b"jar photo")
        self.assertTrue(claims[self.coop_a].exists())
        self.assertNotIn("Samir", claims[self.coop_a].subject or "")
        self.assertEqual(
            claims[self.coop_b].subject, f"Claim of {self.coop_b.name} by Samir Shared"
        )
        self.assertEqual(person.name, "Samir Shared")
