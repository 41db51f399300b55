from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

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
        cls.oil = cls.env["product.product"].create({
            "name": "Oil 1L", "categ_id": cls.categ_oil.id, "list_price": 100.0,
        })
        cls.jar = cls.env["product.product"].create({
            "name": "Glass jar", "categ_id": cls.categ_packaging.id, "list_price": 5.0,
        })
        Partner = cls.env["res.partner"]
        cls.member_1 = Partner.create({"name": "Member One", "company_id": cls.company.id})
        cls.member_2 = Partner.create({"name": "Member Two", "company_id": cls.company.id})
        cls.member_3 = Partner.create({"name": "Member Three", "company_id": cls.company.id})
        cls.outsider = Partner.create({"name": "Not a member", "company_id": cls.company.id})
        for partner in (cls.member_1, cls.member_2, cls.member_3):
            cls.env["coop.membership"].create({
                "partner_id": partner.id, "company_id": cls.company.id,
            }).action_admit()
        cls.policy = cls.env["coop.ristourne.policy"].create({
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
        })
        in_period = "2025-06-15"
        cls._invoice(cls.member_1, [(cls.oil, 30, 100.0), (cls.jar, 100, 5.0)], in_period)
        cls._invoice(cls.member_1, [(cls.oil, 4, 100.0)], "2025-09-01", refund=True)
        cls._invoice(cls.member_2, [(cls.oil, 8, 100.0)], in_period, taxes=cls.tax_sale_a)
        cls._invoice(cls.member_2, [(cls.oil, 10, 100.0)], in_period, post=False)
        cls._invoice(cls.member_2, [(cls.oil, 50, 100.0)], "2024-12-31")
        cls._invoice(cls.outsider, [(cls.oil, 50, 100.0)], in_period)

    @classmethod
    def _invoice(cls, partner, lines, date, refund=False, taxes=None, post=True):
        move = cls.env["account.move"].create({
            "move_type": "out_refund" if refund else "out_invoice",
            "partner_id": partner.id,
            "invoice_date": date,
            "date": date,
            "company_id": cls.company.id,
            "invoice_line_ids": [Command.create({
                "product_id": product.id, "quantity": qty, "price_unit": price,
                "tax_ids": [Command.set(taxes.ids if taxes else [])],
            }) for product, qty, price in lines],
        })
        if post:
            move.action_post()
        return move

    def _run(self, policy=None, date_from="2025-01-01", date_to="2025-12-31", **vals):
        policy = policy or self.policy
        return self.env["coop.ristourne.run"].create({
            "policy_id": policy.id, "company_id": self.company.id,
            "date_from": date_from, "date_to": date_to, **vals,
        })

    def test_compute_figures(self):
        """L-7: basis = posted invoices minus credit notes, untaxed, excluded categories out,
        members only; the rate is the one of the highest threshold reached."""
        run = self._run()
        run.action_compute()
        self.assertEqual(run.state, "computed")
        lines = {line.partner_id: line for line in run.line_ids}
        self.assertEqual(set(lines), {self.member_1, self.member_2})
        # member 1: 3,000 oil - 400 refund; the 500 of jars are excluded
        self.assertEqual(lines[self.member_1].basis, 2600.0)
        self.assertEqual(lines[self.member_1].rate, 3.0)
        self.assertEqual(lines[self.member_1].amount, 78.0)
        # member 2: 800 untaxed (taxed invoice), draft and out-of-period invoices ignored
        self.assertEqual(lines[self.member_2].basis, 800.0)
        self.assertEqual(lines[self.member_2].rate, 1.0)
        self.assertEqual(lines[self.member_2].amount, 8.0)
        self.assertEqual(run.total_amount, 86.0)
        # all customers: the outsider gets 3% of 5,000
        self.policy.eligibility = "all"
        run.action_compute()
        outsider = run.line_ids.filtered(lambda l: l.partner_id == self.outsider)
        self.assertEqual((outsider.basis, outsider.amount), (5000.0, 150.0))
        # only some categories: the jars alone
        self.policy.write({"categ_include_ids": [Command.set(self.categ_packaging.ids)],
                           "categ_exclude_ids": [Command.clear()]})
        run.action_compute()
        self.assertEqual(run.line_ids.partner_id, self.member_1)
        self.assertEqual(run.line_ids.basis, 500.0)
        self.assertEqual(run.line_ids.amount, 5.0)

    def test_settle_credit_notes_once(self):
        """L-7: settlement makes posted credit notes; settling twice is refused and paying
        again a settled line does nothing."""
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

    def test_overlap_refused(self):
        """L-7: computing a period overlapping a settled run of the same policy is refused;
        another period or another policy is fine."""
        run = self._run()
        run.action_compute()
        run.action_validate()
        run.action_settle()
        overlapping = self._run(date_from="2025-10-01", date_to="2026-03-31")
        with self.assertRaisesRegex(UserError, "overlaps"):
            overlapping.action_compute()
        self.assertEqual(overlapping.state, "draft")
        self.assertFalse(overlapping.line_ids)
        after = self._run(date_from="2026-01-01", date_to="2026-12-31")
        after.action_compute()
        self.assertEqual(after.state, "computed")
        other_policy = self.policy.copy({"name": "Second policy"})
        same_period = self._run(policy=other_policy)
        same_period.action_compute()
        self.assertEqual(same_period.state, "computed")

    def test_settle_ewallet_in_batches(self):
        """L-7: eWallet settlement, run by the scheduled job batch by batch; re-running
        never pays a line twice."""
        ewallet = self.env["loyalty.program"].create({
            "name": "Ristourne wallet", "program_type": "ewallet",
            "company_id": self.company.id,
        })
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
        self.assertEqual(len(run.line_ids.filtered(lambda l: l.state == "settled")), 1)
        self.assertEqual(Run._cron_settle_queued(batch_size=1), 1)
        self.assertEqual(run.state, "settled")
        self.assertFalse(run.settle_queued)
        self.assertEqual(Run._cron_settle_queued(batch_size=1), 0)
        wallets = self.env["loyalty.card"].search([("program_id", "=", ewallet.id)])
        self.assertEqual(
            {w.partner_id: w.points for w in wallets},
            {self.member_1: 78.0, self.member_2: 8.0})
        self.assertEqual(sum(wallets.history_ids.mapped("issued")), 86.0)

    def test_surplus_rounding_exact(self):
        """L-8: a surplus is shared pro rata among active members; the rounding difference
        goes to the largest line so the total is exactly the surplus."""
        policy = self.policy.copy({"name": "Surplus", "mode": "surplus", "eligibility": "all"})
        policy.categ_exclude_ids = [Command.clear()]
        Move = self.env["account.move"]
        Move.search([("partner_id", "in", (self.member_1 | self.member_2).ids)]).filtered(
            lambda m: m.state == "posted").button_draft()
        self._invoice(self.member_1, [(self.oil, 1, 100.0)], "2025-03-01")
        self._invoice(self.member_2, [(self.oil, 1, 100.0)], "2025-03-01")
        self._invoice(self.member_3, [(self.oil, 1, 101.0)], "2025-03-01")
        run = self._run(policy=policy, surplus_amount=1000.0)
        run.action_compute()
        amounts = {line.partner_id: line.amount for line in run.line_ids}
        # 1000 x 100/301 = 332.23 (twice), 1000 x 101/301 = 335.55 - 0.01 of rounding
        self.assertEqual(amounts, {
            self.member_1: 332.23, self.member_2: 332.23, self.member_3: 335.54,
        })
        self.assertEqual(run.total_amount, 1000.0)
        self.assertNotIn(self.outsider, run.line_ids.partner_id)
        empty = self._run(policy=policy, date_from="2026-01-01", date_to="2026-12-31")
        with self.assertRaises(UserError):
            empty.action_compute()  # no surplus entered

    def test_statement_and_cancel(self):
        """L-7: a statement per partner; an unsettled run can be cancelled and reset."""
        run = self._run()
        run.action_compute()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "coop_loyalty.report_ristourne_statement", run.line_ids.ids)[0].decode()
        self.assertIn("Member One", html)
        self.assertIn("Member Two", html)
        self.assertIn("78.00", html)
        action = run.with_context(discard_logo_check=True).action_print_statements()
        self.assertEqual(action["report_name"], "coop_loyalty.report_ristourne_statement")
        run.action_cancel()
        self.assertEqual(run.state, "cancel")
        run.action_draft()
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.line_ids)

    def test_default_period(self):
        """L-7: the policy proposes the last complete quarter or year."""
        today = fields.Date.to_date("2026-05-10")
        self.assertEqual(self.policy._default_period(today),
                         (fields.Date.to_date("2025-01-01"), fields.Date.to_date("2025-12-31")))
        self.policy.period_type = "quarter"
        self.assertEqual(self.policy._default_period(today),
                         (fields.Date.to_date("2026-01-01"), fields.Date.to_date("2026-03-31")))

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
