from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged
from odoo.tools import float_compare

from .common import CoopLoyaltyCase


@tagged("post_install", "-at_install")
class TestCardServices(CoopLoyaltyCase):
    """Issue #15: one way to find a customer's card for a cooperative (branch-aware) and
    one way to credit a card with its history line; orders, renewals, conversions,
    referrals call them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        # the fixture's company, with its books, is the union; a cooperative of the
        # union, one of its own branches, and a cooperative of another union
        cls.union = cls.company
        currency = {"currency_id": cls.union.currency_id.id}
        cls.branch = Company.create(
            {"name": "Branch coop", "parent_id": cls.union.id, **currency}
        )
        cls.sub_branch = Company.create(
            {"name": "Sub-branch", "parent_id": cls.branch.id, **currency}
        )
        cls.stranger_coop = Company.create({"name": "Unrelated coop"})
        cls.env.user.company_ids += cls.branch | cls.sub_branch | cls.stranger_coop
        cls.stranger_program = cls.env["loyalty.program"].create(
            {
                "name": "Other card",
                "program_type": "loyalty",
                "coop_card": True,
                "company_id": cls.stranger_coop.id,
            }
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Customer elsewhere", "company_id": cls.stranger_coop.id}
        )
        cls.stranger_card = cls.env["loyalty.card"].create(
            {"program_id": cls.stranger_program.id, "partner_id": cls.stranger.id}
        )

    @contextmanager
    def _spy(self, method):
        """Record the calls of a card service while it runs as usual."""
        Card = type(self.env["loyalty.card"])
        original = getattr(Card, method)
        calls = []

        def spy(model, *args, **kwargs):
            calls.append((args, kwargs))
            return original(model, *args, **kwargs)

        with patch.object(Card, method, spy):
            yield calls

    def _assert_balance_is_history(self, card):
        history = card.history_ids
        self.assertEqual(
            float_compare(
                card.points,
                sum(history.mapped("issued")) - sum(history.mapped("used")),
                precision_digits=2,
            ),
            0,
            f"{card.display_name}: {card.points} points, history {history.read()}",
        )

    # ------------------------------------------------------------------ union program
    def test_union_card_counts_its_cooperatives_purchases(self):
        """L-5, X-1, issue #15: the card of a union's program (valid in its
        cooperatives) takes its tier from the holder's purchases in the union and in
        every cooperative of it (and their branches), not from the union company's
        own sales alone; the program's retention counts them too."""
        self.product.company_id = False
        for company, qty in ((self.branch, 8), (self.sub_branch, 4)):
            order = self._order(self.customer, qty=qty, company=company)
            order.action_confirm()
        self.env["loyalty.card"]._cron_coop_update_tiers()
        self.assertEqual(self.card.coop_spend_12m, 1200.0)
        self.assertEqual(self.card.coop_tier, "silver")
        # bought in a cooperative 18 months ago and again now: retained
        old = self._order(self.customer, qty=1, company=self.sub_branch)
        old.action_confirm()
        old.date_order = date.today() - relativedelta(months=18)
        self.program.invalidate_recordset()
        self.assertEqual(
            (self.program.coop_holders_previous, self.program.coop_holders_retained),
            (1, 1),
        )

    # ------------------------------------------------------------------ finding a card
    def test_branch_finds_the_card_of_its_union_program(self):
        """L-1, X-1, issue #15: a customer of the union (shared with its cooperatives)
        is found with the card of the union's program from a cooperative of the union
        and its own branches; the cooperative's own program comes first; never across
        unrelated cooperatives."""
        Card = self.env["loyalty.card"]
        self.assertEqual(Card._coop_card_for(self.customer, self.union), self.card)
        self.assertEqual(Card._coop_card_for(self.customer, self.branch), self.card)
        self.assertEqual(Card._coop_card_for(self.customer, self.sub_branch), self.card)
        self.assertFalse(Card._coop_card_for(self.customer, self.stranger_coop))
        self.assertFalse(Card._coop_card_for(self.stranger, self.union))
        self.assertFalse(Card._coop_card_for(self.stranger, self.branch))
        self.assertEqual(
            Card._coop_card_for(self.stranger, self.stranger_coop), self.stranger_card
        )
        # a program of the cooperative itself comes before its union's; the union does
        # not see the programs of its cooperatives
        branch_program = self.env["loyalty.program"].create(
            {
                "name": "Branch card",
                "program_type": "loyalty",
                "coop_card": True,
                "company_id": self.branch.id,
            }
        )
        branch_card = Card.create(
            {"program_id": branch_program.id, "partner_id": self.customer.id}
        )
        self.assertEqual(Card._coop_card_for(self.customer, self.branch), branch_card)
        self.assertEqual(
            Card._coop_card_for(self.customer, self.sub_branch), branch_card
        )
        self.assertEqual(Card._coop_card_for(self.customer, self.union), self.card)
        self.assertEqual(
            self.env["loyalty.program"]._coop_programs_for(self.sub_branch),
            branch_program | self.program,
        )
        # the order of a cooperative of the union shows the union's card
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "company_id": self.sub_branch.id}
        )
        self.assertEqual(order.coop_card_id, branch_card)
        # other kinds of programs: none found nor issued elsewhere than asked
        self.assertFalse(
            Card._coop_card_for(self.customer, self.branch, program_type="ewallet")
        )

    def test_card_issued_when_asked(self):
        """L-7, issue #15: with ``create``, a holder without a card gets one in the best
        program, without points; the holders who have one keep it (one search, one
        create)."""
        Card = self.env["loyalty.card"]
        wallet_program = self.env["loyalty.program"].create(
            {"name": "eWallet", "program_type": "ewallet", "company_id": self.union.id}
        )
        newcomer = self.env["res.partner"].create({"name": "Newcomer"})
        wallet = Card.create(
            {"program_id": wallet_program.id, "partner_id": self.customer.id}
        )
        cards = Card._coop_cards_for(
            self.customer | newcomer, self.branch, program_type="ewallet", create=True
        )
        self.assertEqual(cards[self.customer.id], wallet)
        self.assertEqual(cards[newcomer.id].program_id, wallet_program)
        self.assertEqual(cards[newcomer.id].points, 0.0)
        self.assertEqual(
            Card._coop_card_for(newcomer, self.branch, program_type="ewallet"),
            cards[newcomer.id],
        )

    # ------------------------------------------------------------------ crediting
    def test_credit_writes_the_history_line_and_the_balance(self):
        """L-1, L-7, issue #15: a credit adds the points and its history line (with its
        origin); a debit is a used line; a note moves nothing; the balance is the sum of
        the history."""
        order = self._order(self.customer)
        line = self.card._coop_credit(120.0, "Welcome gift", origin=order)
        self.assertEqual(self.card.points, 120.0)
        self.assertRecordValues(
            line,
            [
                {
                    "card_id": self.card.id,
                    "issued": 120.0,
                    "used": 0.0,
                    "description": "Welcome gift",
                    "order_model": "sale.order",
                    "order_id": order.id,
                }
            ],
        )
        self.card._coop_credit(-20.0, "Taken back")
        self.card._coop_credit(0.0, "A note")
        self.assertEqual(self.card.points, 100.0)
        self.assertEqual(sorted(self.card.history_ids.mapped("used")), [0.0, 0.0, 20.0])
        self.env["loyalty.card"]._coop_credit_many(
            [(self.card, 5.0), (self.stranger_card, 7.0), (self.card, 5.0)], "Batch"
        )
        self.assertEqual((self.card.points, self.stranger_card.points), (110.0, 7.0))
        self._assert_balance_is_history(self.card)
        self._assert_balance_is_history(self.stranger_card)

    # ------------------------------------------------------------------ the callers
    def test_sale_order_points_found_through_the_service(self):
        """L-1, L-5, issue #15: the points of an order at a cooperative of the union go
        to the card the service finds (the union's), with the order's history line."""
        with self._spy("_coop_cards_for") as calls:
            order = self._order(self.customer, qty=3, company=self.branch)
            order.action_confirm()
        self.assertTrue(calls)
        self.assertEqual(order.coop_card_id, self.card)
        self.assertEqual(self.card.points, 300.0)
        history = self.card.history_ids
        self.assertRecordValues(
            history,
            [
                {
                    "issued": 300.0,
                    "used": 0.0,
                    "order_model": "sale.order",
                    "order_id": order.id,
                }
            ],
        )
        self._assert_balance_is_history(self.card)

    def test_renewal_through_the_service(self):
        """L-3, issue #15: a renewal writes its history line through the card service,
        without points."""
        self.program.coop_fee_product_id = False
        with self._spy("_coop_credit_many") as calls:
            self.card.action_renew()
        self.assertEqual(len(calls), 1)
        note = self.card.history_ids
        self.assertEqual((note.issued, note.used), (0.0, 0.0))
        self.assertIn("Renewal", note.description)
        self._assert_balance_is_history(self.card)

    def test_conversion_through_the_service(self):
        """L-4, issue #15: a conversion debits the card and credits the voucher, each
        with its history line naming the order."""
        self.program.write(
            {
                "coop_conversion_points": 1000.0,
                "coop_conversion_program_id": self.voucher_program.id,
                "coop_conversion_amount": 100.0,
            }
        )
        self.card._coop_credit(800.0, "Opening balance")
        with self._spy("_coop_credit_many") as calls:
            order = self._confirmed_order(self.customer, qty=2)
        self.assertEqual(len(calls), 2)
        voucher = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.voucher_program.id),
                ("partner_id", "=", self.customer.id),
            ]
        )
        self.assertRecordValues(
            voucher.history_ids,
            [
                {
                    "issued": 100.0,
                    "used": 0.0,
                    "order_model": "sale.order",
                    "order_id": order.id,
                }
            ],
        )
        debit = self.card.history_ids.filtered("used")
        self.assertRecordValues(debit, [{"used": 1000.0, "order_id": order.id}])
        self.assertEqual(self.card.points, 0.0)
        self._assert_balance_is_history(self.card)
        self._assert_balance_is_history(voucher)

    def test_conversion_into_the_wallet_through_the_service(self):
        """L-4, issue #15: an eWallet voucher credits the holder's wallet (issued
        once)."""
        wallet_program = self.env["loyalty.program"].create(
            {"name": "eWallet", "program_type": "ewallet", "company_id": self.union.id}
        )
        self.program.write(
            {
                "coop_conversion_points": 500.0,
                "coop_conversion_program_id": wallet_program.id,
                "coop_conversion_amount": 50.0,
            }
        )
        self.card._coop_credit(900.0, "Opening balance")
        self._confirmed_order(self.customer, qty=1)  # 1,000 points: two vouchers' value
        self._confirmed_order(self.customer, qty=5)  # 500 more: one more
        wallet = self.env["loyalty.card"].search(
            [("program_id", "=", wallet_program.id)]
        )
        self.assertEqual(len(wallet), 1)
        self.assertEqual(wallet.points, 150.0)
        self.assertEqual(sorted(wallet.history_ids.mapped("issued")), [50.0, 100.0])
        self._assert_balance_is_history(wallet)
        self._assert_balance_is_history(self.card)

    def test_referral_at_a_cooperative_of_the_union(self):
        """L-9, issue #15: the first order of a referred customer at a cooperative of
        the union credits the referrer's card of the union's program, with its history
        line."""
        self.program.coop_referral_points = 50.0
        referred = self.env["res.partner"].create({"name": "Referred"})
        referred.coop_referred_by_id = self.customer
        with self._spy("_coop_credit_many") as calls:
            order = self._order(referred, company=self.branch)
            order.action_confirm()
        self.assertEqual(len(calls), 1)
        self.assertTrue(referred.coop_referral_rewarded)
        self.assertEqual(self.card.points, 50.0)
        self.assertRecordValues(
            self.card.history_ids,
            [
                {
                    "issued": 50.0,
                    "order_model": "sale.order",
                    "order_id": order.id,
                }
            ],
        )

    def test_ristourne_sales_journal_of_the_union(self):
        """L-7, issue #15: a cooperative of the union without books of its own settles
        its credit notes in the union's sales journal, as the claims' compensation does;
        its own journal comes first; an unrelated cooperative has none."""
        Journal = self.env["account.journal"]
        journal = self.company_data["default_journal_sale"]
        self.assertEqual(Journal._coop_sale_journal_for(self.branch), journal)
        self.assertEqual(Journal._coop_sale_journal_for(self.sub_branch), journal)
        self.assertFalse(Journal._coop_sale_journal_for(self.stranger_coop))
        own = Journal.create(
            {
                "name": "Branch sales",
                "code": "BRS",
                "type": "sale",
                "company_id": self.branch.id,
                "default_account_id": self.company_data["default_account_revenue"].id,
            }
        )
        self.assertEqual(Journal._coop_sale_journal_for(self.branch), own)
        self.assertEqual(Journal._coop_sale_journal_for(self.sub_branch), own)
        self.assertEqual(Journal._coop_sale_journal_for(self.union), journal)

    def test_one_visible_card_identifier(self):
        """L-1, issue #21: a cooperative card is shown and found by its number (the one
        printed on it), in every field that shows a card; other cards keep their
        code."""
        card = self.card
        self.assertEqual(card.display_name, f"{self.program.name}: {card.coop_number}")
        self.assertNotIn(card.code, card.display_name)
        Card = self.env["loyalty.card"]
        self.assertIn(card.id, [i for i, __ in Card.name_search(card.coop_number)])
        self.assertIn(card.id, [i for i, __ in Card.name_search(card.coop_barcode)])
        voucher = Card.create(
            {"program_id": self.voucher_program.id, "partner_id": self.customer.id}
        )
        self.assertIn(voucher.code, voucher.display_name)

    def test_reminder_sms_in_the_holders_date_format(self):
        """L-2, issue #21: the reminder SMS gives the expiry in the holder's language
        and date format, not the server's."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        self.card.coop_date_issue = date(2026, 3, 5)
        self.card.sudo()._coop_with_transition().coop_date_expiry = date(2027, 3, 5)
        template = self.env.ref("coop_loyalty.sms_template_card_expiry_reminder")
        body = template.with_context(lang="en_US")._render_field(
            "body", self.card.ids, compute_lang=True
        )[self.card.id]
        self.assertIn("05/03/2027", body)
        self.assertNotIn("2027-03-05", body)

    def test_balance_as_the_reader_writes_numbers(self):
        """L-2, L-4, issue #21: Odoo's text of a card's points (its balance on the
        form, the portal, the e-mails and the reminder SMS, the balance adjustments)
        writes the number as the reader writes numbers, as the conversion and referral
        texts do: 1,000 in English, 1 000 in French, two decimals only when there are
        some."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self._adjust(self.card, points=1000.0)
        card = self.card.with_context(lang="en_US")
        self.assertEqual(card.points_display, f"1,000 {card.point_name}")
        self.assertEqual(card._format_points(1234.5), f"1,234.50 {card.point_name}")
        self.assertIn(f"to 1,000 {card.point_name}", card.message_ids[:1].body)
        card = self.card.with_context(lang="fr_FR")
        sep = self.env["res.lang"]._lang_get("fr_FR").thousands_sep
        self.assertEqual(card.points_display, f"1{sep}000 {card.point_name}")
        self.assertEqual(card._coop_points_text(1000.0), f"1{sep}000")


@tagged("post_install", "-at_install")
class TestDemoCardBalances(TransactionCase):
    """Issue #21: the demo's card balances are explained by their history."""

    def test_demo_balances_are_their_history(self):
        """L-1, X-3, issue #21: each demo card (cooperative cards, vouchers, eWallets)
        has the balance its history lines add up to, and the cards with points have
        lines."""
        program = self.env.ref(
            "coop_loyalty.program_card_argan", raise_if_not_found=False
        )
        self.assertTrue(
            program, "the suite's tests run on a database with its demo data"
        )
        companies = self.env["res.company"].search(
            [("parent_id", "=", self.env.ref("coop_crm_base.coop_company_union").id)]
        )
        cards = (
            self.env["loyalty.card"]
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
        )
        self.assertGreaterEqual(len(cards.filtered("coop_card")), 36)
        for card in cards:
            with self.subTest(card=card.code):
                history = card.history_ids
                self.assertEqual(
                    float_compare(
                        card.points,
                        sum(history.mapped("issued")) - sum(history.mapped("used")),
                        precision_digits=2,
                    ),
                    0,
                )
                if card.points:
                    self.assertTrue(history)
