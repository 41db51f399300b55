from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

MANAGER = "coop_loyalty.group_loyalty_manager"


def _check_manager(env, what):
    if not env.su and not env.user.has_group(MANAGER):
        raise AccessError(env._("Only loyalty managers can %(what)s.", what=what))


class LoyaltyCardUpdateBalance(models.TransientModel):
    """The manager's adjustment of a card (issue #14): Odoo's balance wizard, for
    loyalty managers only, with its reason in the card's history and chatter; it also
    adjusts the expiry of a cooperative card, with the same reason."""

    _inherit = "loyalty.card.update.balance"

    coop_card = fields.Boolean(related="card_id.coop_card")
    coop_date_expiry = fields.Date(
        string="New expiry date",
        help="Leave empty to keep the card's expiry (cooperative cards).",
    )

    @api.model
    def default_get(self, fields_list):
        # a cooperative card's adjustment starts from its balance: changing the expiry
        # alone leaves the points as they are
        res = super().default_get(fields_list)
        card = self.env["loyalty.card"].browse(res.get("card_id"))
        if "new_balance" in fields_list and card.exists() and card.coop_card:
            res.setdefault("new_balance", card.points)
        return res

    def action_update_card_point(self):
        _check_manager(self.env, self.env._("adjust a loyalty card"))
        card = self.card_id
        new_expiry = self.coop_date_expiry if card.coop_card else False
        if new_expiry and new_expiry != card.coop_date_expiry:
            if not (self.description or "").strip():
                raise UserError(_("Give the reason for the adjustment."))
            old_expiry = card.coop_date_expiry
            card._coop_with_transition().write({"coop_date_expiry": new_expiry})
            card._coop_credit(
                0.0,
                _(
                    "Expiry %(old)s → %(new)s: %(reason)s",
                    old=format_date(self.env, old_expiry),
                    new=format_date(self.env, new_expiry),
                    reason=self.description,
                ),
            )
            card.message_post(
                body=_(
                    "Expiry adjusted from %(old)s to %(new)s by %(user)s: "
                    "%(reason)s",
                    old=format_date(self.env, old_expiry),
                    new=format_date(self.env, new_expiry),
                    user=self.env.user.name,
                    reason=self.description,
                )
            )
            if self.old_balance == self.new_balance:
                return True
        old_balance = self.old_balance
        res = super(
            LoyaltyCardUpdateBalance,
            self.with_context(**card._coop_with_transition().env.context),
        ).action_update_card_point()
        card.message_post(
            body=_(
                "Balance adjusted from %(old)s to %(new)s by %(user)s: " "%(reason)s",
                old=card._format_points(old_balance),
                new=card._format_points(card.points),
                user=self.env.user.name,
                reason=self.description,
            )
        )
        return res


class LoyaltyGenerateWizard(models.TransientModel):
    """Generating coupons or gift cards gives points: loyalty managers only, with the
    card token (issue #14)."""

    _inherit = "loyalty.generate.wizard"

    def generate_coupons(self):
        _check_manager(self.env, self.env._("generate coupons or gift cards"))
        return super(
            LoyaltyGenerateWizard,
            self.with_context(
                **self.env["loyalty.card"]._coop_with_transition().env.context
            ),
        ).generate_coupons()
