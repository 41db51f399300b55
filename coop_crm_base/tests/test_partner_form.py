from odoo.tests import Form, tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestPartnerFormByKind(CoopCase):
    """M-3 (issue #21): the customer form shows what a clerk fills in for a person or
    for a company, not the other's fields."""

    def _hidden(self, form, *fnames):
        return {fname: form._get_modifier(fname, "invisible") for fname in fnames}

    def test_company_fields_hidden_for_individuals(self):
        """M-3 (issue #21): a person has no tax id, company registry nor website on the
        form; a company has them and no job position nor title; a value filled in before
        stays in view."""
        fnames = ("vat", "company_registry", "website", "function", "title")
        form = Form(self.env["res.partner"].with_user(self.user_a))
        form.name = "Aicha Souk"
        self.assertFalse(form.is_company)
        self.assertEqual(
            self._hidden(form, *fnames),
            {
                "vat": True,
                "company_registry": True,
                "website": True,
                "function": False,
                "title": False,
            },
        )
        form.company_type = "company"
        self.assertEqual(
            self._hidden(form, *fnames),
            {
                "vat": False,
                "company_registry": False,
                "website": False,
                "function": True,
                "title": True,
            },
        )
        person = self.env["res.partner"].create(
            {
                "name": "Omar Old",
                "company_id": self.coop_a.id,
                "vat": "MA-123",
                "website": "https://omar.example.ma",
            }
        )
        form = Form(person.with_user(self.user_a))
        self.assertEqual(
            self._hidden(form, "vat", "website", "company_registry"),
            {"vat": False, "website": False, "company_registry": True},
        )
