import html

from odoo.tests import tagged
from odoo.tools import format_amount

from .common import ClaimsCase


@tagged("post_install", "-at_install")
class TestClaimLocale(ClaimsCase):
    """What the claims write in the chatter reads in the user's language (X-2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.user_a.lang = "fr_FR"

    def test_compensation_amount_in_user_locale(self):
        """X-2, issue #21: the chatter message of a granted compensation gives its cost
        as the French user reads amounts ("1 234,50" and the currency's symbol), not as
        the float Python prints ("1234.5 MAD")."""
        claim = self._claim()
        compensation = self.env["coop.claim.compensation"].create(
            {
                "claim_id": claim.id,
                "compensation_type": "exchange",
                "name": "New bottle",
                "cost": 1234.5,
            }
        )
        # as the web client calls it: in the user's language
        compensation.with_user(self.user_a).with_context(
            lang=self.user_a.lang
        ).action_grant()
        message = claim.message_ids.filtered(lambda m: "New bottle" in (m.body or ""))[
            :1
        ]
        self.assertTrue(message, "no chatter message for the granted compensation")
        body = html.unescape(str(message.body))
        expected = format_amount(self.env, 1234.5, self.mad, lang_code="fr_FR")
        self.assertIn("234,50", expected)
        self.assertIn(expected, body)
        self.assertNotIn("1234.5", body)
