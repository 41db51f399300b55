import random

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# demo customer profiles: (days since the last order, days between orders, orders)
DEMO_PROFILES = [
    (4, 25, 14),    # champion: frequent and recent
    (12, 45, 8),    # loyal
    (20, 0, 1),     # new
    (35, 60, 3),    # promising
    (160, 40, 6),   # at risk: used to buy often
    (240, 90, 2),   # hibernating
    (420, 60, 2),   # lost
    (None, 0, 0),   # prospect
]
DEMO_INTERACTIONS = [
    ("phone", "in", "Asked for the price list", "Price list sent by email"),
    ("souk", "out", "Met at the weekly souk", "Tasted the new harvest"),
    ("whatsapp", "in", "Order question", "Delivery confirmed for Friday"),
]


class CoopDemoHistory(models.AbstractModel):
    """Demo data only: a purchase history for the demo cooperatives' members."""

    _name = "coop.demo.history"
    _description = "Cooperative demo purchase history"

    @api.model
    def _generate(self):
        """Confirmed orders over 18 months for the members of the demo cooperatives, a
        few interactions and satisfaction answers, then the customer statistics and
        indicators (M-4 to M-8)."""
        products = self.env["product.product"].search(
            [("default_code", "in", ["COOP-ARGAN", "COOP-AMLOU", "COOP-HONEY"])])
        companies = self.env["res.company"]
        for name in ("argan", "dairy", "crafts"):
            companies |= self.env.ref(f"coop_crm_base.coop_company_{name}",
                                      raise_if_not_found=False) or companies
        if not products or not companies:
            return
        rng = random.Random(2026)
        now = fields.Datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)
        orders, dates, interactions, answers = self.env["sale.order"], [], [], []
        survey = self.env.ref("coop_crm_base.survey_coop_satisfaction", raise_if_not_found=False)
        questions = survey.question_ids.grouped("coop_kpi") if survey else {}
        for position, company in enumerate(companies):
            partners = self.env["res.partner"].search(
                [("company_id", "=", company.id), ("coop_membership_ids", "!=", False)],
                order="id")
            for index, partner in enumerate(partners):
                last, gap, count = DEMO_PROFILES[(index + 3 * position) % len(DEMO_PROFILES)]
                for number in range(count):
                    orders |= self.env["sale.order"].with_company(company).create({
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [Command.create({
                            "product_id": rng.choice(products).id,
                            "product_uom_qty": rng.randint(1, 6),
                            "tax_id": False,
                        })],
                    })
                    days = last + number * gap + rng.randint(0, 9)
                    dates.append(now - relativedelta(days=days))
                if count and survey and rng.random() < 0.7:
                    answers.append({
                        "survey_id": survey.id, "partner_id": partner.id,
                        "coop_company_id": company.id, "state": "done",
                        "end_datetime": dates[-count] + relativedelta(days=2),
                        "user_input_line_ids": [
                            Command.create({"question_id": questions["csat"].id,
                                            "answer_type": "scale",
                                            "value_scale": rng.choice([3, 4, 4, 5, 5])}),
                            Command.create({"question_id": questions["nps"].id,
                                            "answer_type": "scale",
                                            "value_scale": rng.choice([5, 7, 8, 9, 10, 10])}),
                        ],
                    })
                if index < len(DEMO_INTERACTIONS):
                    channel, direction, subject, outcome = DEMO_INTERACTIONS[index]
                    interactions.append({
                        "partner_id": partner.id, "company_id": company.id,
                        "channel": channel, "direction": direction, "subject": subject,
                        "outcome": outcome, "date": now - relativedelta(days=3 * index + 1),
                    })
        orders.action_confirm()
        for order, date_order in zip(orders, dates):
            order.date_order = date_order
        self.env["coop.interaction"].create(interactions)
        self.env["survey.user_input"].create(answers)
        self.env["res.partner"]._coop_recompute_customer_stats(companies)
        self.env["coop.indicator"]._coop_refresh_indicators(companies)
