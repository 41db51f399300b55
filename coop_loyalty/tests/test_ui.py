from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import CoopLoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyUi(CoopLoyaltyCase, HttpCase):
    """The loyalty screens as a salesperson and a manager use them, in a real browser
    and in French (issue #10; L-1 to L-7, X-2). Each tour creates nothing it does not
    check here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("fr_FR")
        env["ir.module.module"].search(
            [("name", "in", ("coop_crm_base", "coop_loyalty"))]
        )._update_translations(["fr_FR"])
        cls.manager = env.user  # accountman: accounting and cooperative manager
        (cls.manager | cls.salesman).write({"lang": "fr_FR"})
        # L-4: every 1,000 points give a voucher of 100
        cls.program.write(
            {
                "coop_conversion_points": 1000.0,
                "coop_conversion_program_id": cls.voucher_program.id,
                "coop_conversion_amount": 100.0,
            }
        )
        cls.tour_product = env["product.product"].create(
            {
                "name": "Tour Argan Oil",
                "list_price": 100.0,
                "type": "consu",
                "taxes_id": [Command.clear()],
                "company_id": cls.company.id,
            }
        )
        cls.fee_product.name = "Tour card fee"
        Partner = env["res.partner"]
        cls.holder = Partner.create(
            {
                "name": "Tour Card Holder",
                "email": "holder@example.com",
                "company_id": cls.company.id,
                "lang": "fr_FR",
            }
        )
        cls.holder_card = env["loyalty.card"].create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.holder.id,
                "points": 0,
            }
        )
        cls.expired_holder = Partner.create(
            {
                "name": "Tour Expired Holder",
                "company_id": cls.company.id,
                "lang": "fr_FR",
            }
        )
        cls.expired_card = cls._adjust(
            env["loyalty.card"].create(
                {
                    "program_id": cls.program.id,
                    "partner_id": cls.expired_holder.id,
                    "coop_date_issue": cls.today - relativedelta(months=13, days=10),
                }
            ),
            points=40,
            expiry=cls.today - timedelta(days=40),
        )  # grace of 30 days is over

    def _start_tour(self, url, tour, user):
        self.start_tour(url, tour, login=user.login)

    def test_sale_order_earns_and_converts(self):
        """L-1, L-4, L-5, X-2: a salesperson confirms a quotation for a card holder in
        the French interface; the card earns the points, 1,000 of them become a voucher
        of 100 and the holder moves to the silver tier."""
        self._start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "coop_loyalty_sale_card",
            self.salesman,
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.holder.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.user_id, self.salesman)
        self.assertEqual(order.amount_untaxed, 1200.0)
        card = self.holder_card
        self.assertEqual(
            card.points, 200.0
        )  # 1,200 earned (bronze x1), 1,000 converted
        self.assertEqual((card.coop_tier, card.coop_spend_12m), ("silver", 1200.0))
        self.assertEqual(sorted(card.history_ids.mapped("issued")), [0.0, 1200.0])
        self.assertEqual(sum(card.history_ids.mapped("used")), 1000.0)
        voucher = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.voucher_program.id),
                ("partner_id", "=", self.holder.id),
            ]
        )
        self.assertEqual(len(voucher), 1)
        self.assertEqual(voucher.points, 100.0)  # a gift card of 100
        self.assertIn(voucher.code, card.history_ids.filtered("used").description)

    def test_renew_expired_card(self):
        """L-2, L-3, X-2, issue #21: a salesperson renews an expired card from the
        customer's form in one click; the fee order is confirmed at once (the
        cooperative's default) and the card is valid a year."""
        self.assertEqual(self.expired_card.coop_validity_state, "expired")
        self._start_tour(
            f"/odoo/action-base.action_partner_form/{self.expired_holder.id}",
            "coop_loyalty_renew_card",
            self.salesman,
        )
        card = self.expired_card
        new_expiry = self.today + relativedelta(months=12)
        self.assertEqual(card.coop_date_expiry, new_expiry)
        self.assertEqual(card.expiration_date, new_expiry + timedelta(days=30))
        self.assertEqual(card.coop_validity_state, "valid")
        self.assertEqual(
            card.points, 40.0
        )  # earned points kept, the fee earns none (#21)
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.expired_holder.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_id, self.fee_product)
        self.assertEqual(order.amount_untaxed, 250.0)
        self.assertIn(card.coop_number, order.order_line.name)

    def test_ristourne_run_settled_with_statement(self):
        """L-7, X-2: a manager computes, validates and settles a ristourne run in the
        French interface and opens a member's statement; members are paid by credit
        notes, once."""
        env = self.env
        Partner = env["res.partner"]
        member_one, member_two, outsider = Partner.create(
            [
                {"name": name, "company_id": self.company.id, "lang": "fr_FR"}
                for name in ("Tour Member One", "Tour Member Two", "Tour Outsider")
            ]
        )
        for member in (member_one, member_two):
            env["coop.membership"].create(
                {
                    "partner_id": member.id,
                    "company_id": self.company.id,
                }
            ).action_admit()
        env["coop.ristourne.policy"].create(
            {
                "name": "Tour ristourne policy",
                "company_id": self.company.id,
                "period_type": "year",
                "eligibility": "members",
                "settlement": "credit_note",
                "account_id": self.company_data["default_account_revenue"].id,
                "tier_ids": [
                    Command.create({"threshold": 500.0, "rate": 1.0}),
                    Command.create({"threshold": 2000.0, "rate": 3.0}),
                ],
            }
        )
        last_year = date(self.today.year - 1, 6, 15)
        for partner, qty in ((member_one, 30), (member_two, 8), (outsider, 50)):
            env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": last_year,
                    "date": last_year,
                    "company_id": self.company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.tour_product.id,
                                "quantity": qty,
                                "price_unit": 100.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            ).action_post()

        self._start_tour(
            "/odoo/action-coop_loyalty.action_coop_ristourne_run",
            "coop_loyalty_ristourne_run",
            self.manager,
        )

        run = env["coop.ristourne.run"].search(
            [("policy_id.name", "=", "Tour ristourne policy")]
        )
        self.assertEqual(len(run), 1)
        self.assertEqual(run.state, "settled")
        self.assertEqual(
            (run.date_from, run.date_to),
            (date(self.today.year - 1, 1, 1), date(self.today.year - 1, 12, 31)),
        )
        lines = {line.partner_id: line for line in run.line_ids}
        self.assertEqual(set(lines), {member_one, member_two})  # not the outsider
        self.assertEqual(
            (lines[member_one].basis, lines[member_one].rate, lines[member_one].amount),
            (3000.0, 3.0, 90.0),
        )
        self.assertEqual(
            (lines[member_two].basis, lines[member_two].rate, lines[member_two].amount),
            (800.0, 1.0, 8.0),
        )
        for partner, line in lines.items():
            self.assertEqual(line.state, "settled")
            self.assertEqual(line.date_settled, self.today)
            move = line.move_id
            self.assertEqual(
                (move.move_type, move.state, move.partner_id),
                ("out_refund", "posted", partner),
            )
            self.assertEqual(move.amount_total, line.amount)
        credit_notes = env["account.move"].search(
            [("move_type", "=", "out_refund"), ("invoice_origin", "=", run.name)]
        )
        self.assertEqual(
            credit_notes, run.line_ids.move_id
        )  # one per member, paid once

        # issue #14: over JSON-RPC, the manager settles again, writes the run back to
        # validated (then settles) and unlinks the credit note's link: all refused
        self.authenticate(self.manager.login, self.manager.login)

        def call(model, method, args):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": {}},
            )

        line = run.line_ids[0]
        for model, method, args in (
            ("coop.ristourne.run", "action_settle", [[run.id]]),
            ("coop.ristourne.run", "write", [[run.id], {"state": "validated"}]),
            ("coop.ristourne.run", "action_settle", [[run.id]]),
            ("coop.ristourne.line", "write", [[line.id], {"move_id": False}]),
            ("coop.ristourne.line", "write", [[line.id], {"state": "to_settle"}]),
            ("account.move", "button_draft", [[line.move_id.id]]),
        ):
            with (
                self.subTest(method=method, args=args),
                self.assertRaises(JsonRpcException) as catcher,
            ):
                call(model, method, args)
            self.assertEqual(catcher.exception.args[0], "odoo.exceptions.UserError")
        env.invalidate_all()
        self.assertEqual(run.state, "settled")
        self.assertEqual(set(run.line_ids.mapped("state")), {"settled"})
        self.assertEqual(
            env["account.move"].search(
                [("move_type", "=", "out_refund"), ("invoice_origin", "=", run.name)]
            ),
            credit_notes,
        )
        self.assertEqual(set(credit_notes.mapped("state")), {"posted"})
