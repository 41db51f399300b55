from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import CoopLoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyCard(CoopLoyaltyCase):
    def setUp(self):
        super().setUp()
        self.card.coop_date_issue = self.today - timedelta(days=400)

    def test_card_number_barcode_dates(self):
        """L-1: a card gets a holder number, an EAN-13 barcode, issue and expiry dates;
        Odoo's expiration is the expiry plus the grace period (L-2)."""
        card = self.card
        self.assertTrue(card.coop_number.startswith("CARD-"))
        self.assertEqual(len(card.coop_barcode), 13)
        digits = [int(d) for d in card.coop_barcode]
        self.assertEqual(
            sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10, 0
        )
        new = self.env["loyalty.card"].create({"program_id": self.program.id})
        self.assertEqual(new.coop_date_issue, self.today)
        self.assertEqual(new.coop_date_expiry, self.today + relativedelta(months=12))
        self.assertEqual(
            card.expiration_date, card.coop_date_expiry + timedelta(days=30)
        )
        self.assertEqual(card.coop_fee_product_id, self.fee_product)
        self.assertEqual(card.coop_tier, "bronze")
        self.program.coop_grace_days = 10
        self.assertEqual(
            card.expiration_date, card.coop_date_expiry + timedelta(days=10)
        )
        other = self.env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": self.partner_a.id}
        )
        self.assertNotEqual(other.coop_number, card.coop_number)

    def test_tier_multiplier(self):
        """L-5: points on a confirmed order are multiplied by the tier of the 12-month
        spend."""
        first = self._confirmed_order(self.customer, qty=12)  # 1,200 untaxed, bronze x1
        self.assertEqual(first.coupon_point_ids.points, 1200.0)
        self.assertEqual(self.card.points, 1200.0)
        # the tier follows the spend once the order is confirmed
        self.assertEqual(self.card.coop_spend_12m, 1200.0)
        self.assertEqual(self.card.coop_tier, "silver")
        self._confirmed_order(self.customer, qty=2)  # 200 x 1.5
        self.assertEqual(self.card.points, 1500.0)
        self.assertEqual(self.card.coop_tier, "silver")
        self._confirmed_order(self.customer, qty=20)  # 2,000 x 1.5, then gold
        self.assertEqual(self.card.points, 4500.0)
        self.assertEqual(self.card.coop_spend_12m, 3400.0)
        self.assertEqual(self.card.coop_tier, "gold")
        self._confirmed_order(self.customer, qty=1)  # 100 x 2
        self.assertEqual(self.card.points, 4700.0)
        history = self.card.history_ids
        self.assertEqual(
            sorted(history.mapped("issued")), [200.0, 300.0, 1200.0, 3000.0]
        )

    def test_tier_follows_twelve_months(self):
        """L-5: the daily job lowers the tier when the spend leaves the 12-month
        window."""
        order = self._confirmed_order(self.customer, qty=12)
        self.assertEqual(self.card.coop_tier, "silver")
        # a cancelled order leaves the spend (and takes its points back)
        other = self._confirmed_order(self.customer, qty=1)
        self.assertEqual(self.card.coop_spend_12m, 1300.0)
        other._action_cancel()
        self.assertEqual(self.card.coop_spend_12m, 1200.0)
        self.assertEqual(self.card.points, 1200.0)
        order.date_order = fields.Datetime.now() - relativedelta(months=13)
        self.env["loyalty.card"]._cron_coop_update_tiers()
        self.assertEqual(self.card.coop_tier, "bronze")
        self.assertEqual(self.card.coop_spend_12m, 0.0)

    def test_tier_spend_from_purchase_ledger(self):
        """L-5, issue #15: the 12-month spend is the purchase ledger's: a sale order and
        its invoice count once, a direct invoice counts, the purchases of a business's
        contacts count for the business, a credit note lowers the spend."""
        business = self.env["res.partner"].create(
            {"name": "Atlas Grocer", "is_company": True, "company_id": self.company.id}
        )
        contact = self.env["res.partner"].create(
            {
                "name": "Said Buyer",
                "parent_id": business.id,
                "company_id": self.company.id,
            }
        )
        card = self.env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": business.id, "points": 0}
        )
        self.product.invoice_policy = "order"
        order = self._confirmed_order(contact, qty=12)  # 1,200
        invoice = order._create_invoices()
        invoice.action_post()
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "invoice_date": self.today,
                    "date": self.today,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 1.0,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for move_type, partner, amount in (
                    ("out_invoice", business, 300.0),
                    ("out_refund", contact, 100.0),
                )
            ]
        )
        moves.action_post()
        self.env["loyalty.card"]._cron_coop_update_tiers()
        self.assertEqual(card.coop_spend_12m, 1200.0 + 300.0 - 100.0)
        self.assertEqual(card.coop_tier, "silver")
        ledger = self.env["coop.purchase"].search(
            [
                ("partner_id", "=", business.id),
                ("company_id", "=", self.company.id),
                ("date", ">=", self.today - relativedelta(months=12)),
            ]
        )
        # the order, the direct invoice, the credit note
        self.assertEqual(len(ledger), 3)
        self.assertEqual(card.coop_spend_12m, sum(ledger.mapped("amount")))
        # the contact's own card, if any, would read the business's purchases too
        self.assertFalse(
            self.env["coop.purchase"].search([("partner_id", "=", contact.id)])
        )

    def test_no_card_no_points(self):
        """L-1: a cooperative card program gives points only to sold cards."""
        stranger = self.env["res.partner"].create({"name": "No card"})
        order = self._confirmed_order(stranger, qty=3)
        cards = self.env["loyalty.card"].search([("partner_id", "=", stranger.id)])
        self.assertFalse(cards)
        self.assertFalse(order.coupon_point_ids.filtered("points"))

    def test_expired_within_grace_earns_points(self):
        """L-2: a card expired 10 days ago (grace 30 days) still earns points and can
        still pay for its rewards."""
        self._adjust(self.card, points=600, expiry=self.today - timedelta(days=10))
        self.assertEqual(self.card.coop_validity_state, "grace")
        order = self._order(self.customer, qty=3)
        order._update_programs_and_rewards()
        self.assertIn(self.card, order._get_claimable_rewards())
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.card.points, 900.0)

    def test_receipt_shows_card_and_rewards(self):
        """L-2: the order printout shows the card, its balance and the rewards
        waiting."""
        self._adjust(self.card, points=620.0)
        order = self._confirmed_order(self.customer, qty=1)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn(self.card.coop_number, html)
        self.assertIn("720", html)
        self.assertIn("10% on your order", html)

    def test_expired_out_of_grace_earns_nothing(self):
        """L-2: a card expired 40 days ago (grace 30 days) earns nothing and pays
        nothing, but its points are kept for a renewal."""
        self._adjust(self.card, points=600, expiry=self.today - timedelta(days=40))
        self.assertEqual(self.card.coop_validity_state, "expired")
        order = self._order(self.customer, qty=3)
        order._update_programs_and_rewards()
        self.assertNotIn(self.card, order._get_claimable_rewards())
        order.action_confirm()
        self.assertEqual(self.card.points, 600.0)
        # renewed once the fee is sold (issue #14): the fee order is confirmed at once
        # (the cooperative's default, issue #21), the card earns again
        action = self.card.action_renew()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            self.card.coop_date_expiry, self.today + relativedelta(months=12)
        )
        self.assertEqual(self.card.points, 600.0)  # issue #21: the fee earns no points
        self._confirmed_order(self.customer, qty=1)
        self.assertEqual(self.card.points, 700.0)

    def test_expiry_reminder_once(self):
        """L-2, X-7: the reminder goes N days before expiry on the holder's channel
        (by mail to a holder who consented to e-mail, by SMS when they prefer SMS),
        with the rewards waiting, and never twice for the same expiry."""
        self.customer.coop_consent_sms = True
        self._adjust(self.card, points=550, expiry=self.today + timedelta(days=10))
        far = self._adjust(
            self.env["loyalty.card"].create(
                {"program_id": self.program.id, "partner_id": self.partner_a.id}
            ),
            expiry=self.today + timedelta(days=60),
        )
        Mail = self.env["mail.mail"]
        Card = self.env["loyalty.card"]
        before = Mail.search([("model", "=", "loyalty.card")])
        sent = Card._cron_coop_expiry_reminders()
        self.assertIn(self.card, sent)
        self.assertNotIn(far, sent)
        mails = Mail.search(
            [
                ("model", "=", "loyalty.card"),
                ("res_id", "=", self.card.id),
                ("recipient_ids", "in", self.customer.ids),
            ]
        )
        mails -= before
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.res_id, self.card.id)
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertIn(self.card.coop_number, mails.subject)
        self.assertIn("10% on your order", mails.body_html)  # the reward waiting
        # one channel per message: e-mail first (the cooperative's order)
        self.assertFalse(
            self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(self.card.coop_reminder_sent_for, self.card.coop_date_expiry)
        # second run: nothing new
        self.assertFalse(Card._cron_coop_expiry_reminders())
        self.assertEqual(
            len(
                Mail.search(
                    [
                        ("res_id", "=", self.card.id),
                        ("model", "=", "loyalty.card"),
                        ("recipient_ids", "in", self.customer.ids),
                    ]
                )
                - before
            ),
            1,
        )
        # preferring SMS: the next expiry's reminder by SMS only
        self.customer.coop_preferred_channel = "sms"
        self._adjust(self.card, expiry=self.today + timedelta(days=5))
        self.assertEqual(Card._cron_coop_expiry_reminders(), self.card)
        self.assertEqual(
            len(
                Mail.search(
                    [
                        ("res_id", "=", self.card.id),
                        ("model", "=", "loyalty.card"),
                        ("recipient_ids", "in", self.customer.ids),
                    ]
                )
                - before
            ),
            1,
        )
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn(self.card.coop_number, sms.body)

    def test_renewal_by_plain_salesperson(self):
        """L-3: a plain salesperson renews a card from the sale order (fee line added)
        and from the partner (a quotation is created when the cooperative keeps renewals
        pending until the fee is sold, issue #21); validity runs from the later of today
        and the old expiry."""
        old_expiry = self.today + timedelta(days=20)
        self._adjust(self.card, expiry=old_expiry)
        order = self._order(self.customer, qty=1, env=self.env(user=self.salesman))
        self.assertEqual(order.coop_card_id, self.card)
        order.with_user(self.salesman).action_coop_renew_card()
        fee_line = order.order_line.filtered(
            lambda line: line.product_id == self.fee_product
        )
        self.assertEqual(len(fee_line), 1)
        self.assertEqual(fee_line.price_subtotal, 250.0)
        self.assertEqual(order.amount_untaxed, 350.0)
        # issue #14: renewed when the fee is sold, not when it is added
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(
            self.card.coop_date_expiry, old_expiry + relativedelta(months=12)
        )
        self.assertEqual(fee_line.coop_renewed_until, self.card.coop_date_expiry)
        # from the partner, on an expired card: from today, on a new quotation
        self.company.coop_card_renewal_mode = "pending"
        self._adjust(self.card, expiry=self.today - timedelta(days=45))
        action = self.customer.with_user(self.salesman).action_coop_renew_card()
        self.assertEqual(self.card.coop_date_expiry, self.today - timedelta(days=45))
        quotation = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(quotation.partner_id, self.customer)
        self.assertEqual(quotation.user_id, self.salesman)
        self.assertEqual(quotation.order_line.product_id, self.fee_product)
        self.assertEqual(quotation.amount_untaxed, 250.0)
        quotation.with_user(self.salesman).action_confirm()
        self.assertEqual(
            self.card.coop_date_expiry, self.today + relativedelta(months=12)
        )

    def test_card_sold_by_plain_salesperson(self):
        """L-1: a plain salesperson sells a card from the customer: the card is issued
        and a quotation carries its fee; a second card for the same program is
        refused."""
        newcomer = self.env["res.partner"].create({"name": "Newcomer"})
        action = newcomer.with_user(self.salesman).action_coop_issue_card()
        card = self.env["loyalty.card"].search([("partner_id", "=", newcomer.id)])
        self.assertEqual(card.program_id, self.program)
        self.assertEqual(card.coop_date_expiry, self.today + relativedelta(months=12))
        quotation = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(quotation.order_line.product_id, self.fee_product)
        self.assertEqual(quotation.amount_untaxed, 250.0)
        with self.assertRaises(UserError):
            newcomer.with_user(self.salesman).action_coop_issue_card()

    def test_conversion_at_threshold(self):
        """L-4: at the threshold, points become a voucher in the same confirmation, the
        points are deducted and the holder is told."""
        self.program.write(
            {
                "coop_conversion_points": 1000.0,
                "coop_conversion_program_id": self.voucher_program.id,
                "coop_conversion_amount": 100.0,
            }
        )
        self._adjust(self.card, points=800.0)
        before = self.env["mail.mail"].search([("model", "=", "loyalty.card")])
        order = self._confirmed_order(self.customer, qty=2)  # +200 = 1,000 exactly
        self.assertEqual(self.card.points, 0.0)
        voucher = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.voucher_program.id),
                ("partner_id", "=", self.customer.id),
            ]
        )
        self.assertEqual(len(voucher), 1)
        self.assertEqual(voucher.points, 100.0)
        used = self.card.history_ids.filtered("used")
        self.assertEqual(used.used, 1000.0)
        self.assertEqual(used.order_id, order.id)
        mails = self.env["mail.mail"].search([("model", "=", "loyalty.card")]) - before
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.res_id, self.card.id)
        self.assertIn(voucher.code, mails.body_html)
        # the points are written as numbers are, not as a float (issue #21)
        self.assertIn("1,000 points converted into voucher", used.description)
        self.assertIn(
            "1,000 points converted into a voucher",
            " ".join(self.card.message_ids.mapped("body")),
        )
        # below the threshold nothing happens; twice the threshold gives two vouchers'
        # value
        self._confirmed_order(self.customer, qty=9)
        self.assertEqual(self.card.points, 900.0)
        self.assertEqual(self.card.coop_tier, "silver")  # 1,100 spent: x1.5
        self._adjust(self.card, points=1950.0)
        self._confirmed_order(self.customer, qty=2)  # +300 = 2,250: two vouchers' value
        self.assertEqual(self.card.points, 250.0)
        vouchers = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.voucher_program.id),
                ("partner_id", "=", self.customer.id),
            ]
        )
        self.assertEqual(sorted(vouchers.mapped("points")), [100.0, 200.0])

    def test_conversion_into_ewallet(self):
        """L-4: vouchers can be eWallet credit, on the holder's existing eWallet."""
        ewallet = self.env["loyalty.program"].create(
            {
                "name": "eWallet",
                "program_type": "ewallet",
                "company_id": self.company.id,
            }
        )
        wallet = self._adjust(
            self.env["loyalty.card"].create(
                {
                    "program_id": ewallet.id,
                    "partner_id": self.customer.id,
                }
            ),
            points=15.0,
        )
        self.program.write(
            {
                "coop_conversion_points": 500.0,
                "coop_conversion_program_id": ewallet.id,
                "coop_conversion_amount": 50.0,
            }
        )
        self._adjust(self.card, points=450.0)
        self._confirmed_order(self.customer, qty=1)
        self.assertEqual(self.card.points, 50.0)
        self.assertEqual(wallet.points, 65.0)

    def test_referral_once_never_self(self):
        """L-9: the referrer is rewarded once, on the referred customer's first
        confirmed order, and nobody refers themselves."""
        self.program.coop_referral_points = 50.0
        referred = self.env["res.partner"].create(
            {"name": "Referred", "email": "r@example.com"}
        )
        self.assertTrue(self.customer.coop_referral_code)
        referred.coop_referrer_code = self.customer.coop_referral_code.lower()
        self.assertEqual(referred.coop_referred_by_id, self.customer)
        self._confirmed_order(referred, qty=1)
        self.assertEqual(self.card.points, 50.0)
        self.assertTrue(referred.coop_referral_rewarded)
        self._confirmed_order(referred, qty=1)
        self.assertEqual(self.card.points, 50.0)
        with self.assertRaises(ValidationError):
            self.customer.coop_referred_by_id = self.customer
        contact = self.env["res.partner"].create(
            {"name": "Khadija's shop contact", "parent_id": self.customer.id}
        )
        with self.assertRaises(ValidationError):
            self.customer.coop_referred_by_id = contact
        with self.assertRaises(ValidationError):
            referred.coop_referrer_code = "NO-SUCH-CODE"

    def test_referral_not_on_existing_customer(self):
        """L-9: a customer who already bought before being referred rewards nobody."""
        self.program.coop_referral_points = 50.0
        old = self.env["res.partner"].create({"name": "Old customer"})
        self._confirmed_order(old, qty=1)
        old.coop_referred_by_id = self.customer
        self._confirmed_order(old, qty=1)
        self.assertEqual(self.card.points, 0.0)
        self.assertFalse(old.coop_referral_rewarded)

    def test_settings_validated(self):
        """L-5/X-4: inconsistent tier settings are refused with a clear error."""
        with self.assertRaises(ValidationError):
            self.program.coop_gold_threshold = 500.0
        with self.assertRaises(ValidationError):
            self.program.coop_conversion_points = 1000.0

    def test_remises_shipped(self):
        """L-6: the members' pricelist gives its 5% and the sample dated promotion gives
        10% with its code while it runs, through Odoo's own pricelists and programs."""
        pricelist = self.env.ref("coop_loyalty.pricelist_members")
        pricelist.currency_id = self.currency
        self.assertTrue(self.env.ref("coop_loyalty.partner_category_members"))
        self.customer.property_product_pricelist = pricelist
        order = self._order(self.customer, qty=2)
        self.assertEqual(order.pricelist_id, pricelist)
        self.assertEqual(order.order_line.price_unit, 95.0)
        promotion = self.env.ref("coop_loyalty.program_sample_promotion")
        promotion.currency_id = self.currency
        self.assertTrue(promotion.date_from <= self.today <= promotion.date_to)
        status = order._try_apply_code("SOUK10")
        self.assertNotIn("error", status)
        coupon, rewards = next(iter(status.items()))
        order._apply_program_reward(rewards, coupon)
        reward_line = order.order_line.filtered("reward_id")
        self.assertEqual(reward_line.price_subtotal, -19.0)
        self.assertEqual(order.amount_untaxed, 171.0)
        promotion.write(
            {
                "date_from": self.today - timedelta(days=30),
                "date_to": self.today - timedelta(days=1),
            }
        )
        late = self._order(self.customer, qty=1)
        self.assertIn("error", late._try_apply_code("SOUK10"))

    def test_card_from_the_form(self):
        """L-1: a card is sold from the form: choose the program and the holder; number,
        barcode and dates come by themselves."""
        holder = self.env["res.partner"].create({"name": "New holder"})
        with Form(
            self.env["loyalty.card"], view="loyalty.loyalty_card_view_form"
        ) as form:
            form.program_id = self.program
            form.partner_id = holder
        card = form.record
        self.assertTrue(card.coop_number)
        self.assertEqual(card.coop_date_expiry, self.today + relativedelta(months=12))
        self.assertEqual(card.coop_validity_state, "valid")


