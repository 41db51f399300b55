from odoo.exceptions import ValidationError
from odoo.fields import Date
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestCustomerFile(CoopCase):
    def test_moroccan_phones_to_e164(self):
        """M-3: national, +212 and 00212 forms are stored in E.164."""
        Partner = self.env["res.partner"]
        cases = {
            "0612345678": "+212612345678",
            "07 70 12 34 56": "+212770123456",
            "0522123456": "+212522123456",
            "+212661234567": "+212661234567",
            "00212661234567": "+212661234567",
            "0033612345678": "+33612345678",
        }
        for raw, expected in cases.items():
            partner = Partner.create({"name": "Client", "phone": raw})
            self.assertEqual(partner.phone, expected, raw)
        partner = Partner.create({"name": "Client", "mobile": "0661234567"})
        partner.write({"mobile": "0770123456"})
        self.assertEqual(partner.mobile, "+212770123456")

    def test_phone_in_partner_country(self):
        """M-3: a national number is read in the partner's own country when it has
        one."""
        partner = self.env["res.partner"].create(
            {
                "name": "Client FR",
                "country_id": self.env.ref("base.fr").id,
                "phone": "0612345678",
            }
        )
        self.assertEqual(partner.phone, "+33612345678")

    def test_invalid_phone_refused(self):
        """M-3, X-4: an invalid number raises a ValidationError naming field and
        value."""
        Partner = self.env["res.partner"]
        count = Partner.search_count([])
        with self.assertRaisesRegex(
            ValidationError, r"Phone: 06123 is not a valid phone number"
        ):
            Partner.create({"name": "Bad", "phone": "06123"})
        with self.assertRaisesRegex(ValidationError, r"Mobile: abc is not a valid"):
            Partner.create({"name": "Bad", "mobile": "abc"})
        self.assertEqual(Partner.search_count([]), count)
        partner = Partner.create({"name": "Good", "phone": "0612345678"})
        with self.assertRaises(ValidationError):
            partner.write({"phone": "0524123456", "email": "new@example.ma"})
        self.assertEqual(partner.phone, "+212612345678")
        self.assertFalse(partner.email)

    def test_refused_phone_not_logged(self):
        """M-9: a refused phone number never reaches the logs."""
        logger = "odoo.addons.coop_crm_base.models.res_partner"
        with (
            self.assertLogs(logger, level="DEBUG") as logs,
            self.assertRaises(ValidationError),
        ):
            self.env["res.partner"].create({"name": "Bad", "phone": "0612345"})
        self.assertTrue(logs.output)
        self.assertFalse([line for line in logs.output if "612345" in line])

    def test_customer_type_and_profile(self):
        """M-3: individuals and businesses carry their own profile fields."""
        person = self.env["res.partner"].create(
            {
                "name": "Khadija",
                "coop_profession": "Teacher",
                "coop_household_size": 4,
                "coop_income_band": "lower_middle",
                "coop_housing_type": "tenant",
            }
        )
        self.assertEqual(person.coop_customer_type, "individual")
        shop = self.env["res.partner"].create(
            {
                "name": "Épicerie Atlas",
                "is_company": True,
                "coop_business_size": "micro",
            }
        )
        self.assertEqual(shop.coop_customer_type, "business")
        contact = self.env["res.partner"].create(
            {
                "name": "Said",
                "parent_id": shop.id,
                "function": "Buyer",
            }
        )
        self.assertEqual(contact.function, "Buyer")
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                person.write({"coop_household_size": -2})
                self.env.flush_all()

    def test_consent_dates(self):
        """M-3: consent per channel keeps the date it was given or withdrawn."""
        partner = self.env["res.partner"].create(
            {"name": "Consent", "coop_consent_sms": True}
        )
        today = Date.context_today(partner)
        self.assertEqual(partner.coop_consent_sms_date, today)
        self.assertFalse(partner.coop_consent_email_date)
        partner.coop_consent_sms_date = Date.to_date("2026-01-01")
        partner.write({"coop_consent_sms": False})
        self.assertEqual(partner.coop_consent_sms_date, today)  # withdrawn today
        self.assertFalse(partner.coop_consent_sms)
        partner.write({"coop_consent_email": True})
        self.assertEqual(partner.coop_consent_email_date, today)

    def test_customer_private_to_cooperative(self):
        """M-9, X-1: a customer created by a cooperative's user belongs to that
        cooperative."""
        partner = (
            self.env["res.partner"]
            .with_user(self.user_a)
            .create({"name": "Souk client"})
        )
        self.assertEqual(partner.company_id, self.coop_a)
        self.coop_a.coop_private_customers = False
        partner = (
            self.env["res.partner"]
            .with_user(self.user_a)
            .create({"name": "Shared client"})
        )
        self.assertFalse(partner.company_id)
