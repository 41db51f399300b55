from datetime import date, datetime, time, timedelta

from odoo import Command

from .common import CoopCase

# reference day of the customer statistics in the tests
D = date(2026, 6, 30)


class CoopSalesCase(CoopCase):
    """CoopCase with helpers creating confirmed sale orders on fixed days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Argan oil 1 l",
                "type": "consu",
                "list_price": 100.0,
                "taxes_id": False,
            }
        )

    @classmethod
    def _customer(cls, name, company, **vals):
        return cls.env["res.partner"].create(
            {"name": name, "company_id": company.id, **vals}
        )

    @classmethod
    def _orders(cls, specs, confirm=True):
        """Create sale orders from (partner, company, day, untaxed amount) tuples,
        confirm them and set their order date to 10:00 UTC of the given day."""
        orders = cls.env["sale.order"]
        for partner, company, _day, amount in specs:
            orders |= (
                cls.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": cls.product.id,
                                    "product_uom_qty": 1.0,
                                    "price_unit": amount,
                                    "tax_id": False,
                                }
                            )
                        ],
                    }
                )
            )
        if confirm:
            orders.action_confirm()
        for order, (_partner, _company, day, _amount) in zip(
            orders, specs, strict=False
        ):
            order.date_order = datetime.combine(day, time(10, 0))
        return orders

    @staticmethod
    def _days_ago(days, ref=D):
        return ref - timedelta(days=days)
