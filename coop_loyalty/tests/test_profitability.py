import io

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CoopLoyaltyCase, coop_card_program_vals


@tagged("post_install", "-at_install")
class TestLoyaltyProfitability(CoopLoyaltyCase):
    def test_profitability_figures(self):
        """L-10: revenue of holders against non-holders, card fees, cost of rewards and
        cards, and the net result of the program."""
        self.program.coop_card_cost = 20.0
        stranger = self.env["res.partner"].create({"name": "No card customer"})
        self._confirmed_order(self.customer, qty=3)  # holder: 300
        self._confirmed_order(stranger, qty=2)  # non-holder: 200
        self._confirmed_order(self.customer, product=self.fee_product)  # fee: 250
        self._adjust(self.card, points=600.0)
        order = self._order(self.customer, qty=10)  # holder: 1,000 and a 10% reward
        order._update_programs_and_rewards()
        reward = self.program.reward_ids
        order._apply_program_reward(reward, self.card)
        reward_line = order.order_line.filtered("reward_id")
        self.assertEqual(reward_line.price_subtotal, -100.0)
        order.action_confirm()
        Report = self.env["coop.loyalty.profitability.report"]
        domain = [("company_id", "=", self.company.id)]
        totals = Report._read_group(
            domain,
            [],
            [
                "holder_revenue:sum",
                "non_holder_revenue:sum",
                "card_fee:sum",
                "reward_cost:sum",
                "card_cost:sum",
                "cards_issued:sum",
                "net_result:sum",
            ],
        )[0]
        self.assertEqual(totals, (1300.0, 200.0, 250.0, 100.0, 20.0, 1, 130.0))
        by_type = dict(
            Report._read_group(domain, ["customer_type"], ["partner_id:count_distinct"])
        )
        self.assertEqual(by_type, {"holder": 1, "non_holder": 1})

    def test_customer_profitability(self):
        """R-3, issue #17: a customer's profit is their revenue minus the rewards they
        used: the ledger counts 300 + the card fee 250 + an order of 1,000 less its
        10% reward = 1,450; the reward's 100 is added back to the revenue (1,550) and
        is the cost to serve; profit 1,450. A payment from an eWallet the customer
        topped up is no reward."""
        self._confirmed_order(self.customer, qty=3)
        self._confirmed_order(self.customer, product=self.fee_product)
        self._adjust(self.card, points=600.0)
        order = self._order(self.customer, qty=10)
        order._update_programs_and_rewards()
        order._apply_program_reward(self.program.reward_ids, self.card)
        order.action_confirm()
        self.env["res.partner"]._coop_recompute_customer_stats(self.company)
        self.assertEqual(
            (
                self.customer.coop_lifetime_revenue,
                self.customer.coop_cost_to_serve,
                self.customer.coop_profit,
                self.customer.coop_unprofitable,
            ),
            (1550.0, 100.0, 1450.0, False),
        )
        # an eWallet the customer topped up paying 50 of an order: a payment, not a
        # reward: the order counts 50 in the ledger, and nothing is a cost
        wallet_program = self.env["loyalty.program"].create(
            {
                "name": "Wallet",
                "program_type": "ewallet",
                "company_id": self.company.id,
                "reward_ids": [
                    fields.Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                        }
                    )
                ],
            }
        )
        wallet = self.env["loyalty.card"].create(
            {"program_id": wallet_program.id, "partner_id": self.customer.id}
        )
        self._adjust(wallet, points=50.0, reason="Topped up at the counter (test)")
        paid = self._order(self.customer, qty=1)
        paid._update_programs_and_rewards()
        paid._apply_program_reward(wallet_program.reward_ids[:1], wallet)
        self.assertEqual(paid.amount_untaxed, 50.0)
        paid.action_confirm()
        self.env["res.partner"]._coop_recompute_customer_stats(self.company)
        self.assertEqual(
            (self.customer.coop_lifetime_revenue, self.customer.coop_cost_to_serve),
            (1600.0, 100.0),
        )

    def test_profitability_revenue_from_purchase_ledger(self):
        """L-10, issue #15: the revenue is the purchase ledger's: a holder business's
        contact's order and its invoice once, its direct invoice, less its credit note;
        the card fee and the reward lines stay out of the revenue."""
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
        self.env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": business.id}
        )
        stranger = self.env["res.partner"].create({"name": "No card customer"})
        self.product.invoice_policy = "order"
        order = self._confirmed_order(contact, qty=5)  # 500
        order._create_invoices().action_post()
        self._confirmed_order(contact, product=self.fee_product)  # fee: 250
        self._confirmed_order(stranger, qty=3)  # 300
        self.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": business.id,
                    "company_id": self.company.id,
                    "invoice_date": self.today,
                    "date": self.today,
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 1.0,
                                "price_unit": amount,
                                "tax_ids": [fields.Command.clear()],
                            }
                        )
                    ],
                }
                for move_type, amount in (("out_invoice", 200.0), ("out_refund", 100.0))
            ]
        ).action_post()
        Report = self.env["coop.loyalty.profitability.report"]
        domain = [("company_id", "=", self.company.id)]
        totals = dict(Report._read_group(domain, ["partner_id"], ["revenue:sum"]))
        self.assertEqual(totals[business], 500.0 + 200.0 - 100.0)
        self.assertEqual(totals[stranger], 300.0)
        self.assertNotIn(contact, totals)
        [[holder, non_holder, fee]] = Report._read_group(
            domain, [], ["holder_revenue:sum", "non_holder_revenue:sum", "card_fee:sum"]
        )
        self.assertEqual((holder, non_holder, fee), (600.0, 300.0, 250.0))
        # the ledger's figure, less the card fee
        ledger = self.env["coop.purchase"].search(
            [("company_id", "=", self.company.id), ("partner_id", "=", business.id)]
        )
        self.assertEqual(holder, sum(ledger.mapped("amount")) - fee)

    def test_retention_attrition(self):
        """L-10/M-8: of the holders who bought in the previous 12 months, the share who
        bought again in the last 12 months (retention) and the others (attrition)."""
        other = self.env["res.partner"].create({"name": "Lapsed holder"})
        self.env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": other.id}
        )
        before = fields.Datetime.now() - relativedelta(months=18)
        for partner in (self.customer, other):
            self._confirmed_order(partner).date_order = before
        self._confirmed_order(self.customer)
        self.program.invalidate_recordset()
        self.assertEqual(self.program.coop_holders_previous, 2)
        self.assertEqual(self.program.coop_holders_retained, 1)
        self.assertEqual(self.program.coop_retention_rate, 50.0)
        self.assertEqual(self.program.coop_attrition_rate, 50.0)

    def test_retention_from_purchase_ledger(self):
        """L-10, issue #15: retention reads the purchase ledger by commercial partner: a
        business's contact buys for the business card, an invoiced order or a direct
        invoice is a purchase, a credit note is not; the figures are the ledger's."""
        Command = fields.Command
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
        returner = self.env["res.partner"].create({"name": "Returning holder"})
        for partner in (business, returner):
            self.env["loyalty.card"].create(
                {"program_id": self.program.id, "partner_id": partner.id}
            )
        before = fields.Date.context_today(self.program) - relativedelta(months=18)
        self.product.invoice_policy = "order"
        # previous 12 months: the contact's invoiced order, the returner's invoice
        order = self._confirmed_order(contact, qty=2)
        order.date_order = before
        invoice = order._create_invoices()
        invoice.write({"invoice_date": before, "date": before})
        invoice.action_post()

        def move(move_type, partner, date):
            return {
                "move_type": move_type,
                "partner_id": partner.id,
                "company_id": self.company.id,
                "invoice_date": date,
                "date": date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1.0,
                            "price_unit": 50.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }

        today = fields.Date.context_today(self.program)
        # last 12 months: the business's direct invoice, the returner's credit note
        self.env["account.move"].create(
            [
                move("out_invoice", returner, before),
                move("out_invoice", business, today),
                move("out_refund", returner, today),
            ]
        ).action_post()
        self.program.invalidate_recordset()
        self.assertEqual(self.program.coop_holders_previous, 2)
        self.assertEqual(self.program.coop_holders_retained, 1)
        self.assertEqual(self.program.coop_retention_rate, 50.0)
        # the same buyers as the ledger's rows
        middle = today - relativedelta(months=12)
        ledger = self.env["coop.purchase"].search(
            [
                ("company_id", "=", self.company.id),
                ("amount", ">=", 0),
                ("partner_id", "in", (business | returner).ids),
                ("date", ">=", today - relativedelta(months=24)),
            ]
        )
        previous = ledger.filtered(lambda p: p.date < middle).partner_id
        current = ledger.filtered(lambda p: p.date >= middle).partner_id
        self.assertEqual(len(ledger.filtered(lambda p: p.partner_id == business)), 2)
        self.assertEqual(len(previous), self.program.coop_holders_previous)
        self.assertEqual(len(previous & current), self.program.coop_holders_retained)

    def test_loyalty_operation_worked_figures(self):
        """R-2, issue #17: the holders of a card program spent 12,000 since they took
        the card against a baseline of 9,000 (their own purchases over as many days
        before it, or what as many customers without a card bought); the operation
        cost 1,000 (a card issued at 1,000) and brought 500 of card fees: net result
        12,000 - 9,000 - 1,000 + 500 = 2,500, return 250%. A program without fee is not
        at a loss because of it: the fees only add."""
        today = fields.Date.context_today(self.env.user)
        fee = self.env["product.product"].create(
            {"name": "Operation card fee", "list_price": 250.0, "type": "service"}
        )
        program = self.env["loyalty.program"].create(
            coop_card_program_vals(
                self.company, coop_fee_product_id=fee.id, coop_card_cost=1000.0
            )
        )
        holder = self.env["res.partner"].create(
            {"name": "Holder", "company_id": self.company.id}
        )
        other = self.env["res.partner"].create(
            {"name": "No card", "company_id": self.company.id}
        )
        self.env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": holder.id,
                "coop_date_issue": today - relativedelta(days=100),
            }
        )

        def bought(partner, days_ago, qty, product=None):
            order = self._order(partner, qty=qty, product=product)
            order.action_confirm()
            order.date_order = fields.Datetime.now() - relativedelta(days=days_ago)

        bought(holder, 150, 90)  # 9,000 in the 101 days before the card
        bought(holder, 250, 50)  # 5,000 before that: not in the baseline
        bought(holder, 50, 120)  # 12,000 with the card
        bought(holder, 40, 2, product=fee)  # 500 of fees
        bought(other, 30, 90)  # 9,000 without a card
        bought(other, 400, 1)  # more than 12 months ago: no revenue of the period
        program.invalidate_recordset()
        self.assertEqual(
            (
                program.coop_op_holder_revenue,
                program.coop_op_baseline_revenue,
                program.coop_op_extra_revenue,
                program.coop_op_cost,
                program.coop_op_fees,
                program.coop_op_net_result,
                program.coop_op_roi,
            ),
            (12000.0, 9000.0, 3000.0, 1000.0, 500.0, 2500.0, 250.0),
        )
        # the same figures in the loyalty operations' XLSX export
        content, _type = self.env["ir.actions.report"]._render_xlsx(
            "coop_loyalty.report_coop_loyalty_operations_xlsx", program.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header, row = list(sheet.iter_rows(values_only=True))
        line = dict(zip(header, row, strict=False))
        self.assertEqual(
            (line["Extra revenue"], line["Net result of the operation"]),
            (3000.0, 2500.0),
        )
        program.coop_baseline = "non_holders"
        program.invalidate_recordset()
        self.assertEqual(
            (program.coop_op_baseline_revenue, program.coop_op_net_result),
            (9000.0, 2500.0),
        )
        # retention of the customers without a card beside the holders': the one
        # without a card bought 400 days ago and again in the last 12 months
        self.assertEqual(
            (program.coop_holders_previous, program.coop_nonholder_retention_rate),
            (0, 100.0),
        )
