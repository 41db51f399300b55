from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import CoopLoyaltyCase

RUN_MODULE = "odoo.addons.coop_loyalty.models.coop_ristourne_run"


@tagged("post_install", "-at_install")
class TestRistourne(CoopLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.categ_food = Category.create({"name": "Food"})
        cls.categ_oil = Category.create({"name": "Oil", "parent_id": cls.categ_food.id})
        cls.categ_packaging = Category.create({"name": "Packaging"})
        cls.oil = cls.env["product.product"].create(
            {
                "name": "Oil 1L",
                "categ_id": cls.categ_oil.id,
                "list_price": 100.0,
            }
        )
        cls.jar = cls.env["product.product"].create(
            {
                "name": "Glass jar",
                "categ_id": cls.categ_packaging.id,
                "list_price": 5.0,
            }
        )
        Partner = cls.env["res.partner"]
        cls.member_1 = Partner.create(
            {"name": "Member One", "company_id": cls.company.id}
        )
        cls.member_2 = Partner.create(
            {"name": "Member Two", "company_id": cls.company.id}
        )
        cls.member_3 = Partner.create(
            {"name": "Member Three", "company_id": cls.company.id}
        )
        cls.outsider = Partner.create(
            {"name": "Not a member", "company_id": cls.company.id}
        )
        for partner in (cls.member_1, cls.member_2, cls.member_3):
            cls.env["coop.membership"].create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                }
            ).action_admit()
        cls.policy = cls.env["coop.ristourne.policy"].create(
            {
                "name": "Annual ristourne",
                "company_id": cls.company.id,
                "period_type": "year",
                "eligibility": "members",
                "categ_exclude_ids": [Command.set(cls.categ_packaging.ids)],
                "settlement": "credit_note",
                "account_id": cls.company_data["default_account_revenue"].id,
                "tier_ids": [
                    Command.create({"threshold": 500.0, "rate": 1.0}),
                    Command.create({"threshold": 2000.0, "rate": 3.0}),
                ],
            }
        )
        in_period = "2025-06-15"
        cls._invoice(
            cls.member_1, [(cls.oil, 30, 100.0), (cls.jar, 100, 5.0)], in_period
        )
        cls._invoice(cls.member_1, [(cls.oil, 4, 100.0)], "2025-09-01", refund=True)
        cls._invoice(
            cls.member_2, [(cls.oil, 8, 100.0)], in_period, taxes=cls.tax_sale_a
        )
        cls._invoice(cls.member_2, [(cls.oil, 10, 100.0)], in_period, post=False)
        cls._invoice(cls.member_2, [(cls.oil, 50, 100.0)], "2024-12-31")
        cls._invoice(cls.outsider, [(cls.oil, 50, 100.0)], in_period)

    @classmethod
    def _invoice(
        cls, partner, lines, date, refund=False, taxes=None, post=True, bill=False
    ):
        kinds = ("in_invoice", "in_refund") if bill else ("out_invoice", "out_refund")
        move = cls.env["account.move"].create(
            {
                "move_type": kinds[1] if refund else kinds[0],
                "partner_id": partner.id,
                "invoice_date": date,
                "date": date,
                "company_id": cls.company.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": qty,
                            "price_unit": price,
                            "tax_ids": [Command.set(taxes.ids if taxes else [])],
                        }
                    )
                    for product, qty, price in lines
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _run(self, policy=None, date_from="2025-01-01", date_to="2025-12-31", **vals):
        policy = policy or self.policy
        return self.env["coop.ristourne.run"].create(
            {
                "policy_id": policy.id,
                "company_id": self.company.id,
                "date_from": date_from,
                "date_to": date_to,
                **vals,
            }
        )

    def test_compute_figures(self):
        """L-7: basis = posted invoices minus credit notes, untaxed, excluded categories
        out, members only; the rate is the one of the highest threshold reached."""
        run = self._run()
        run.action_compute()
        self.assertEqual(run.state, "computed")
        lines = {line.partner_id: line for line in run.line_ids}
        self.assertEqual(set(lines), {self.member_1, self.member_2})
        # member 1: 3,000 oil - 400 refund; the 500 of jars are excluded
        self.assertEqual(lines[self.member_1].basis, 2600.0)
        self.assertEqual(lines[self.member_1].rate, 3.0)
        self.assertEqual(lines[self.member_1].amount, 78.0)
        # member 2: 800 untaxed (taxed invoice), draft and out-of-period invoices
        # ignored
        self.assertEqual(lines[self.member_2].basis, 800.0)
        self.assertEqual(lines[self.member_2].rate, 1.0)
        self.assertEqual(lines[self.member_2].amount, 8.0)
        self.assertEqual(run.total_amount, 86.0)
        # all customers: the outsider gets 3% of 5,000
        self.policy.eligibility = "all"
        run.action_compute()
        outsider = run.line_ids.filtered(lambda line: line.partner_id == self.outsider)
        self.assertEqual((outsider.basis, outsider.amount), (5000.0, 150.0))
        # only some categories: the jars alone
        self.policy.write(
            {
                "categ_include_ids": [Command.set(self.categ_packaging.ids)],
                "categ_exclude_ids": [Command.clear()],
            }
        )
        run.action_compute()
        self.assertEqual(run.line_ids.partner_id, self.member_1)
        self.assertEqual(run.line_ids.basis, 500.0)
        self.assertEqual(run.line_ids.amount, 5.0)

    def test_settle_credit_notes_once(self):
        """L-7: settlement makes posted credit notes; settling twice is refused and
        paying again a settled line does nothing."""
        run = self._run()
        run.action_compute()
        with self.assertRaises(UserError):
            run.action_settle()  # not validated yet
        run.action_validate()
        run.action_settle()
        self.assertEqual(run.state, "settled")
        moves = run.line_ids.move_id
        self.assertEqual(len(moves), 2)
        self.assertEqual(set(moves.mapped("move_type")), {"out_refund"})
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(sorted(moves.mapped("amount_total")), [8.0, 78.0])
        self.assertEqual(set(run.line_ids.mapped("state")), {"settled"})
        with self.assertRaisesRegex(UserError, "already settled"):
            run.action_settle()
        run._settle_batch(run.line_ids)
        self.assertEqual(run.line_ids.move_id, moves)
        with self.assertRaises(UserError):
            run.action_cancel()
        with self.assertRaises(UserError):
            run.action_compute()

    def test_ristourne_paid_is_a_cost_to_serve(self):
        """R-3, issue #17: a ristourne paid is part of the member's cost to serve, and
        its settlement credit note does not lower their revenue: member 1 bought
        3,500 and returned 400 (revenue 3,100), was paid 78: profit 3,022."""
        run = self._run()
        run.action_compute()
        run.action_validate()
        run.action_settle()
        self.env["res.partner"]._coop_recompute_customer_stats(self.company)
        self.assertEqual(
            (
                self.member_1.coop_lifetime_revenue,
                self.member_1.coop_cost_to_serve,
                self.member_1.coop_profit,
            ),
            (3100.0, 78.0, 3022.0),
        )

    def test_overlap_refused(self):
        """L-7: computing a period overlapping a settled run of the same policy is
        refused; another period or another policy is fine."""
        run = self._run()
        run.action_compute()
        run.action_validate()
        run.action_settle()
        overlapping = self._run(date_from="2025-10-01", date_to="2026-03-31")
        with self.assertRaisesRegex(UserError, "overlaps"):
            overlapping.action_compute()
        self.assertEqual(overlapping.state, "draft")
        self.assertFalse(overlapping.line_ids)
        # issue #14: the overlapping draft blocks the next year's run until cancelled
        after = self._run(date_from="2026-01-01", date_to="2026-12-31")
        with self.assertRaisesRegex(UserError, "overlaps"):
            after.action_compute()
        overlapping.action_cancel()
        after.action_compute()
        self.assertEqual(after.state, "computed")
        other_policy = self.policy.copy({"name": "Second policy"})
        same_period = self._run(policy=other_policy)
        same_period.action_compute()
        self.assertEqual(same_period.state, "computed")

    def test_settle_ewallet_in_batches(self):
        """L-7: eWallet settlement, run by the scheduled job batch by batch; re-running
        never pays a line twice."""
        ewallet = self.env["loyalty.program"].create(
            {
                "name": "Ristourne wallet",
                "program_type": "ewallet",
                "company_id": self.company.id,
            }
        )
        self.policy.write({"settlement": "ewallet", "ewallet_program_id": ewallet.id})
        run = self._run()
        run.action_compute()
        run.action_validate()
        with patch(f"{RUN_MODULE}.SETTLE_NOW_LIMIT", 1):
            run.action_settle()
        self.assertTrue(run.settle_queued)
        self.assertEqual(run.state, "validated")
        Run = self.env["coop.ristourne.run"]
        self.assertEqual(Run._cron_settle_queued(batch_size=1), 1)
        self.assertEqual(run.state, "validated")
        self.assertEqual(
            len(run.line_ids.filtered(lambda line: line.state == "settled")), 1
        )
        self.assertEqual(Run._cron_settle_queued(batch_size=1), 1)
        self.assertEqual(run.state, "settled")
        self.assertFalse(run.settle_queued)
        self.assertEqual(Run._cron_settle_queued(batch_size=1), 0)
        wallets = self.env["loyalty.card"].search([("program_id", "=", ewallet.id)])
        self.assertEqual(
            {w.partner_id: w.points for w in wallets},
            {self.member_1: 78.0, self.member_2: 8.0},
        )
        self.assertEqual(sum(wallets.history_ids.mapped("issued")), 86.0)

    def test_surplus_rounding_exact(self):
        """L-8: a surplus is shared pro rata among active members; the rounding
        difference goes to the largest line so the total is exactly the surplus."""
        policy = self.policy.copy(
            {"name": "Surplus", "mode": "surplus", "eligibility": "all"}
        )
        policy.categ_exclude_ids = [Command.clear()]
        Move = self.env["account.move"]
        Move.search(
            [("partner_id", "in", (self.member_1 | self.member_2).ids)]
        ).filtered(lambda m: m.state == "posted").button_draft()
        self._invoice(self.member_1, [(self.oil, 1, 100.0)], "2025-03-01")
        self._invoice(self.member_2, [(self.oil, 1, 100.0)], "2025-03-01")
        self._invoice(self.member_3, [(self.oil, 1, 101.0)], "2025-03-01")
        run = self._run(policy=policy, surplus_amount=1000.0)
        run.action_compute()
        amounts = {line.partner_id: line.amount for line in run.line_ids}
        # 1000 x 100/301 = 332.23 (twice), 1000 x 101/301 = 335.55 - 0.01 of rounding
        self.assertEqual(
            amounts,
            {
                self.member_1: 332.23,
                self.member_2: 332.23,
                self.member_3: 335.54,
            },
        )
        self.assertEqual(run.total_amount, 1000.0)
        self.assertNotIn(self.outsider, run.line_ids.partner_id)
        empty = self._run(policy=policy, date_from="2026-01-01", date_to="2026-12-31")
        with self.assertRaises(UserError):
            empty.action_compute()  # no surplus entered

    def test_statement_and_cancel(self):
        """L-7: a statement per partner; an unsettled run can be cancelled and reset."""
        run = self._run()
        run.action_compute()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "coop_loyalty.report_ristourne_statement", run.line_ids.ids
            )[0]
            .decode()
        )
        self.assertIn("Member One", html)
        self.assertIn("Member Two", html)
        self.assertIn("78.00", html)
        action = run.with_context(discard_logo_check=True).action_print_statements()
        self.assertEqual(
            action["report_name"], "coop_loyalty.report_ristourne_statement"
        )
        run.action_cancel()
        self.assertEqual(run.state, "cancel")
        run.action_draft()
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.line_ids)

    def test_default_period(self):
        """L-7: the policy proposes the last complete quarter or year."""
        today = fields.Date.to_date("2026-05-10")
        self.assertEqual(
            self.policy._default_period(today),
            (fields.Date.to_date("2025-01-01"), fields.Date.to_date("2025-12-31")),
        )
        self.policy.period_type = "quarter"
        self.assertEqual(
            self.policy._default_period(today),
            (fields.Date.to_date("2026-01-01"), fields.Date.to_date("2026-03-31")),
        )

    def test_run_from_the_form(self):
        """L-7: from the form, the policy proposes its last complete period and the
        buttons lead the run to settlement."""
        with Form(self.env["coop.ristourne.run"]) as form:
            form.policy_id = self.policy
            self.assertEqual(form.company_id, self.company)
            expected = self.policy._default_period()
            self.assertEqual((form.date_from, form.date_to), expected)
            form.date_from = "2025-01-01"
            form.date_to = "2025-12-31"
        run = form.record
        self.assertIn("Annual ristourne", run.name)
        run.action_compute()
        run.action_validate()
        run.action_settle()
        self.assertEqual(run.state, "settled")
        self.assertEqual(run.total_amount, 86.0)

    @staticmethod
    def _rows(run):
        return {
            line.partner_id: (line.basis, line.rate, line.amount)
            for line in run.line_ids
        }

    def test_both_modes_one_basis(self):
        """L-7, L-8, issue #15: the ristourne by tiers and the surplus distribution read
        one basis: the same partners with the same figures; the tiers give their rate to
        these rows, the surplus is shared pro rata over the same rows, both computed in
        one call."""
        surplus = self.policy.copy(
            {"name": "Surplus on the same basis", "mode": "surplus"}
        )
        tiers_run = self._run()
        surplus_run = self._run(policy=surplus, surplus_amount=340.0)
        (tiers_run | surplus_run).action_compute()
        # member 1: 30 oils minus 4 refunded (jars excluded); member 2: 8 oils, untaxed
        self.assertEqual(
            self._rows(tiers_run),
            {self.member_1: (2600.0, 3.0, 78.0), self.member_2: (800.0, 1.0, 8.0)},
        )
        self.assertEqual(
            self._rows(surplus_run),
            {self.member_1: (2600.0, 10.0, 260.0), self.member_2: (800.0, 10.0, 80.0)},
        )
        basis = {self.member_1: 2600.0, self.member_2: 800.0}
        self.assertEqual(tiers_run._compute_basis(), basis)
        self.assertEqual(surplus_run._compute_basis(), basis)
        # a member below the first tier has a share of the surplus, no ristourne
        self._invoice(self.member_3, [(self.oil, 2, 100.0)], "2025-02-01")
        (tiers_run | surplus_run).action_compute()
        self.assertNotIn(self.member_3, tiers_run.line_ids.partner_id)
        self.assertEqual(self._rows(surplus_run)[self.member_3], (200.0, 9.445, 18.89))
        self.assertEqual(surplus_run.total_amount, 340.0)

    def test_deliveries_basis(self):
        """L-8, issue #15: in a producers' cooperative the surplus goes back to the
        members in proportion to what they delivered: the posted vendor bills of active
        members, net of their refunds; a non-member's bill, a draft bill, a bill of
        another period and the members' purchases do not count, whoever the policy is
        for."""
        policy = self.policy.copy(
            {
                "name": "Milk surplus",
                "mode": "surplus",
                "basis": "deliveries",
                "eligibility": "all",
            }
        )
        self._invoice(
            self.member_1,
            [(self.oil, 6, 100.0), (self.jar, 10, 5.0)],
            "2025-03-31",
            bill=True,
        )
        self._invoice(self.member_2, [(self.oil, 5, 100.0)], "2025-04-30", bill=True)
        self._invoice(
            self.member_2, [(self.oil, 1, 100.0)], "2025-05-15", bill=True, refund=True
        )
        self._invoice(
            self.member_3, [(self.oil, 9, 100.0)], "2025-06-30", bill=True, post=False
        )
        self._invoice(self.member_3, [(self.oil, 7, 100.0)], "2024-12-31", bill=True)
        self._invoice(self.outsider, [(self.oil, 50, 100.0)], "2025-06-30", bill=True)
        run = self._run(policy=policy, surplus_amount=250.0)
        run.action_compute()
        # 600 and 400 delivered (the jars are excluded by the policy)
        self.assertEqual(
            self._rows(run),
            {self.member_1: (600.0, 25.0, 150.0), self.member_2: (400.0, 25.0, 100.0)},
        )
        self.assertEqual(
            run._compute_basis(), {self.member_1: 600.0, self.member_2: 400.0}
        )
        # by tiers over the same deliveries: 1% from 500
        tiers = self.policy.copy({"name": "Milk ristourne", "basis": "deliveries"})
        tiers_run = self._run(policy=tiers)
        tiers_run.action_compute()
        self.assertEqual(self._rows(tiers_run), {self.member_1: (600.0, 1.0, 6.0)})
        # what was computed on deliveries stays computed on deliveries
        with self.assertRaisesRegex(ValidationError, "basis"):
            tiers.basis = "invoices"
        tiers_run.action_cancel()
        tiers.basis = "invoices"
        self.assertEqual(tiers.basis, "invoices")

    def test_ledger_basis(self):
        """L-7, issue #15: on the purchase ledger every purchase of the period counts
        once, whole: a confirmed order not invoiced, an order and its invoice once, an
        invoice without order, less the credit notes; product categories do not apply to
        it."""
        policy = self.policy.copy(
            {
                "name": "Ledger ristourne",
                "basis": "ledger",
                "categ_exclude_ids": [Command.clear()],
            }
        )
        with self.assertRaisesRegex(ValidationError, "categories"):
            policy.categ_exclude_ids = self.categ_packaging
        with freeze_time("2025-05-01 10:00:00"):
            orders = self.env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": self.company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": self.oil.id,
                                    "product_uom_qty": 1.0,
                                    "price_unit": price,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for partner, price in (
                        (self.member_2, 700.0),
                        (self.member_3, 300.0),
                    )
                ]
            )
            orders.action_confirm()
            invoice = orders[1]._create_invoices()
            invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, 300.0)
        run = self._run(policy=policy)
        run.action_compute()
        # member 1: 3,000 of oil and 500 of jars less 400 refunded; member 2: 800
        # invoiced and 700 ordered; member 3: 300 ordered and invoiced, below the tiers
        self.assertEqual(
            run._compute_basis(),
            {self.member_1: 3100.0, self.member_2: 1500.0, self.member_3: 300.0},
        )
        self.assertEqual(
            self._rows(run),
            {self.member_1: (3100.0, 3.0, 93.0), self.member_2: (1500.0, 1.0, 15.0)},
        )


