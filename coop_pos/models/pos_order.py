import logging
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round

from odoo.addons.coop_crm_base.models.crm_team import SALES_CHANNELS

_logger = logging.getLogger(__name__)

PAID_STATES = ("paid", "done", "invoiced")


class PosOrder(models.Model):
    """Cooperative cards at the till (P-2, P-4) and the channel of each sale (P-5).

    The server is the authority on a cooperative card's points: when a paid order is
    synced, the points it earns are computed here from the program's rules, the card's
    tier multiplier and grace period, as on sale orders, and the points its rewards cost
    are checked against the rewards' prices; the points the till computed are ignored.
    An order is counted once, whatever the number of times the till sends it or
    confirms its coupons (``coop_card_points_done``).

    A card that cannot be credited (a card that cannot be issued, a refusal of the card
    services) never stops the sync: the order is saved and paid as the till sent it,
    its points are left uncounted with the reason on the order, and a point of sale
    manager counts them again once the cause is fixed.
    """

    _inherit = "pos.order"

    coop_sales_channel = fields.Selection(
        SALES_CHANNELS,
        string="Sales channel",
        compute="_compute_coop_sales_channel",
        store=True,
        readonly=True,
        precompute=True,
        help="Channel of the point of sale when the order was sold; it stays when the "
        "point of sale's channel changes later.",
    )
    coop_card_points_done = fields.Boolean(
        string="Card points counted",
        readonly=True,
        copy=False,
        help="The cooperative card of the customer was credited (or debited) for this "
        "order.",
    )
    coop_card_points_error = fields.Text(
        string="Card points not counted",
        readonly=True,
        copy=False,
        help="Why the cooperative card of the customer could not be credited when the "
        "order was synced; count the points again once the cause is fixed.",
    )

    @api.depends("session_id")
    def _compute_coop_sales_channel(self):
        for order in self:
            order.coop_sales_channel = (
                order.session_id.config_id.coop_sales_channel
                or order.coop_sales_channel
            )

    # ------------------------------------------------------------------ sync (P-2, P-4)
    def _process_saved_order(self, draft):
        order_id = super()._process_saved_order(draft)
        if not draft:
            self._coop_count_card_points()
        return order_id

    def _coop_card_points_todo(self):
        return self.filtered(
            lambda o: (
                o.state in PAID_STATES and o.partner_id and not o.coop_card_points_done
            )
        )

    def _coop_count_card_points(self):
        """Count the card points of these orders (``_coop_count_card_points_now``)
        without ever failing the sync: in a savepoint, the orders together, and when
        the card services refuse (UserError, ValidationError), each order alone; an
        order refused is left uncounted, with the reason in
        ``coop_card_points_error`` and a note in its chatter. Returns the orders
        counted."""
        orders = self._coop_card_points_todo()
        if not orders:
            return orders
        try:
            with self.env.cr.savepoint():
                orders._coop_count_card_points_now()
        except (UserError, ValidationError) as error:
            if len(orders) == 1:
                orders._coop_card_points_failed(error)
                return orders.browse()
        else:
            return orders
        counted = orders.browse()
        for order in orders:
            counted |= order._coop_count_card_points()
        return counted

    def _coop_card_points_failed(self, error):
        self.ensure_one()
        reason = error.args[0] if error.args else str(error)
        _logger.warning(
            "Card points of POS order %s not counted: %s", self.display_name, reason
        )
        if self.coop_card_points_error == reason:
            return
        self.sudo().coop_card_points_error = reason
        self.sudo().message_post(
            body=_(
                "The customer's cooperative card could not be credited: %(reason)s "
                "Fix the cause, then count the card points again (Action menu).",
                reason=reason,
            )
        )

    def action_coop_count_card_points(self):
        """Count again the card points of paid orders whose card could not be credited
        at sync, once their cause is fixed (point of sale managers); an order already
        counted is left as it is."""
        if not self.env.user.has_group("point_of_sale.group_pos_manager"):
            raise AccessError(
                _("Only point of sale managers can count card points again.")
            )
        self.check_access("write")
        todo = self._coop_card_points_todo()
        counted = todo._coop_count_card_points()
        failed = todo - counted
        if failed:
            message = _(
                "Card points still not counted for %(orders)s: see the reason on "
                "each order.",
                orders=", ".join(failed.mapped("display_name")),
            )
        else:
            message = _("Card points counted for %(count)s order(s).", count=len(todo))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "warning" if failed else "success",
                "sticky": bool(failed),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _coop_count_card_points_now(self):
        """Credit the customer's cooperative card with the points of these paid orders
        and debit the points of the card's rewards used on them, once per order, with a
        history line each; then convert points into vouchers at the threshold and update
        the tier (L-2, L-3, L-4, L-5 at the till)."""
        orders = self
        # the renewal or the card sold with the order first: a renewed card earns the
        # order's points (as on sale orders)
        orders._coop_sell_cards()
        Card = self.env["loyalty.card"].sudo()
        card_credits = []
        cards = Card
        for order in orders:
            card = Card._coop_card_for(order.partner_id, order.company_id)
            if not card:
                continue
            points = order._coop_card_points_spent(card)
            earned = order._coop_card_points_earned(card)
            # a refund takes back what was earned, also from a card that has expired
            # since (or whose renewal it refunds)
            if earned < 0 or card._coop_earns_points(order.date_order.date()):
                points = earned - points
            else:
                points = -points
            card_credits.append((order, card, points))
            cards |= card
        orders.sudo().write(
            {"coop_card_points_done": True, "coop_card_points_error": False}
        )
        for order, card, points in card_credits:
            Card._coop_credit_many(
                [(card, points)], _("Onsite %s", order.display_name), origin=order
            )
        for order, card, _points in card_credits:
            card._coop_convert_points(orders=order)
        cards._coop_update_tier()

    def _coop_sell_cards(self):
        """L-3 at the till: the card fee of a cooperative program sold on an order (a
        line of the program's fee product, positive quantity) renews the customer's
        card of that program (from its expiry, or from today when it has expired, as a
        fee sold on a sale order), or issues one when the customer has none: a card
        sold at the till. Called once per order, with the points. The fee line keeps
        what it did, so that its refund at the till undoes a renewal (issue #14 on
        sale orders), and flags a card sold."""
        Card = self.env["loyalty.card"].sudo()
        Program = self.env["loyalty.program"].sudo()
        for order in self:
            order._coop_refund_cards()
            sold = order.lines.filtered(lambda line: line.qty > 0)
            programs = Program._coop_programs_for(order.company_id).filtered(
                lambda p, sold=sold: p.coop_fee_product_id in sold.product_id
            )
            for program in programs:
                fee_line = sold.filtered(
                    lambda line, p=program: line.product_id == p.coop_fee_product_id
                )[:1]
                card = Card._coop_card_for(
                    order.partner_id, order.company_id, programs=program
                )
                renewed_from = card.coop_date_expiry
                if card:
                    card._coop_extend(_("fee sold on %s", order.name), order=order)
                else:
                    card = Card._coop_card_for(
                        order.partner_id,
                        order.company_id,
                        programs=program,
                        create=True,
                    )
                    card._coop_history_note(
                        _("Card sold on %s", order.name), order=order
                    )
                fee_line.sudo().write(
                    {
                        "coop_renew_card_id": card.id,
                        "coop_renewed_from": renewed_from,
                        "coop_renewed_until": card.coop_date_expiry,
                    }
                )

    def _coop_refund_cards(self):
        """A card fee refunded at the till: the renewal it sold is undone (the expiry
        goes back); a card it sold stays with its holder, flagged on the card and the
        refund for the manager (archive it if the customer gave it back). Once per fee
        line sold."""
        self.ensure_one()
        refunds = self.lines.filtered(
            lambda line: line.qty < 0
            and line.refunded_orderline_id.sudo().coop_renewed_until
        )
        for fee_line in refunds.refunded_orderline_id.sudo():
            card = fee_line.coop_renew_card_id
            if fee_line.coop_renewed_from:
                card._coop_undo_renewal(
                    fee_line.coop_renewed_from,
                    fee_line.coop_renewed_until,
                    self,
                    reason=_("refund %s", self.name),
                )
            else:
                message = _(
                    "Card %(card)s sold on %(sold)s was refunded on %(refund)s: "
                    "archive it if the customer gave it back.",
                    card=card.coop_number or card.code,
                    sold=fee_line.order_id.name,
                    refund=self.name,
                )
                card.message_post(body=message)
                self.sudo().message_post(body=message)
            fee_line.write({"coop_renewed_from": False, "coop_renewed_until": False})

    def _coop_card_points_earned(self, card):
        """Points of this order for ``card``: the program's rules (automatic ones) over
        the order's lines that are not rewards, as sale_loyalty counts them (per order,
        per unit, per amount paid with taxes), times the card's tier multiplier, rounded
        down to the cent. A refund (negative lines) takes the points back."""
        self.ensure_one()
        program = card.program_id
        lines = self.lines.filtered(lambda line: not line.is_reward_line)
        points = 0.0
        for rule in program.rule_ids.filtered(lambda r: r.mode == "auto"):
            products = rule._get_valid_products()
            rule_lines = lines.filtered(lambda line, p=products: line.product_id in p)
            if not rule_lines or not rule.reward_point_amount:
                continue
            untaxed = sum(rule_lines.mapped("price_subtotal"))
            total = sum(rule_lines.mapped("price_subtotal_incl"))
            quantity = sum(rule_lines.mapped("qty"))
            reached = total if rule.minimum_amount_tax_mode == "incl" else untaxed
            if (
                rule._compute_amount(self.currency_id) > abs(reached)
                or abs(quantity) < rule.minimum_qty
            ):
                continue
            if rule.reward_point_mode == "order":
                points += rule.reward_point_amount * (-1 if total < 0 else 1)
            elif rule.reward_point_mode == "unit":
                points += rule.reward_point_amount * quantity
            else:
                points += rule.reward_point_amount * total
        return float_round(
            points * card.coop_multiplier, precision_digits=2, rounding_method="DOWN"
        )

    def _coop_card_points_spent(self, card):
        """Points the rewards of this order took from ``card``: what the till says each
        reward cost, never less than the reward's price in points."""
        self.ensure_one()
        cost = defaultdict(float)
        reward = {}
        for line in self.lines.filtered(
            lambda line: line.is_reward_line and line.coupon_id == card
        ):
            key = line.reward_identifier_code or line.id
            cost[key] += line.points_cost
            reward[key] = line.reward_id
        return sum(
            max(
                cost[key],
                0.0 if reward[key].clear_wallet else reward[key].required_points,
            )
            for key in cost
        )

    # ------------------------------------------------------------------ pos_loyalty
    def _coop_card_ids(self, card_ids):
        return set(
            self.env["loyalty.card"]
            .sudo()
            .browse([card_id for card_id in card_ids if card_id > 0])
            .exists()
            .filtered("coop_card")
            .ids
        )

    def confirm_coupon_programs(self, coupon_data):
        """The till's points of cooperative cards are not written: the server counted
        them when the order was synced. A cooperative card is sold (its fee), not issued
        by the till for free: a new card of a cooperative program is left out."""
        coupon_data = {int(key): vals for key, vals in coupon_data.items()}
        programs = (
            self.env["loyalty.program"]
            .sudo()
            .browse(
                {vals.get("program_id") for vals in coupon_data.values()}
                - {None, False}
            )
            .exists()
            .filtered("coop_card")
        )
        coop_cards = self._coop_card_ids(coupon_data)
        for key in list(coupon_data):
            if key in coop_cards:
                coupon_data[key] = dict(coupon_data[key], points=0)
            elif key < 0 and coupon_data[key].get("program_id") in programs.ids:
                del coupon_data[key]
        self._coop_count_card_points()
        return super().confirm_coupon_programs(coupon_data)

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        """The history of a cooperative card is written with its points, at sync."""
        id_mapping = {int(item["old_id"]): int(item["id"]) for item in coupon_updates}
        card_ids = [
            id_mapping.get(int(c["card_id"])) or int(c["card_id"]) for c in coupon_data
        ]
        coop_cards = self._coop_card_ids(card_ids)
        kept = [
            c
            for c, card_id in zip(coupon_data, card_ids, strict=True)
            if card_id not in coop_cards
        ]
        return super().add_loyalty_history_lines(kept, coupon_updates)


class PosOrderLine(models.Model):
    """A card fee line keeps the renewal it sold, for its refund (L-3)."""

    _inherit = "pos.order.line"

    coop_renew_card_id = fields.Many2one(
        "loyalty.card", string="Card renewed or sold", readonly=True, copy=False
    )
    coop_renewed_from = fields.Date(
        string="Card expiry before", readonly=True, copy=False
    )
    coop_renewed_until = fields.Date(
        string="Card expiry after", readonly=True, copy=False
    )