@tagged("post_install", "-at_install")
class TestCardIntegrity(CoopLoyaltyCase):
    """Issue #14 (L-1 to L-5, X-6): a card's points, tier and expiry change only through
    orders, conversions, renewals sold and the manager's adjustment with a reason."""

    def _snapshot(self, card):
        card.invalidate_recordset()
        return card.read(
            [
                "points",
                "expiration_date",
                "coop_date_expiry",
                "coop_tier",
                "coop_spend_12m",
            ]
        )[0]

    def test_plain_writes_refused(self):
        """Issue #14: a loyalty user (write access to cards) and a loyalty manager
        cannot write the points, expiry or tier of a card, nor create a card with
        points, over RPC, an import or a one2many of the customer; nothing changes."""
        self._adjust(self.card, points=100.0)
        before = self._snapshot(self.card)
        writes = [
            {"points": 5000.0},
            {"coop_tier": "gold"},
            {"coop_spend_12m": 9999.0},
            {"coop_date_expiry": self.today + relativedelta(years=10)},
            {"expiration_date": self.today + relativedelta(years=10)},
        ]
        for user in (self.salesman, self.env.user):
            for vals in writes:
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaisesRegex(UserError, "change only through"),
                ):
                    self.card.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "change only through"):
            self.customer.write(
                {
                    "coop_loyalty_card_ids": [
                        Command.update(self.card.id, {"points": 5000.0})
                    ]
                }
            )
        with self.assertRaisesRegex(UserError, "orders, conversions"):
            self.env["loyalty.card"].create(
                {
                    "program_id": self.program.id,
                    "partner_id": self.partner_a.id,
                    "points": 1000.0,
                }
            )
        with self.assertRaisesRegex(UserError, "orders, conversions"):
            self.env["loyalty.card"].create(
                {
                    "program_id": self.program.id,
                    "partner_id": self.partner_a.id,
                    "coop_date_expiry": self.today + relativedelta(years=10),
                }
            )
        result = self.env["loyalty.card"].load(
            ["program_id/.id", "partner_id/.id", "points"],
            [[str(self.program.id), str(self.partner_a.id), "1000"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn(
            "orders, conversions", " ".join(m["message"] for m in result["messages"])
        )
        self.assertEqual(self._snapshot(self.card), before)
        self.assertFalse(
            self.env["loyalty.card"].search(
                [
                    ("partner_id", "=", self.partner_a.id),
                    ("program_id", "=", self.program.id),
                ]
            )
        )

    def test_manager_adjustment_with_reason(self):
        """Issue #14: the adjustment is the loyalty manager's: a salesperson cannot use
        it; the manager's adjustment writes the reason in the card's history and
        chatter."""
        Wizard = self.env["loyalty.card.update.balance"]
        wizard = (
            Wizard.with_user(self.salesman)
            .with_context(default_card_id=self.card.id)
            .create({"new_balance": 900.0, "description": "Friend of mine"})
        )
        with self.assertRaises(AccessError):
            wizard.action_update_card_point()
        self.assertEqual(self.card.points, 0.0)
        self.assertFalse(self.card.history_ids)
        new_expiry = self.today + relativedelta(months=18)
        self._adjust(
            self.card, points=300.0, expiry=new_expiry, reason="Lost card replaced"
        )
        self.assertEqual(
            (self.card.points, self.card.coop_date_expiry), (300.0, new_expiry)
        )
        self.assertEqual(self.card.expiration_date, new_expiry + timedelta(days=30))
        history = self.card.history_ids
        self.assertEqual(sorted(history.mapped("issued")), [0.0, 300.0])
        self.assertTrue(all("Lost card replaced" in h.description for h in history))
        bodies = " ".join(self.card.message_ids.mapped("body"))
        self.assertIn("Balance adjusted", bodies)
        self.assertIn("Expiry adjusted", bodies)
        self.assertIn("Lost card replaced", bodies)

    def test_renewal_extends_when_the_fee_is_sold(self):
        """Issue #14, L-3: adding the renewal fee changes nothing; confirming the order
        renews the card once; a renewal link on another product renews nothing."""
        old_expiry = self.card.coop_date_expiry
        order = self._order(self.customer, qty=1, env=self.env(user=self.salesman))
        order.with_user(self.salesman).action_coop_renew_card()
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        # a salesperson links a cheap line to the card instead of the fee
        trick = self._order(self.customer, qty=1, env=self.env(user=self.salesman))
        trick.order_line.with_user(self.salesman).write(
            {"coop_renew_card_id": self.card.id}
        )
        trick.with_user(self.salesman).action_confirm()
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        order.with_user(self.salesman).action_confirm()
        renewed = old_expiry + relativedelta(months=12)
        self.assertEqual(self.card.coop_date_expiry, renewed)
        fee_line = order.order_line.filtered("coop_renew_card_id")
        with self.assertRaises(UserError):
            fee_line.with_user(self.salesman).write({"coop_renewed_until": False})
        # cancelled (by the sales manager: Odoo lets only them drop the order's points):
        # the renewal is undone (issue #14); confirmed again: renewed once again
        order.with_user(self.env.user)._action_cancel()
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        order.with_user(self.salesman).action_draft()
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self.card.coop_date_expiry, renewed)
        fee_line.invalidate_recordset()
        self.assertEqual(
            (fee_line.coop_renewed_from, fee_line.coop_renewed_until),
            (old_expiry, renewed),
        )

    def test_odoo_point_paths_still_work(self):
        """Issue #14: sale_loyalty's own point accounting still moves the points as a
        plain salesperson: a reward claimed on an order, the order confirmed; cancelled
        by the sales manager (Odoo lets only them delete the order's point entries)."""
        self._adjust(self.card, points=600.0)
        order = self._order(self.customer, qty=10, env=self.env(user=self.salesman))
        order = order.with_user(self.salesman)
        order._update_programs_and_rewards()
        order._apply_program_reward(self.program.reward_ids, self.card)
        self.assertTrue(order.order_line.filtered("reward_id"))
        order.action_confirm()
        earned = order.coupon_point_ids.filtered(
            lambda p: p.coupon_id == self.card
        ).points
        self.assertGreater(earned, 0.0)
        self.assertEqual(self.card.points, 600.0 - 500.0 + earned)
        order.with_user(self.env.user)._action_cancel()  # Odoo: a sales manager's
        self.assertEqual(self.card.points, 600.0)


@tagged("post_install", "-at_install")
class TestCardHolesAndRenewal(CoopLoyaltyCase):
    """Issue #14 (X-6, L-1 to L-3, L-9) and issue #21 (cards): the holder of a card with
    a balance, the flags of "once" rewards, a renewal undone with its order, a card with
    history kept; a loyalty user or manager renews in one action without sales
    rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loyalty_manager = new_test_user(
            cls.env,
            "coop_loyalty_manager_only",
            groups="base.group_user,base.group_partner_manager,"
            "coop_loyalty.group_loyalty_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.loyalty_user = new_test_user(
            cls.env,
            "coop_loyalty_user_only",
            groups="base.group_user,coop_loyalty.group_loyalty_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.sales_manager = new_test_user(
            cls.env,
            "coop_sales_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.plain_user = new_test_user(
            cls.env,
            "coop_plain_internal",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer", "company_id": cls.company.id}
        )

    def _state(self, card):
        card.invalidate_recordset()
        return (
            card.partner_id,
            card.points,
            card.coop_date_expiry,
            card.expiration_date,
            len(card.history_ids),
            card.coop_reminder_sent_for,
        )

    def _orders(self):
        return self.env["sale.order"].search([("partner_id", "=", self.customer.id)])

    # ------------------------------------------------------------ issue #14 holes
    def test_holder_of_a_card_with_balance_not_moved(self):
        """Issue #14 (X-6): a loyalty user, a salesperson and a loyalty manager cannot
        give a card with points or history to another customer (JSON-RPC write, import,
        the customer's one2many): refused entirely to users; nothing changes. A card
        without points nor history (issued to the wrong customer) can still be
        corrected."""
        self._adjust(self.card, points=300.0)
        before = self._state(self.card)
        for user in (self.salesman, self.loyalty_user, self.loyalty_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "cannot be given to another holder"),
            ):
                self.card.with_user(user).write({"partner_id": self.other_customer.id})
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "cannot be given to another holder"),
            ):
                self.card.with_user(user).write({"partner_id": False})
        with self.assertRaisesRegex(UserError, "cannot be given to another holder"):
            self.other_customer.with_user(self.loyalty_manager).write(
                {"coop_loyalty_card_ids": [Command.link(self.card.id)]}
            )
        result = (
            self.env["loyalty.card"]
            .with_user(self.loyalty_manager)
            .load(
                [".id", "partner_id/.id"],
                [[str(self.card.id), str(self.other_customer.id)]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertIn(
            "another holder", " ".join(m["message"] for m in result["messages"])
        )
        self.assertEqual(self._state(self.card), before)
        # a fresh card with nothing on it: the holder can be corrected
        fresh = self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": self.partner_a.id,
                "points": 0,
            }
        )
        fresh.with_user(self.loyalty_manager).write(
            {"partner_id": self.other_customer.id}
        )
        self.assertEqual(fresh.partner_id, self.other_customer)

    def test_once_flags_written_by_the_reward_only(self):
        """Issue #14 (L-9, L-2): the flags that make a reward or a reminder happen once
        (the customer's referral rewarded, the card's reminder sent) are not written by
        a salesperson or loyalty manager (RPC, import); the reward writes them."""
        self.program.coop_referral_points = 50.0
        referred = self.env["res.partner"].create(
            {
                "name": "Referred",
                "company_id": self.company.id,
                "coop_referred_by_id": self.customer.id,
            }
        )
        for user in (self.salesman, self.loyalty_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "set by the reward only"),
            ):
                referred.with_user(user).write({"coop_referral_rewarded": True})
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "set by the reward only"),
            ):
                self.env["res.partner"].with_user(user).create(
                    {"name": "Pre-rewarded", "coop_referral_rewarded": True}
                )
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "change only through"),
            ):
                self.card.with_user(user).write({"coop_reminder_sent_for": self.today})
        self.assertFalse(referred.coop_referral_rewarded)
        self.assertFalse(self.card.coop_reminder_sent_for)
        self._confirmed_order(referred, qty=1)
        self.assertTrue(referred.coop_referral_rewarded)
        self.assertEqual(self.card.points, 50.0)
        # rewarded: the flag cannot be reset to earn the reward a second time
        with self.assertRaisesRegex(UserError, "set by the reward only"):
            referred.with_user(self.salesman).write({"coop_referral_rewarded": False})
        result = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .load([".id", "coop_referral_rewarded"], [[str(referred.id), "0"]])
        )
        self.assertFalse(result["ids"])
        referred.invalidate_recordset()
        self.assertTrue(referred.coop_referral_rewarded)

    def test_cancelled_fee_order_undoes_the_renewal(self):
        """Issue #14 (L-3): the renewal sold by an order is undone when that order is
        cancelled: the expiry goes back (by the renewal's days when a later renewal
        followed) and the card's history says so."""
        old_expiry = self.card.coop_date_expiry
        first = self._order(self.customer, qty=1, env=self.env(user=self.salesman))
        first.with_user(self.salesman).action_coop_renew_card()
        first.with_user(self.salesman).action_confirm()
        once = old_expiry + relativedelta(months=12)
        self.assertEqual(self.card.coop_date_expiry, once)
        self.assertIn("Renewal", " ".join(self.card.history_ids.mapped("description")))
        second = self._order(self.customer, qty=1, env=self.env(user=self.salesman))
        second.with_user(self.salesman).action_coop_renew_card()
        second.with_user(self.salesman).action_confirm()
        twice = once + relativedelta(months=12)
        self.assertEqual(self.card.coop_date_expiry, twice)
        # the first order is cancelled: the card keeps only the second renewal's days
        first.with_user(self.env.user)._action_cancel()
        self.assertEqual(self.card.coop_date_expiry, twice - (once - old_expiry))
        self.assertEqual(
            self.card.expiration_date, self.card.coop_date_expiry + timedelta(days=30)
        )
        cancelled = self.card.history_ids.filtered(
            lambda h: "Renewal cancelled" in h.description
        )
        self.assertEqual(len(cancelled), 1)
        self.assertEqual(cancelled.order_id, first.id)
        # the second one too: back to the expiry before both; cancelling again is a
        # no-op
        second.with_user(self.env.user)._action_cancel()
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        second.with_user(self.env.user)._action_cancel()
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        self.assertEqual(
            len(
                self.card.history_ids.filtered(
                    lambda h: "Renewal cancelled" in h.description
                )
            ),
            2,
        )

    def test_credit_note_of_the_fee_undoes_the_renewal(self):
        """Issue #16 (L-3): a renewal refunded in the back office (the credit note of
        the fee's invoice posted) is undone as a cancelled order's is, once, and the
        card's history names the credit note; a credit note of another invoice of the
        customer leaves the card alone."""
        old_expiry = self.card.coop_date_expiry
        order = self._order(self.customer, qty=1, env=self.env(user=self.salesman))
        order.with_user(self.salesman).action_coop_renew_card()
        order.with_user(self.salesman).action_confirm()
        renewed = old_expiry + relativedelta(months=12)
        self.assertEqual(self.card.coop_date_expiry, renewed)
        invoice = order._create_invoices()
        invoice.action_post()
        other = self._order(self.customer, qty=1, env=self.env(user=self.salesman))
        other.with_user(self.salesman).action_confirm()
        other_invoice = other._create_invoices()
        other_invoice.action_post()

        def refund(move):
            wizard = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=move.ids)
                .create({"journal_id": move.journal_id.id, "reason": "refund"})
            )
            credit_note = self.env["account.move"].browse(
                wizard.refund_moves()["res_id"]
            )
            credit_note.action_post()
            return credit_note

        refund(other_invoice)
        self.assertEqual(self.card.coop_date_expiry, renewed)
        credit_note = refund(invoice)
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        undone = self.card.history_ids.filtered(
            lambda h: "Renewal cancelled" in h.description
        )
        self.assertEqual(len(undone), 1)
        self.assertIn(credit_note.name, undone.description)
        # a second credit note of the same invoice does not undo it again
        refund(invoice)
        self.assertEqual(self.card.coop_date_expiry, old_expiry)
        self.assertEqual(
            len(
                self.card.history_ids.filtered(
                    lambda h: "Renewal cancelled" in h.description
                )
            ),
            1,
        )

    def test_card_history_written_by_the_code_only(self):
        """Issue #14: a salesperson or loyalty manager (who may write history rows in
        Odoo) cannot add, rewrite or delete a row of a cooperative card's history, the
        record of its renewals and adjustments; nothing changes."""
        self._adjust(self.card, points=100.0, reason="Opening balance")
        row = self.card.history_ids
        before = row.read(["description", "issued", "used"])
        for user in (self.salesman, self.loyalty_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "written by its orders"),
            ):
                row.with_user(user).write({"description": "Gift", "issued": 1000.0})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).unlink()  # no one may delete history rows (ACL)
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "written by its orders"),
            ):
                self.env["loyalty.history"].with_user(user).create(
                    {
                        "card_id": self.card.id,
                        "description": "Renewal: fake",
                        "issued": 0.0,
                        "used": 0.0,
                    }
                )
        row.invalidate_recordset()
        self.assertEqual(row.read(["description", "issued", "used"]), before)
        self.assertEqual(self.card.history_ids, row)

    def test_card_with_history_not_deleted(self):
        """Issue #14: a sales manager cannot delete a card (no unlink right), and even a
        user given the right to delete cards cannot delete one with points or history:
        it is archived instead; superuser code still can."""
        self._adjust(self.card, points=10.0)
        with self.assertRaises(AccessError):
            self.card.with_user(self.sales_manager).unlink()
        self.assertTrue(self.card.exists())
        group = self.env["res.groups"].create({"name": "Card deleters (test)"})
        self.env["ir.model.access"].create(
            {
                "name": "test: delete cards",
                "group_id": group.id,
                "model_id": self.env["ir.model"]._get_id("loyalty.card"),
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
                "perm_unlink": True,
            }
        )
        self.sales_manager.groups_id += group
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.card.with_user(self.sales_manager).unlink()
        self._adjust(self.card, points=0.0)  # no points left, but a history
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.card.with_user(self.sales_manager).unlink()
        self.assertTrue(self.card.exists())
        self.assertEqual(len(self.card.history_ids), 2)
        blank = self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": self.partner_a.id,
                "points": 0,
            }
        )
        blank.with_user(self.sales_manager).unlink()
        self.assertFalse(blank.exists())

    # ------------------------------------------------------------ issue #21 renewal
    def test_renewal_refused_without_loyalty_rights(self):
        """Issue #21, X-6: an internal user with neither loyalty nor sales rights cannot
        renew a card (the fee order is created as superuser only after that check):
        nothing is created, nothing changes."""
        before = self._state(self.card)
        with self.assertRaises(AccessError):
            self.card.with_user(self.plain_user).action_renew()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.plain_user).action_coop_renew_card()
        self.assertEqual(self._state(self.card), before)
        self.assertFalse(self._orders())

    def test_loyalty_manager_renews_in_one_action(self):
        """Issue #21 (L-3): a loyalty manager with no sales rights renews a card in one
        action: the fee order is created and confirmed, the card renewed, its history
        says so, and the fee earns no points."""
        self.assertFalse(
            self.loyalty_manager.has_group("sales_team.group_sale_salesman")
        )
        old_expiry = self.card.coop_date_expiry
        result = self.card.with_user(self.loyalty_manager).action_renew()
        self.assertIs(
            result, True
        )  # the manager cannot open a sale order: the card stays
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.user_id, self.loyalty_manager)
        self.assertEqual(order.order_line.product_id, self.fee_product)
        self.assertEqual(
            self.card.coop_date_expiry, old_expiry + relativedelta(months=12)
        )
        self.assertEqual(self.card.points, 0.0)
        self.assertIn("Renewal", " ".join(self.card.history_ids.mapped("description")))
        # the loyalty user too, from the customer's form
        self.customer.with_user(self.loyalty_user).action_coop_renew_card()
        self.assertEqual(
            self.card.coop_date_expiry, old_expiry + relativedelta(months=24)
        )
        self.assertEqual(len(self._orders()), 2)

    def test_renewal_pending_until_the_fee_is_sold(self):
        """Issue #21 (L-3): a cooperative that keeps renewals pending: the loyalty
        manager's renewal leaves the fee order a quotation and the card as it was; the
        card is renewed when the sales manager confirms it."""
        self.company.coop_card_renewal_mode = "pending"
        before = self._state(self.card)
        self.card.with_user(self.loyalty_manager).action_renew()
        order = self._orders()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self._state(self.card), before)
        order.with_user(self.sales_manager).action_confirm()
        self.assertEqual(
            self.card.coop_date_expiry, before[2] + relativedelta(months=12)
        )

    def test_fee_earns_points_only_when_the_program_says_so(self):
        """Issue #21: the card fee earns no points by default, on its own or with other
        products; with the program's option it earns like any product."""
        order = self._order(self.customer, qty=1)
        order.write(
            {"order_line": [Command.create({"product_id": self.fee_product.id})]}
        )
        order.action_confirm()
        self.assertEqual(self.card.points, 100.0)  # the argan oil only
        self.program.coop_fee_earns_points = True
        self._confirmed_order(self.customer, qty=1, product=self.fee_product)
        self.assertEqual(self.card.points, 350.0)

    def test_one_card_identifier_on_the_form(self):
        """Issue #21: the card form shows one identifier of a cooperative card, its
        number: Odoo's code and the barcode are not shown."""
        arch = self.env["loyalty.card"].get_view(
            self.env.ref("loyalty.loyalty_card_view_form").id, "form"
        )["arch"]
        tree = etree.fromstring(arch)
        visible = [
            node
            for node in tree.xpath(
                "//field[@name='code'] | "
                "//field[@name='coop_barcode'] | "
                "//field[@name='coop_number']"
            )
        ]
        shown = [
            n.get("name") for n in visible if n.get("invisible") not in ("1", "True")
        ]
        self.assertIn("coop_number", shown)
        self.assertEqual(
            [n.get("invisible") for n in visible if n.get("name") == "code"],
            ["coop_card"],
        )
        self.assertNotIn("coop_barcode", shown)
        self.assertEqual(shown.count("coop_number"), 1)


