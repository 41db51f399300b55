from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class CoopClaim(models.Model):
    """C-4 indicators per cooperative (and its branches) and period."""

    _inherit = "coop.claim"

    @api.model
    def _coop_check_indicator_company(self, company):
        """X-1 (issue #14): the indicators read orders with sudo(); first make sure the
        user may see this cooperative's figures: one of their companies, or a branch of
        their union for a union manager. The error names nothing."""
        if self.env.su:
            return
        user = self.env.user
        allowed = user.company_ids
        if user.has_group("coop_crm_base.group_union_manager"):
            allowed = allowed.sudo().search([("id", "child_of", allowed.ids)])
        if not company or company.id not in allowed.ids or not self.has_access("read"):
            raise AccessError(
                _("You cannot see the claim indicators of this cooperative.")
            )

    @api.model
    def _coop_period_domain(self, field, company, date_from, date_to):
        start = datetime.combine(date_from, time.min)
        stop = datetime.combine(date_to + timedelta(days=1), time.min)
        return [
            ("company_id", "child_of", company.id),
            (field, ">=", start),
            (field, "<", stop),
        ]

    @api.model
    def _coop_orders_domain(self, company, date_from, date_to):
        return self._coop_period_domain("date_order", company, date_from, date_to) + [
            ("state", "=", "sale"),
        ]

    @api.model
    def _coop_claims_domain(self, company, date_from, date_to):
        return self._coop_period_domain("date_received", company, date_from, date_to)

    @api.model
    def _coop_period_sales(self, company, date_from, date_to):
        """SQL of the purchases of the cooperative and its branches dated in the period:
        the purchase ledger (``coop.purchase._coop_purchase_sql``: rows of company_id,
        partner_id (the commercial partner), date, amount in the company's currency,
        negative for a credit note), where a sale order and its invoice are one
        purchase (issue #15)."""
        companies = (
            self.env["res.company"].sudo().search([("id", "child_of", company.id)])
        )
        self.env.flush_all()
        return self.env["coop.purchase"]._coop_purchase_sql(
            companies.ids, date_from, date_to
        )

    @api.model
    def _coop_sql_value(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchone()[0]

    @api.model
    def _coop_claim_rate(self, company, date_from, date_to, basis=None):
        """Claim rate (%) = claims / transactions x 100.

        claims: claims received from date_from to date_to (inclusive) by the cooperative
        and its branches; transactions, after ``basis`` or the company's
        ``coop_claim_rate_basis``:

        * "orders": confirmed sale orders dated in the period;
        * "customers": the share of the period's customers who filed a claim, each
          counted once (a business with its contacts is one): distinct claimants /
          distinct customers x 100, where the customers are those who bought in the
          period and the claimants (who bought before); never above 100;
        * "units": the quantities of the product lines of those orders (no section,
          note, down payment nor delivery line).

        10 claims over 500 orders = 2.0. Blank (False) when there is no transaction.
        """
        self._coop_check_indicator_company(company)
        basis = basis or company.coop_claim_rate_basis or "orders"
        claims_domain = self._coop_claims_domain(company, date_from, date_to)
        if basis == "customers":
            claimants = self.search(claims_domain).commercial_partner_id
            claims = len(claimants)
            denominator = self._coop_sql_value(
                SQL(
                    "SELECT COUNT(*) FROM (SELECT s.partner_id FROM %s s"
                    " WHERE s.amount >= 0 UNION SELECT unnest(%s::int[])) customer",
                    self._coop_period_sales(company, date_from, date_to),
                    claimants.ids,
                )
            )
        elif basis == "units":
            claims = self.search_count(claims_domain)
            Line = self.env["sale.order.line"].sudo()
            line_domain = [
                (
                    "order_id",
                    "any",
                    self._coop_orders_domain(company, date_from, date_to),
                ),
                ("display_type", "=", False),
                ("product_id", "!=", False),
                ("is_downpayment", "=", False),
            ]
            if "is_delivery" in Line._fields:  # the delivery addon's shipping lines
                line_domain.append(("is_delivery", "=", False))
            [[units]] = Line._read_group(line_domain, [], ["product_uom_qty:sum"])
            denominator = units or 0.0
        else:
            claims = self.search_count(claims_domain)
            denominator = self._coop_sql_value(
                SQL(
                    "SELECT COUNT(*) FROM %s s WHERE s.amount >= 0",
                    self._coop_period_sales(company, date_from, date_to),
                )
            )
        return round(claims * 100.0 / denominator, 2) if denominator else False

    @api.model
    def _coop_loss_rate(self, company, date_from, date_to):
        """Loss rate (%) = cost of claims / revenue x 100.

        cost of claims: sum of ``total_cost`` of the claims received in the period;
        revenue: untaxed amount of the confirmed sale orders dated in the period, in the
        cooperative's currency (as the customer indicators count it). 5,000 MAD over
        200,000 MAD = 2.5. Blank (False) without revenue.
        """
        self._coop_check_indicator_company(company)
        [[cost]] = self._read_group(
            self._coop_claims_domain(company, date_from, date_to),
            [],
            ["total_cost:sum"],
        )
        revenue = self._coop_sql_value(
            SQL(
                "SELECT COALESCE(SUM(s.amount), 0) FROM %s s",
                self._coop_period_sales(company, date_from, date_to),
            )
        )
        return round((cost or 0.0) * 100.0 / float(revenue), 2) if revenue else False

    @api.model
    def _coop_in_time_share(self, company, date_from, date_to):
        """Share answered within the deadline (%) = claims closed on or before their
        ``date_deadline`` / claims due (received in the period and either closed or
        past their deadline today) x 100. Blank (False) when no claim is due."""
        today = fields.Date.context_today(self)
        domain = self._coop_claims_domain(company, date_from, date_to) + [
            "|",
            ("date_closed", "!=", False),
            ("date_deadline", "<", today),
        ]
        due = self._read_group(domain, ["answered_in_time"], ["__count"])
        total = sum(count for _in_time, count in due)
        in_time = sum(count for in_time_flag, count in due if in_time_flag)
        return round(in_time * 100.0 / total, 2) if total else False

    @api.model
    def _coop_mean_resolution_days(self, company, date_from, date_to):
        """Mean resolution time (days) = average of (date_closed - date_received) over the
        claims received in the period and closed. Blank (False) when none is closed."""
        domain = self._coop_claims_domain(company, date_from, date_to) + [
            ("date_closed", "!=", False),
        ]
        [[mean]] = self._read_group(domain, [], ["resolution_days:avg"])
        return round(mean, 2) if mean is not False and mean is not None else False

    @api.model
    def _coop_indicators(self, company, date_from, date_to):
        """All C-4 indicators of a cooperative (with its branches) for a period."""
        self._coop_check_indicator_company(company)
        return {
            "claim_rate": self._coop_claim_rate(company, date_from, date_to),
            "loss_rate": self._coop_loss_rate(company, date_from, date_to),
            "in_time_share": self._coop_in_time_share(company, date_from, date_to),
            "mean_resolution_days": self._coop_mean_resolution_days(
                company, date_from, date_to
            ),
        }
