from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CoopLoyaltyCase


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
            domain, [], ["holder_revenue:sum", "non_holder_revenue:sum", "card_fee:sum",
                         "reward_cost:sum", "card_cost:sum", "cards_issued:sum",
                         "net_result:sum"])[0]
        self.assertEqual(totals, (1300.0, 200.0, 250.0, 100.0, 20.0, 1, 130.0))
        by_type = dict(Report._read_group(domain, ["customer_type"], ["partner_id:count_distinct"]))
        self.assertEqual(by_type, {"holder": 1, "non_holder": 1})

    def test_retention_attrition(self):
        """L-10/M-8: of the holders who bought in the previous 12 months, the share who
        bought again in the last 12 months (retention) and the others (attrition)."""
        other = self.env["res.partner"].create({"name": "Lapsed holder"})
        self.env["loyalty.card"].create({"program_id": self.program.id, "partner_id": other.id})
        before = fields.Datetime.now() - relativedelta(months=18)
        for partner in (self.customer, other):
            self._confirmed_order(partner).date_order = before
        self._confirmed_order(self.customer)
        self.program.invalidate_recordset()
        self.assertEqual(self.program.coop_holders_previous, 2)
        self.assertEqual(self.program.coop_holders_retained, 1)
        self.assertEqual(self.program.coop_retention_rate, 50.0)
        self.assertEqual(self.program.coop_attrition_rate, 50.0)