@tagged("post_install", "-at_install")
class TestCardRenewalOnDemo(TransactionCase):
    """Issue #21 (L-3) on the demo: the union manager (loyalty manager through the
    cooperative manager group, no sales rights) renews a branch's card in one action;
    the branch's staff without loyalty rights cannot."""

    def setUp(self):
        super().setUp()
        self.card = self.env.ref("coop_loyalty.card_argan_01", raise_if_not_found=False)
        self.assertTrue(
            self.card, "the suite's tests run on a database with its demo data"
        )
        self.union_user = self.env.ref("coop_crm_base.coop_user_union")
        self.staff = self.env.ref("coop_crm_base.coop_user_argan")
        self.companies = self.union_user.company_ids

    def _state(self):
        self.card.invalidate_recordset()
        orders = self.env["sale.order"].search_count(
            [("partner_id", "=", self.card.partner_id.id)]
        )
        return (
            self.card.points,
            self.card.coop_date_expiry,
            len(self.card.history_ids),
            orders,
        )

    def test_staff_without_loyalty_rights_cannot_renew(self):
        """Issue #21, X-6: the cooperative's staff without loyalty rights cannot renew a
        card (no fee order created as superuser on their behalf); nothing changes."""
        self.assertFalse(
            self.staff.has_group("coop_loyalty.group_loyalty_user"),
            "the demo's staff of the cooperative has no loyalty rights",
        )
        before = self._state()
        with self.assertRaises(AccessError):
            self.card.with_user(self.staff).action_renew()
        self.assertEqual(self._state(), before)

    def test_loyalty_manager_of_another_cooperative_cannot_renew(self):
        """Issue #21, X-1: a loyalty manager of another cooperative cannot renew this
        cooperative's card (by RPC on its id): the check of their rights on the card
        comes before the fee order is created as superuser; nothing changes."""
        dairy = self.env.ref("coop_crm_base.coop_company_dairy")
        other = new_test_user(
            self.env,
            "coop_dairy_loyalty_manager",
            groups="base.group_user,coop_loyalty.group_loyalty_manager",
            company_id=dairy.id,
            company_ids=[Command.set(dairy.ids)],
        )
        before = self._state()
        with self.assertRaises(AccessError):
            self.card.with_user(other).action_renew()
        self.assertEqual(self._state(), before)

    def test_union_manager_renews_a_branch_card(self):
        """Issue #21: the demo's union manager, a loyalty manager without sales rights,
        renews a branch's card in one action: fee order confirmed, card renewed, history
        line, the fee earns no points."""
        user = self.union_user
        self.assertTrue(user.has_group("coop_loyalty.group_loyalty_manager"))
        self.assertFalse(user.has_group("sales_team.group_sale_salesman"))
        points, expiry, history, orders = self._state()
        card = self.card.with_user(user).with_context(
            allowed_company_ids=self.companies.ids
        )
        card.action_renew()
        after = self._state()
        self.assertEqual(
            (after[0], after[1], after[3]),
            (points, expiry + relativedelta(months=12), orders + 1),
        )
        renewal = self.card.history_ids.sorted("id")[history:].filtered(
            lambda h: h.description.startswith("Renewal")
        )
        self.assertEqual(len(renewal), 1)
        self.assertEqual((renewal.issued, renewal.used), (0.0, 0.0))
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.card.partner_id.id)], order="id desc", limit=1
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.company_id, self.card.program_id.company_id)
        self.assertEqual(
            order.order_line.product_id, self.card.program_id.coop_fee_product_id
        )