@tagged("post_install", "-at_install")
class TestRistourneIntegrity(CoopLoyaltyCase):
    """Issue #14 (L-7, L-8, X-6): the money of ristournes held by the model, tried as a
    loyalty user, a loyalty manager over plain writes (what JSON-RPC does) and superuser
    code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls.env["res.partner"].create(
            {"name": "Integrity member", "company_id": cls.company.id}
        )
        cls.member_2 = cls.env["res.partner"].create(
            {"name": "Integrity member two", "company_id": cls.company.id}
        )
        for partner in (cls.member, cls.member_2):
            cls.env["coop.membership"].create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                }
            ).action_admit()
        cls.policy = cls.env["coop.ristourne.policy"].create(
            {
                "name": "Integrity ristourne",
                "company_id": cls.company.id,
                "period_type": "year",
                "eligibility": "members",
                "settlement": "credit_note",
                "account_id": cls.company_data["default_account_revenue"].id,
                "tier_ids": [Command.create({"threshold": 500.0, "rate": 10.0})],
            }
        )
        cls.invoice_2025 = cls._invoice(cls.member, 1000.0, "2025-06-15")
        cls._invoice(cls.member_2, 600.0, "2025-07-01")
        cls.manager = new_test_user(
            cls.env,
            "coop_loyalty_integrity_manager",
            groups="coop_loyalty.group_loyalty_manager,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _invoice(cls, partner, amount, date):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date,
                "date": date,
                "company_id": cls.company.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1.0,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _run(self, date_from="2025-01-01", date_to="2025-12-31", user=None):
        Run = self.env["coop.ristourne.run"].with_user(user or self.manager)
        return Run.create(
            {
                "policy_id": self.policy.id,
                "company_id": self.company.id,
                "date_from": date_from,
                "date_to": date_to,
            }
        )

    def _ledger_basis(self, year):
        """The basis of a run on the purchase ledger for ``year``."""
        policy = self.policy.copy({"name": f"Ledger {year}", "basis": "ledger"})
        run = self.env["coop.ristourne.run"].create(
            {
                "policy_id": policy.id,
                "company_id": self.company.id,
                "date_from": f"{year}-01-01",
                "date_to": f"{year}-12-31",
            }
        )
        return run._compute_basis()

    def _credit_notes(self):
        return self.env["account.move"].search(
            [
                ("move_type", "=", "out_refund"),
                ("partner_id", "in", (self.member | self.member_2).ids),
            ]
        )

    def test_overlap_in_any_state_but_cancelled(self):
        """Issue #14: a run is not computed, validated nor settled while another run of
        the same policy overlaps its period in any state but cancelled; a run created
        over RPC that overlaps is refused at compute, and the constraint holds whoever
        writes the state."""
        run = self._run()
        other = self._run(date_from="2025-12-01", date_to="2026-11-30")  # a draft
        with self.assertRaisesRegex(UserError, "overlaps"):
            run.action_compute()
        self.assertEqual(
            (run.state, run.line_ids), ("draft", self.env["coop.ristourne.line"])
        )
        # a plain write of the state is routed to the action, which refuses it too
        with self.assertRaisesRegex(UserError, "overlaps"):
            run.write({"state": "computed"})
        self.assertEqual(run.state, "draft")
        other.action_cancel()
        run.action_compute()
        self.assertEqual(run.state, "computed")
        # a new overlapping draft blocks the validation and the settlement
        late = self._run(date_from="2025-06-01", date_to="2025-06-30")
        with self.assertRaisesRegex(UserError, "overlaps"):
            run.action_validate()
        self.assertEqual(run.state, "computed")
        late.action_cancel()
        run.action_validate()
        again = self._run(date_from="2025-03-01", date_to="2025-03-31")
        with self.assertRaisesRegex(UserError, "overlaps"):
            run.action_settle()
        self.assertEqual(run.state, "validated")
        self.assertFalse(self._credit_notes())
        # superuser code creating a computed run that overlaps: the constraint refuses
        # it
        with self.assertRaises(ValidationError):
            self.env["coop.ristourne.run"].sudo().create(
                {
                    "policy_id": self.policy.id,
                    "company_id": self.company.id,
                    "date_from": "2025-02-01",
                    "date_to": "2025-02-28",
                    "state": "computed",
                }
            )
        # nor can a draft run's period be moved under a validated run once computed
        again.action_cancel()
        with self.assertRaisesRegex(UserError, "set in draft only"):
            run.write({"date_to": "2026-06-30"})
        self.assertEqual(run.date_to, fields.Date.to_date("2025-12-31"))

    def test_states_only_along_the_table(self):
        """Issue #14, X-6: a loyalty user cannot move a run; a manager cannot skip a
        state nor create a run past draft; settle_queued is written by the settlement
        only."""
        user = new_test_user(
            self.env,
            "coop_loyalty_integrity_user",
            groups="coop_loyalty.group_loyalty_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        run = self._run()
        with self.assertRaises(AccessError):
            run.with_user(user).write({"state": "computed"})
        with self.assertRaises(AccessError):
            run.with_user(user).action_compute()
        self.assertEqual(run.state, "draft")
        with self.assertRaisesRegex(UserError, "cannot go from"):
            run.write({"state": "settled"})
        with self.assertRaisesRegex(UserError, "cannot go from"):
            run.write({"state": "validated"})
        with self.assertRaises(UserError):
            run.write({"settle_queued": True})
        with self.assertRaises(UserError):
            self.env["coop.ristourne.run"].with_user(self.manager).create(
                {
                    "policy_id": self.policy.id,
                    "company_id": self.company.id,
                    "date_from": "2024-01-01",
                    "date_to": "2024-12-31",
                    "state": "validated",
                }
            )
        run.invalidate_recordset()
        self.assertEqual((run.state, run.settle_queued), ("draft", False))
        self.assertFalse(
            self.env["coop.ristourne.run"].search(
                [("policy_id", "=", self.policy.id), ("date_from", "=", "2024-01-01")]
            )
        )

    def test_lines_frozen_once_validated(self):
        """Issue #14: the lines of a validated run cannot be created, written nor
        deleted, by the manager over RPC nor by superuser code; the run cannot be
        deleted."""
        run = self._run()
        run.action_compute()
        line = run.line_ids.filtered(lambda line: line.partner_id == self.member)
        line.write({"amount": 99.0})  # computed: the manager may still correct a line
        run.action_validate()
        self.assertEqual(line.amount, 99.0)
        Line = self.env["coop.ristourne.line"]
        for env in (self.manager, None):  # the manager over RPC, then superuser code
            line_as = line.with_user(env) if env else line.sudo()
            with self.assertRaisesRegex(UserError, "frozen"):
                line_as.write({"amount": 1000.0})
            with self.assertRaisesRegex(UserError, "frozen"):
                line_as.write({"partner_id": self.member_2.id})
            with self.assertRaisesRegex(UserError, "frozen"):
                line_as.unlink()
            with self.assertRaisesRegex(UserError, "frozen"):
                (Line.with_user(env) if env else Line.sudo()).create(
                    {
                        "run_id": run.id,
                        "partner_id": self.customer.id,
                        "basis": 1.0,
                        "amount": 500.0,
                    }
                )
            with self.assertRaisesRegex(UserError, "frozen"):
                (run.with_user(env) if env else run.sudo()).write(
                    {"line_ids": [Command.update(line.id, {"amount": 5.0})]}
                )
        with self.assertRaises(UserError):
            run.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "set in draft only"):
            run.with_user(self.manager).write({"surplus_amount": 10.0})
        line.invalidate_recordset()
        run.invalidate_recordset()
        self.assertEqual((line.amount, line.partner_id), (99.0, self.member))
        self.assertEqual(len(run.line_ids), 2)
        self.assertEqual(run.total_amount, 159.0)

    def test_settle_twice_never_pays_twice(self):
        """Issue #14, L-7: the manager settles, settles again, writes the run (and a
        line) back to unpaid and settles again: the members are paid once; settled
        lines, their credit notes and their links cannot be rewritten nor deleted."""
        run = self._run()
        run.action_compute()
        run.action_validate()
        run.with_user(self.manager).action_settle()
        moves = run.line_ids.move_id
        self.assertEqual(len(moves), 2)
        self.assertEqual(self._credit_notes(), moves)
        with self.assertRaisesRegex(UserError, "already settled"):
            run.with_user(self.manager).action_settle()
        with self.assertRaisesRegex(UserError, "cannot go from"):
            run.with_user(self.manager).write({"state": "validated"})
        with self.assertRaisesRegex(UserError, "cannot go from"):
            run.sudo().write({"state": "validated"})  # superuser code neither
        line = run.line_ids[0]
        with self.assertRaises(UserError):
            line.with_user(self.manager).write({"state": "to_settle"})
        for vals in (
            {"move_id": False},
            {"date_settled": False},
            {"amount": 1.0},
            {"partner_id": self.customer.id},
        ):
            with self.assertRaises(UserError):
                line.with_user(self.manager).write(vals)
            with self.assertRaises(UserError):
                line.sudo().write(vals)
        with self.assertRaises(UserError):
            line.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            run.sudo().unlink()
        with self.assertRaises(UserError):
            run.with_user(self.manager).action_draft()
        with self.assertRaises(UserError):
            run.with_user(self.manager).action_cancel()
        # the credit notes that paid the ristourne stay posted
        with self.assertRaisesRegex(UserError, "paid a ristourne"):
            moves[0].button_draft()
        with self.assertRaises(UserError):
            moves[0].sudo().unlink()
        with self.assertRaisesRegex(UserError, "already settled"):
            run.with_user(self.manager).action_settle()
        run._settle_batch(run.line_ids)
        self.env.invalidate_all()
        self.assertEqual(run.state, "settled")
        self.assertEqual(set(run.line_ids.mapped("state")), {"settled"})
        self.assertEqual(run.line_ids.move_id, moves)
        self.assertEqual(self._credit_notes(), moves)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(sorted(moves.mapped("amount_total")), [60.0, 100.0])

    def test_basis_excludes_the_previous_settlement(self):
        """Issue #14, L-7: the credit note that settled last year's ristourne falls in
        this year's period; it is not a purchase, so it does not reduce this year's
        basis nor drop the member below a tier (nor do its reversals)."""
        first = self._run()
        first.action_compute()
        first.action_validate()
        with freeze_time("2026-02-15"):
            first.action_settle()
        paid = first.line_ids.filtered(lambda line: line.partner_id == self.member)
        self.assertEqual(
            (paid.amount, paid.move_id.date), (100.0, fields.Date.to_date("2026-02-15"))
        )
        # this year the member buys 550: above the 500 threshold; minus the 100 of last
        # year's credit note it would be 450, below it
        self._invoice(self.member, 550.0, "2026-05-01")
        second = self._run(date_from="2026-01-01", date_to="2026-12-31")
        second.action_compute()
        line = second.line_ids.filtered(lambda line: line.partner_id == self.member)
        self.assertEqual((line.basis, line.rate, line.amount), (550.0, 10.0, 55.0))
        self.assertEqual(
            second._compute_basis().get(self.member), 550.0
        )  # surplus basis
        # issue #15: nor the purchases of the ledger
        self.assertTrue(paid.move_id.coop_purchase_excluded)
        self.assertEqual(self._ledger_basis(2026).get(self.member), 550.0)
        # an ordinary credit note of the period still reduces the basis
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.member.id,
                "invoice_date": "2026-06-01",
                "date": "2026-06-01",
                "company_id": self.company.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1.0,
                            "price_unit": 40.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        second.action_compute()
        line = second.line_ids.filtered(lambda line: line.partner_id == self.member)
        self.assertEqual(line.basis, 510.0)
        self.assertEqual(second._compute_basis().get(self.member), 510.0)

    def test_ewallet_credits_kept(self):
        """Issue #14, L-7: the eWallet credits that paid a ristourne cannot be rewritten
        nor deleted: not the card's points (by a salesperson or the manager), not its
        history row (salespeople may write loyalty history in Odoo), not the line's
        link."""
        ewallet = self.env["loyalty.program"].create(
            {
                "name": "Integrity wallet",
                "program_type": "ewallet",
                "company_id": self.company.id,
            }
        )
        self.policy.write({"settlement": "ewallet", "ewallet_program_id": ewallet.id})
        run = self._run()
        run.action_compute()
        run.action_validate()
        run.action_settle()
        line = run.line_ids.filtered(lambda line: line.partner_id == self.member)
        wallet = line.ewallet_card_id
        history = wallet.history_ids
        self.assertEqual((wallet.points, history.issued), (100.0, 100.0))
        for user in (self.salesman, self.env.user):
            with self.assertRaisesRegex(UserError, "change only through"):
                wallet.with_user(user).write({"points": 0.0})
            with self.assertRaisesRegex(UserError, "ristourne"):
                history.with_user(user).write({"issued": 1000.0})
        with self.assertRaisesRegex(UserError, "ristourne"):
            history.sudo().write({"description": "nothing"})
        with self.assertRaisesRegex(UserError, "ristourne"):
            history.sudo().unlink()
        with self.assertRaisesRegex(UserError, "ristourne"):
            self.env["loyalty.history"].with_user(self.salesman).create(
                {
                    "card_id": wallet.id,
                    "issued": 5.0,
                    "description": "Fake ristourne",
                    "order_model": "coop.ristourne.run",
                    "order_id": run.id,
                }
            )
        with self.assertRaises(UserError):
            line.sudo().write({"ewallet_card_id": False})
        self.env.invalidate_all()
        self.assertEqual(
            (wallet.points, history.issued, line.ewallet_card_id),
            (100.0, 100.0, wallet),
        )
        self.assertEqual(wallet.history_ids, history)

    def test_ewallet_ristourne_does_not_lower_next_year(self):
        """L-7, issue #15: last year's ristourne credited to the eWallet and spent on an
        order this year is a payment, not a lower purchase: this year's basis is the 550
        bought, by tiers and for a surplus alike."""
        ewallet = self.env["loyalty.program"].create(
            {
                "name": "Ristourne wallet",
                "program_type": "ewallet",
                "company_id": self.company.id,
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                        }
                    )
                ],
            }
        )
        self.policy.write({"settlement": "ewallet", "ewallet_program_id": ewallet.id})
        first = self._run()
        first.action_compute()
        first.action_validate()
        with freeze_time("2026-02-15"):
            first.action_settle()
        wallet = first.line_ids.filtered(
            lambda line: line.partner_id == self.member
        ).ewallet_card_id
        self.assertEqual(wallet.points, 100.0)
        with freeze_time("2026-05-01"):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.member.id,
                    "company_id": self.company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1.0,
                                "price_unit": 550.0,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            order._update_programs_and_rewards()
            order._apply_program_reward(ewallet.reward_ids[:1], wallet)
            self.assertEqual(order.amount_untaxed, 450.0)
            order.action_confirm()
            invoice = order._create_invoices()
            invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, 450.0)
        self.assertEqual(wallet.points, 0.0)
        second = self._run(date_from="2026-01-01", date_to="2026-12-31")
        second.action_compute()
        line = second.line_ids.filtered(lambda line: line.partner_id == self.member)
        self.assertEqual((line.basis, line.rate, line.amount), (550.0, 10.0, 55.0))
        self.assertEqual(second._compute_basis(), {self.member: 550.0})
        surplus = self.policy.copy({"name": "Integrity surplus", "mode": "surplus"})
        run = self.env["coop.ristourne.run"].create(
            {
                "policy_id": surplus.id,
                "company_id": self.company.id,
                "surplus_amount": 11.0,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            }
        )
        run.action_compute()
        self.assertEqual(
            (run.line_ids.partner_id, run.line_ids.basis, run.line_ids.amount),
            (self.member, 550.0, 11.0),
        )
        # the purchase ledger leaves the eWallet payment out too
        self.assertEqual(self._ledger_basis(2026), {self.member: 550.0})

    def test_sale_journal_of_a_branch(self):
        """L-7, X-1, issue #15: a cooperative that is a branch has no journal of its
        own: its ristourne credit notes are in the sales journal of its parent company,
        as a claim's refund, and belong to the branch."""
        self.company.write(
            {"child_ids": [Command.create({"name": "Ristourne branch"})]}
        )
        self.env.cr.precommit.run()  # the branch shares the chart of its parent
        branch = self.company.child_ids
        self.env.user.company_ids += branch
        self.assertFalse(
            self.env["account.journal"].search([("company_id", "=", branch.id)])
        )
        member = self.env["res.partner"].create(
            {"name": "Branch member", "company_id": branch.id}
        )
        self.env["coop.membership"].create(
            {"partner_id": member.id, "company_id": branch.id}
        ).action_admit()
        policy = self.policy.copy({"name": "Branch ristourne", "company_id": branch.id})
        invoice = (
            self.env["account.move"]
            .with_company(branch)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": member.id,
                    "invoice_date": "2025-06-15",
                    "date": "2025-06-15",
                    "company_id": branch.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 1.0,
                                "price_unit": 700.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        run = (
            self.env["coop.ristourne.run"]
            .with_company(branch)
            .create(
                {
                    "policy_id": policy.id,
                    "company_id": branch.id,
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                }
            )
        )
        journal = run._sale_journal()
        self.assertEqual((journal.type, journal.company_id), ("sale", self.company))
        run.action_compute()
        run.action_validate()
        run.action_settle()
        move = run.line_ids.move_id
        self.assertEqual(
            (move.journal_id, move.company_id, move.state, move.amount_total),
            (journal, branch, "posted", 70.0),
        )
