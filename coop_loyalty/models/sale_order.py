from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from .loyalty_program import TIERS


class SaleOrder(models.Model):
    """Cooperative cards on sale orders: tier multiplier, grace period, conversion of
    points into vouchers and referral rewards, all when the order is confirmed (L-1 to
    L-5, L-9)."""

    _inherit = "sale.order"

    coop_card_id = fields.Many2one(
        "loyalty.card",
        string="Cooperative card",
        compute="_compute_coop_card_id",
        help="The customer's cooperative card in this company.",
    )
    coop_card_points = fields.Float(
        string="Card points", compute="_compute_coop_card_id"
    )
    coop_card_tier = fields.Selection(
        TIERS, string="Card tier", compute="_compute_coop_card_id"
    )
    coop_card_date_expiry = fields.Date(
        string="Card expiry", compute="_compute_coop_card_id"
    )
    coop_card_reward_ids = fields.Many2many(
        "loyalty.reward", string="Rewards waiting", compute="_compute_coop_card_id"
    )

    @api.depends("partner_id", "company_id")
    def _compute_coop_card_id(self):
        for order in self:
            card = order._coop_find_card()
            order.coop_card_id = card
            order.coop_card_points = card.points
            order.coop_card_tier = card.coop_tier
            order.coop_card_date_expiry = card.coop_date_expiry
            order.coop_card_reward_ids = card.coop_claimable_reward_ids

    def _coop_find_card(self):
        """The customer's cooperative card for this order's company, through the card
        service (branch-aware; latest expiry)."""
        self.ensure_one()
        if not self.partner_id:
            return self.env["loyalty.card"]
        return self.env["loyalty.card"]._coop_card_for(self.partner_id, self.company_id)

    # ---------------------------------------------------------------- points (L-2, L-5)
    def _program_check_compute_points(self, programs):
        """A cooperative card earns points while valid or in its grace period,
        multiplied by the multiplier of its tier; without a card (or out of grace) it
        earns nothing."""
        result = super()._program_check_compute_points(programs)
        coop_programs = programs.filtered("coop_card")
        if not coop_programs:
            return result
        # sudo: e-commerce and portal orders compute points as their customer. The card
        # is usually already on the order (Odoo applies the cards that have points): no
        # search then
        partner = self.partner_id
        cards = (
            (self.applied_coupon_ids | self.coupon_point_ids.coupon_id)
            .sudo()
            .filtered(
                lambda c: c.partner_id == partner and c.program_id in coop_programs
            )
        )
        Card = self.env["loyalty.card"].sudo()
        for program in coop_programs:
            status = result.get(program, {})
            if "points" not in status:
                continue
            card = cards.filtered(lambda c, p=program: c.program_id == p)[:1]
            if not card and partner:
                card = Card._coop_card_for(partner, self.company_id, programs=program)
            if not card or not card._coop_earns_points():
                status["points"] = [0.0]
                continue
            multiplier = card.coop_multiplier
            status["points"] = [
                float_round(
                    points * multiplier, precision_digits=2, rounding_method="DOWN"
                )
                for points in status["points"]
            ]
        return result

    def _get_claimable_rewards(self, forced_coupons=None):
        """Cards past their grace period cannot pay for rewards any more (L-2)."""
        result = super()._get_claimable_rewards(forced_coupons=forced_coupons)
        for coupon in list(result):
            if coupon.coop_card and not coupon._coop_earns_points():
                del result[coupon]
        return result

    # ------------------------------------------------------------------ confirmation
    def _coop_card_token(self):
        """These orders, allowed to move the points of loyalty cards: sale_loyalty's own
        point accounting runs in this context (issue #14). Server code only."""
        return self.with_context(
            **self.env["loyalty.card"]._coop_with_transition().env.context
        )

    def action_confirm(self):
        # the renewal is sold with the order: the card is renewed in the same
        # transaction, before the points of the order are counted (a renewed card earns
        # them)
        self.filtered(lambda o: o.state in ("draft", "sent"))._coop_renew_sold_cards()
        res = super(SaleOrder, self._coop_card_token()).action_confirm()
        confirmed = self.filtered(lambda o: o.state == "sale")
        cards = confirmed.coupon_point_ids.coupon_id.filtered("coop_card")
        confirmed._coop_reward_referrals()
        cards._coop_convert_points(orders=confirmed)
        cards._coop_update_tier()
        return res

    def _action_cancel(self):
        cards = self.coupon_point_ids.coupon_id.filtered("coop_card")
        renewals = self.order_line.filtered(
            lambda line: line.coop_renew_card_id and line.coop_renewed_until
        )
        res = super(SaleOrder, self._coop_card_token())._action_cancel()
        # issue #14: a renewal sold by a cancelled order is undone, once per fee line
        for line in renewals.sudo():
            line.coop_renew_card_id._coop_undo_renewal(
                line.coop_renewed_from, line.coop_renewed_until, line.order_id
            )
            line.write({"coop_renewed_from": False, "coop_renewed_until": False})
        cards._coop_update_tier()
        return res

    def _coop_renew_sold_cards(self):
        """L-3, issue #14: a card is renewed when its renewal fee is sold: the fee line
        of a confirmed order, for the order's customer, renews its card once."""
        for line in self.order_line.filtered(
            lambda line: line.coop_renew_card_id and not line.coop_renewed_until
        ):
            card = line.coop_renew_card_id.sudo()
            order = line.order_id
            if (
                line.product_id != card.program_id.coop_fee_product_id
                or line.product_uom_qty <= 0
                or card.partner_id.commercial_partner_id
                != order.partner_id.commercial_partner_id
            ):
                continue
            renewed_from = card.coop_date_expiry
            card._coop_extend(_("fee sold on %s", order.name), order=order)
            line.sudo().write(
                {
                    "coop_renewed_from": renewed_from,
                    "coop_renewed_until": card.coop_date_expiry,
                }
            )

    def _coop_reward_referrals(self):
        """The referrer of a customer is rewarded once, on the customer's first
        confirmed order, never for themselves (L-9): the referrer's card for the order's
        cooperative (issued if needed) is credited through the card service."""
        Card = self.env["loyalty.card"].sudo()
        for order in self:
            customer = order.partner_id.commercial_partner_id
            referrer = customer.coop_referred_by_id
            if (
                not referrer
                or customer.coop_referral_rewarded
                or referrer.commercial_partner_id == customer
            ):
                continue
            earlier = self.sudo().search_count(
                [
                    ("partner_id", "child_of", customer.id),
                    ("state", "=", "sale"),
                    ("id", "!=", order.id),
                ],
                limit=1,
            )
            if earlier:
                continue
            program = (
                self.env["loyalty.program"]
                .sudo()
                ._coop_programs_for(order.company_id)
                .filtered(lambda p: p.coop_referral_points > 0)[:1]
            )
            if not program:
                continue
            card = Card._coop_card_for(
                referrer, order.company_id, programs=program, create=True
            )
            points = program.coop_referral_points
            card._coop_credit(
                points,
                _(
                    "Referral of %(customer)s (order %(order)s)",
                    customer=customer.name,
                    order=order.name,
                ),
                origin=order,
            )
            customer.sudo().coop_referral_rewarded = True
            card.message_post(
                body=_(
                    "%(points)s points for referring %(customer)s.",
                    points=card._coop_points_text(points),
                    customer=customer.name,
                )
            )

    # ------------------------------------------------------------------ L-3 renewal
    def action_coop_renew_card(self):
        """Renew the customer's card and add the fee line to this quotation (L-3)."""
        self.ensure_one()
        card = self._coop_find_card()
        if not card:
            raise UserError(
                _("%s has no cooperative card to renew.", self.partner_id.display_name)
            )
        card.action_renew(order=self)
        return True


