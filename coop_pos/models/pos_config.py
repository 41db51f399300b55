import logging
import time
import uuid
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_crm_base.models.crm_team import SALES_CHANNELS

_logger = logging.getLogger(__name__)


class PosConfig(models.Model):
    """Where a point of sale sells (P-5): its sales channel (the cooperative's shop, a
    souk, a fair...), and for a stall its place and, for a fair, its dates. The orders
    keep the channel they were sold through (``pos.order.coop_sales_channel``), which
    the purchase ledger reads.

    Also the point of sale demo of the suite (issue #16), written by
    data/generate_demo.py as one call of :meth:`_coop_load_pos_demo` with the plan of
    each demo cooperative."""

    _inherit = "pos.config"

    coop_sales_channel = fields.Selection(
        SALES_CHANNELS,
        string="Sales channel",
        default="shop",
        required=True,
        help="Channel of the orders of this point of sale: the shop at the "
        "cooperative, "
        "a stall at a souk or a fair... Each order keeps the channel it was sold "
        "through.",
    )
    coop_region_id = fields.Many2one(
        "coop.region", string="Region", help="Region of the souk or the fair."
    )
    coop_city = fields.Char(string="Place", help="Town or souk where it sells.")
    coop_date_start = fields.Date(string="Fair from")
    coop_date_end = fields.Date(string="Fair until")
    coop_member_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Members' pricelist",
        help="Applied at the till when the customer is an active member of the "
        "cooperative (instead of the default pricelist); one of the available "
        "pricelists.",
    )

    @api.constrains(
        "coop_member_pricelist_id", "available_pricelist_ids", "use_pricelist"
    )
    def _check_coop_member_pricelist(self):
        for config in self.filtered("coop_member_pricelist_id"):
            available = config.available_pricelist_ids
            if (
                not config.use_pricelist
                or config.coop_member_pricelist_id not in available
            ):
                raise ValidationError(
                    _(
                        "The members' pricelist of %(pos)s must be one of its "
                        "available pricelists (Flexible pricelists).",
                        pos=config.name,
                    )
                )

    @api.constrains("coop_date_start", "coop_date_end")
    def _check_coop_fair_dates(self):
        for config in self:
            if (
                config.coop_date_start
                and config.coop_date_end
                and config.coop_date_end < config.coop_date_start
            ):
                raise ValidationError(
                    _("The fair of %(pos)s ends before it starts.", pos=config.name)
                )

    # ------------------------------------------------------------ the demo
    @api.model
    def _coop_load_pos_demo(self, cooperatives):
        """Books, points of sale, closed sessions and paid orders of the demo
        cooperatives, through Odoo's own flow: the cooperatives' chart of accounts (the
        country's when its localisation is installed, else Odoo's generic one), each
        point of sale with its journal and payment methods as Odoo's onboarding creates
        them, then each session opened by the administrator, its orders synced as the
        till sends them (``sync_from_ui``: the cards' points are counted by the server)
        and the session closed with its cash counted, which posts its journal entries.
        Then the customer statistics of the cooperatives are computed again, with the
        point of sale purchases.

        ``cooperatives``: one dict per cooperative, ``company`` (xml id) and
        ``configs``: dicts with ``xml_id`` (in coop_pos), ``name``, ``channel``,
        ``city``, ``region`` (xml id), for a fair ``fair`` (days from today of its
        first and last days) and ``sessions``: dicts with
        ``days_ago`` (0: today, the orders taken in the minutes before the install),
        ``hour`` (UTC, of the first order of a past day) and ``orders``: dicts with
        ``customer`` (xml id, a dict of a customer created at the till: ``name``,
        ``mobile`` typed as said, ``city``, or None for a walk-in), ``lines``
        (``[product xml id, quantity]``) and maybe ``reward`` (xml id of a card whose
        program's first reward is used).

        Idempotent: a point of sale whose xml id exists is left as it is."""
        started = time.monotonic()
        companies = self.env["res.company"].browse(
            [self.env.ref(coop["company"]).id for coop in cooperatives]
        )
        self._coop_demo_chart(companies)
        self._coop_demo_gift_cards(companies)
        self._coop_demo_cashiers(companies)
        done = self.env["pos.order"]
        for coop in cooperatives:
            company = self.env.ref(coop["company"])
            for plan in coop["configs"]:
                if self.env.ref(f"coop_pos.{plan['xml_id']}", raise_if_not_found=False):
                    continue
                done |= self._coop_demo_config(company, plan)
        if done:
            companies.root_id.action_recompute_customer_stats()
        _logger.info(
            "point of sale demo: %d orders in %.1f s",
            len(done),
            time.monotonic() - started,
        )

    @api.model
    def _coop_demo_chart(self, companies):
        """The chart of accounts of the companies' root (a union and its cooperatives,
        which are its branches) when it has none: the first installed template of its
        country (l10n_ma for Morocco), else Odoo's generic chart. Loaded without Odoo's
        accounting demo (its invoices to Odoo's demo partners)."""
        ChartTemplate = self.env["account.chart.template"]
        mapping = ChartTemplate._get_chart_template_mapping()
        for root in companies.root_id.filtered(lambda c: not c.chart_template):
            code = next(
                (
                    code
                    for code, template in mapping.items()
                    if template.get("installed")
                    and template["country_id"] == root.country_id.id
                ),
                "generic_coa",
            )
            _logger.info("point of sale demo: chart %s for %s", code, root.name)
            # try_loading warns when called before the registry is loaded: the demo
            # runs at install, after the modules it needs (account, point_of_sale)
            currency = root.currency_id
            ChartTemplate._load(code, root, install_demo=False)
            if root.currency_id != currency:
                # the generic chart's fiscal country is the United States, whose
                # dollar it gives the union and its branches: they keep their own
                # currency (no entry is posted yet)
                root.currency_id = currency

    @api.model
    def _coop_demo_cashiers(self, companies):
        """The cooperatives' staff sell at their souk, fair and shop: the demo's
        internal users of the cooperatives become point of sale users (issue #21)."""
        staff = self.env["res.users"].search(
            [
                ("company_id", "in", companies.ids),
                ("share", "=", False),
                ("groups_id", "in", self.env.ref("coop_crm_base.group_coop_user").ids),
            ]
        )
        staff.write(
            {"groups_id": [(4, self.env.ref("point_of_sale.group_pos_user").id)]}
        )

    @api.model
    def _coop_demo_gift_cards(self, companies):
        """The cooperatives' voucher programs (gift cards) of the loyalty demo, written
        without the rule, the reward and the e-mail that Odoo's program form gives a
        gift card, get them (a voucher pays 1 per point), with the print report of the
        till: a point of sale does not open while a gift card program lacks them."""
        programs = (
            self.env["loyalty.program"]
            .with_context(active_test=False)
            .search(
                [
                    ("program_type", "=", "gift_card"),
                    ("company_id", "in", companies.ids),
                    "|",
                    ("rule_ids", "=", False),
                    ("reward_ids", "=", False),
                ]
            )
        )
        for program in programs:
            defaults = program.with_company(
                program.company_id
            )._program_type_default_values()["gift_card"]
            program.write(
                {
                    key: defaults[key]
                    for key in ("rule_ids", "reward_ids", "communication_plan_ids")
                }
            )
            program.pos_report_print_id = self.env.ref("loyalty.report_gift_card")

    @api.model
    def _coop_demo_config(self, company, plan):
        """One point of sale of ``company`` with its sessions (see
        :meth:`_coop_load_pos_demo`); returns its orders."""
        admin = self.env.ref("base.user_admin")
        today = fields.Date.context_today(self)
        Config = self.with_company(company)
        journal, payment_methods = Config._create_journal_and_payment_methods(
            cash_journal_vals={"name": plan["name"], "show_on_dashboard": False}
        )
        vals = {
            "name": plan["name"],
            "company_id": company.id,
            "journal_id": journal.id,
            "payment_method_ids": [(6, 0, payment_methods)],
            "coop_sales_channel": plan["channel"],
            "coop_city": plan["city"],
            "coop_region_id": self.env.ref(plan["region"]).id,
        }
        # what the till sells: the cooperative's products and card fees, in a
        # category of their own to which the point of sale is limited (not the demo
        # products of Odoo's point of sale, shared by every company)
        products = self.env["product.product"].browse(
            {
                self.env.ref(xml_id).id
                for session in plan["sessions"]
                for order in session["orders"]
                for xml_id, _qty in order["lines"]
            }
        ) | self.env["product.product"].search(
            [("company_id", "=", company.id), ("sale_ok", "=", True)]
        )
        category = self._coop_demo_category(company, products)
        vals["limit_categories"] = True
        vals["iface_available_categ_ids"] = [(6, 0, category.ids)]
        if plan.get("fair"):
            vals["coop_date_start"] = today + timedelta(days=plan["fair"][0])
            vals["coop_date_end"] = today + timedelta(days=plan["fair"][1])
        config = Config.create(vals)
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"coop_pos.{plan['xml_id']}",
                    "record": config,
                    "noupdate": True,
                }
            ]
        )
        products.filtered(lambda p: not p.available_in_pos).available_in_pos = True
        orders = self.env["pos.order"]
        for index, session_plan in enumerate(plan["sessions"], start=1):
            orders |= (
                config.with_user(admin)
                .with_company(company)
                ._coop_demo_session(session_plan, f"{plan['xml_id']}_session_{index}")
            )
        return orders

    @api.model
    def _coop_demo_category(self, company, products):
        """The point of sale category of ``company``'s products (named after it), with
        ``products`` in it."""
        category = self.env["pos.category"].search(
            [("name", "=", company.name)], limit=1
        ) or self.env["pos.category"].create({"name": company.name})
        products.write({"pos_categ_ids": [(4, category.id)]})
        return category

    def _coop_demo_session(self, plan, xml_id):
        """Open a session of this point of sale, sync its orders from the till, count
        the cash and close it (its journal entries are posted)."""
        self.ensure_one()
        self.open_ui()
        session = self.current_session_id
        session.set_opening_control(0, "")
        now = fields.Datetime.now()
        if plan["days_ago"]:
            start = datetime.combine(
                now.date() - timedelta(days=plan["days_ago"]),
                datetime.min.time(),
            ) + timedelta(hours=plan["hour"])
            times = [
                start + timedelta(minutes=37 * index)
                for index in range(len(plan["orders"]))
            ]
        else:
            # today: the orders of the last minutes, on today's date (UTC) as the
            # customers captured at the till
            midnight = datetime.combine(now.date(), datetime.min.time())
            count = len(plan["orders"])
            times = [
                max(midnight, now - timedelta(minutes=3 * (count - index)))
                for index in range(count)
            ]
            start = times[0]
        session.sudo().start_at = start - timedelta(minutes=15)
        data = [
            self._coop_demo_order_data(session, order, when, f"{xml_id}_{index}", index)
            for index, (order, when) in enumerate(
                zip(plan["orders"], times, strict=True), start=1
            )
        ]
        result = self.env["pos.order"].sync_from_ui(data)
        orders = self.env["pos.order"].browse([o["id"] for o in result["pos.order"]])
        cash = sum(
            orders.payment_ids.filtered(
                lambda p: p.payment_method_id.is_cash_count
            ).mapped("amount")
        )
        session.sudo().stop_at = times[-1] + timedelta(minutes=20)
        session.post_closing_cash_details(cash)
        session.update_closing_control_state_session("")
        session.sudo().stop_at = times[-1] + timedelta(minutes=20)
        session.action_pos_session_closing_control()
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"coop_pos.{xml_id}", "record": session, "noupdate": True}]
        )
        return orders

    def _coop_demo_order_data(self, session, plan, when, key, sequence):
        """An order as the till sends it (point_of_sale's tests build the same): lines
        at the point of sale's prices with their taxes, paid in cash."""
        config = self.with_company(session.company_id)
        customer = plan["customer"]
        if isinstance(customer, dict):
            # P-1: a customer captured at the till, in the point of sale's cooperative
            partner = (
                self.env["res.partner"]
                .with_context(coop_pos_config_id=config.id)
                .create(
                    {
                        "name": customer["name"],
                        "mobile": customer["mobile"],
                        "city": customer["city"],
                        "country_id": config.company_id.country_id.id,
                        "coop_consent_sms": True,
                        "coop_consent_whatsapp": True,
                    }
                )
            )
        else:
            partner = self.env.ref(customer) if customer else self.env["res.partner"]
        fiscal_position = (
            partner.property_account_position_id or config.default_fiscal_position_id
        )
        Tax = self.env["account.tax"]
        lines = []
        for xml_id, qty in plan["lines"]:
            product = self.env.ref(xml_id)
            price = (
                config.pricelist_id._get_product_price(product, qty)
                if config.pricelist_id
                else product.lst_price
            )
            taxes = fiscal_position.map_tax(
                product.taxes_id.filtered_domain(
                    Tax._check_company_domain(config.company_id)
                )
            )
            amounts = taxes.compute_all(price, config.currency_id, qty)
            lines.append(
                {
                    "product_id": product.id,
                    "qty": qty,
                    "price_unit": price,
                    "price_subtotal": amounts["total_excluded"],
                    "price_subtotal_incl": amounts["total_included"],
                    "tax_ids": [(6, 0, taxes.ids)],
                    "full_product_name": product.display_name,
                }
            )
        if plan.get("reward"):
            # P-2: the card's reward (a discount) used at the till, for its points
            card = self.env.ref(plan["reward"])
            reward = card.program_id.reward_ids[:1]
            total = sum(line["price_subtotal_incl"] for line in lines)
            if reward and card.points >= reward.required_points and total:
                discount = min(reward.discount, total)
                lines.append(
                    {
                        "product_id": reward.discount_line_product_id.id,
                        "qty": 1,
                        "price_unit": -discount,
                        "price_subtotal": -discount,
                        "price_subtotal_incl": -discount,
                        "tax_ids": [(6, 0, [])],
                        "full_product_name": reward.description,
                        "is_reward_line": True,
                        "reward_id": reward.id,
                        "coupon_id": card.id,
                        "points_cost": reward.required_points,
                        "reward_identifier_code": key,
                    }
                )
        subtotal = sum(line["price_subtotal"] for line in lines)
        total = sum(line["price_subtotal_incl"] for line in lines)
        cash = config.payment_method_ids.filtered(
            lambda m: m.is_cash_count and not m.split_transactions
        )[:1]
        order_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"coop-pos-demo:{key}"))
        stamp = fields.Datetime.to_string(when)
        return {
            "name": f"Order {session.id:05d}-001-{sequence:04d}",
            "uuid": order_uuid,
            "session_id": session.id,
            "sequence_number": sequence,
            "user_id": self.env.uid,
            "partner_id": partner.id,
            "pricelist_id": config.pricelist_id.id,
            "fiscal_position_id": fiscal_position.id,
            "date_order": stamp,
            "lines": [(0, 0, line) for line in lines],
            "payment_ids": [
                (
                    0,
                    0,
                    {
                        "amount": total,
                        "payment_date": stamp,
                        "payment_method_id": cash.id,
                    },
                )
            ],
            "amount_paid": total,
            "amount_return": 0,
            "amount_tax": total - subtotal,
            "amount_total": total,
            "last_order_preparation_change": "{}",
            "to_invoice": False,
        }
