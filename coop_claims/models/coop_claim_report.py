from bisect import bisect_right
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


def _coop_ratio(numerator, denominator, factor=100.0):
    """numerator x factor / denominator rounded to 2 decimals; blank (False) without
    denominator. The indicators on demand and stored (``coop.claim.indicator``) are
    this of their numerators and denominators."""
    if not denominator:
        return False
    return round(numerator * factor / denominator, 2)


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
    def _coop_claim_rate_figures(self, company, date_from, date_to, basis=None):
        """(claims, transactions): the numerator and denominator of the claim rate
        (:meth:`_coop_claim_rate`): on the customers basis, the distinct claimants and
        the customers; else the claims and the orders or units of the period."""
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
        return claims, denominator

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
        return _coop_ratio(
            *self._coop_claim_rate_figures(company, date_from, date_to, basis)
        )

    @api.model
    def _coop_loss_figures(self, company, date_from, date_to):
        """(cost of the claims, revenue): the numerator and denominator of the loss
        rate (:meth:`_coop_loss_rate`)."""
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
        return cost or 0.0, float(revenue)

    @api.model
    def _coop_loss_rate(self, company, date_from, date_to):
        """Loss rate (%) = cost of claims / revenue x 100.

        cost of claims: sum of ``total_cost`` of the claims received in the period;
        revenue: untaxed amount of the confirmed sale orders dated in the period, in the
        cooperative's currency (as the customer indicators count it). 5,000 MAD over
        200,000 MAD = 2.5. Blank (False) without revenue.
        """
        return _coop_ratio(*self._coop_loss_figures(company, date_from, date_to))

    @api.model
    def _coop_in_time_figures(self, company, date_from, date_to, today=None):
        """(claims answered in time, claims due) of the share answered within the
        deadline (:meth:`_coop_in_time_share`); ``today``: the day that decides which
        open claims are past their deadline (today by default)."""
        today = today or fields.Date.context_today(self)
        domain = self._coop_claims_domain(company, date_from, date_to) + [
            "|",
            ("date_closed", "!=", False),
            ("date_deadline", "<", today),
        ]
        due = self._read_group(domain, ["answered_in_time"], ["__count"])
        total = sum(count for _in_time, count in due)
        in_time = sum(count for in_time_flag, count in due if in_time_flag)
        return in_time, total

    @api.model
    def _coop_in_time_share(self, company, date_from, date_to):
        """Share answered within the deadline (%) = claims closed on or before their
        ``date_deadline`` / claims due (received in the period and either closed or
        past their deadline today) x 100. Blank (False) when no claim is due."""
        return _coop_ratio(*self._coop_in_time_figures(company, date_from, date_to))

    @api.model
    def _coop_resolution_working_days(self, claims):
        """{claim id: working days from reception to closure} of the closed claims.

        The working days are those of the cooperative's working calendar, counted as
        the answer deadline counts them (C-1: work intervals of the calendar less its
        leaves, public holidays included, days in the calendar's time zone): the
        working days after the day of reception up to the day of closure included.
        Received Friday and closed Monday: 1; closed the day of reception: 0. The
        calendar's work intervals are read once per calendar for all the claims.
        """
        rows_by_calendar = {}
        result = {}
        for claim in claims:
            if not (claim.date_closed and claim.date_received):
                continue
            calendar, received_day = self._coop_reception_day(
                claim.company_id, claim.date_received
            )
            if not calendar:
                continue
            tz = pytz.timezone(calendar.tz or "UTC")
            closed_day = pytz.utc.localize(claim.date_closed).astimezone(tz).date()
            result[claim.id] = 0
            if closed_day > received_day:
                rows_by_calendar.setdefault(calendar, []).append(
                    (claim.id, received_day, closed_day)
                )
        for calendar, rows in rows_by_calendar.items():
            tz = pytz.timezone(calendar.tz or "UTC")
            start = tz.localize(
                datetime.combine(min(r[1] for r in rows) + timedelta(days=1), time.min)
            )
            stop = tz.localize(
                datetime.combine(max(r[2] for r in rows) + timedelta(days=1), time.min)
            )
            working_days = sorted(
                {
                    begin.astimezone(tz).date()
                    for begin, _end, _meta in calendar._work_intervals_batch(
                        start, stop
                    )[False]
                }
            )
            for claim_id, received_day, closed_day in rows:
                result[claim_id] = bisect_right(
                    working_days, closed_day
                ) - bisect_right(working_days, received_day)
        return result

    @api.model
    def _coop_resolution_figures(self, company, date_from, date_to):
        """(working days of resolution, claims closed) of the mean resolution time
        (:meth:`_coop_mean_resolution_days`)."""
        claims = self.search(
            self._coop_claims_domain(company, date_from, date_to)
            + [("date_closed", "!=", False)]
        )
        days = self._coop_resolution_working_days(claims)
        return float(sum(days.values())), len(days)

    @api.model
    def _coop_mean_resolution_days(self, company, date_from, date_to):
        """Mean resolution time (working days) = average over the claims received in
        the period and closed of the working days from reception to closure, on the
        cooperative's calendar as the deadline counts them
        (:meth:`_coop_resolution_working_days`). Blank (False) when none is closed."""
        return _coop_ratio(
            *self._coop_resolution_figures(company, date_from, date_to), factor=1.0
        )

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