class SaleOrderLine(models.Model):
    """The renewal fee line of a card; sale_loyalty's point accounting of reward lines
    on confirmed orders runs with the card token (issue #14)."""

    _inherit = "sale.order.line"

    coop_renew_card_id = fields.Many2one(
        "loyalty.card",
        string="Card renewed",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
        help="The card this fee renews, once the order is confirmed.",
    )
    coop_renewed_until = fields.Date(
        string="Card renewed until",
        readonly=True,
        copy=False,
        help="Set when the order was confirmed and the card renewed (never twice).",
    )
    coop_renewed_from = fields.Date(
        string="Card expiry before renewal",
        readonly=True,
        copy=False,
        help="The card's expiry before this fee renewed it: restored if the order is "
        "cancelled.",
    )

    def _coop_card_token(self):
        return self.with_context(
            **self.env["loyalty.card"]._coop_with_transition().env.context
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("coop_renewed_until") or vals.get("coop_renewed_from"):
                    raise UserError(
                        _(
                            "A card renewal is recorded by the order's "
                            "confirmation only."
                        )
                    )
        lines = super(SaleOrderLine, self._coop_card_token()).create(vals_list)
        return lines.with_env(self.env)

    def write(self, vals):
        if (
            "coop_renewed_until" in vals or "coop_renewed_from" in vals
        ) and not self.env.su:
            raise UserError(
                _("A card renewal is recorded by the order's confirmation only.")
            )
        if (
            "coop_renew_card_id" in vals
            and not self.env.su
            and self.filtered(
                lambda line: line.state == "sale" or line.coop_renewed_until
            )
        ):
            raise UserError(
                _("The card renewed by a confirmed order cannot be changed.")
            )
        if "points_cost" in vals:
            return super(SaleOrderLine, self._coop_card_token()).write(vals)
        return super().write(vals)

    def unlink(self):
        return super(SaleOrderLine, self._coop_card_token()).unlink()
