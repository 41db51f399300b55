from odoo.tests import HttpCase, new_test_user, tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTrainingPortal(TrainingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.r1, cls.r2 = cls._register(cls.training, cls.m1 | cls.m2)
        cls.env["coop.training.attendance"].create(
            {"registration_id": cls.r1.id, "day": "2025-03-10", "present": True}
        )
        cls.portal_user = new_test_user(
            cls.env,
            "member_a1_portal",
            groups="base.group_portal",
            password="member_a1_pwd",
            name="Member A1",
            partner_id=cls.m1.id,
            company_id=cls.coop_a.id,
            company_ids=[(6, 0, cls.coop_a.ids)],
        )

    def test_portal_own_trainings_and_certificate(self):
        """T-3, X-1: a member lists their trainings and downloads their own certificate
        only."""
        Registration = self.env["event.registration"].with_user(self.portal_user)
        self.assertEqual(Registration.search([]), self.r1)
        self.authenticate("member_a1_portal", "member_a1_pwd")
        page = self.url_open("/my/trainings")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Accounting basics", page.text)
        self.assertIn(f"/my/trainings/{self.r1.id}/certificate", page.text)
        certificate = self.url_open(f"/my/trainings/{self.r1.id}/certificate")
        self.assertEqual(certificate.status_code, 200)
        self.assertIn("Member A1", certificate.text)
        # issue #21: six hours, without a stray decimal
        self.assertRegex(
            certificate.text, r'class="o_coop_certificate_hours"[^>]*>\s*6\s*<'
        )
        # another member's certificate is not given
        other = self.url_open(
            f"/my/trainings/{self.r2.id}/certificate", allow_redirects=False
        )
        self.assertIn(other.status_code, (302, 303))
        self.assertNotIn("Member A2", other.text)
