"""Odoo's communications of the cooperative cards on the holder's channel (X-7, L-1,
issue #18).

Odoo's loyalty sends a program's communication plans by e-mail to any card holder:
"at creation" and "when reaching" a number of points. On a cooperative card program
(``coop_card``), the suite's own "card issued" message tells the holder of a new card,
on their channel, wherever the card is made (the card service, *Issue a card*, a card
created by hand in the back office, the program's *Generate* wizard): Odoo's creation
mail is not sent besides. Odoo's "points reached" mail has no SMS form: it goes
through the channel choice by e-mail only, to a holder who consented to e-mail, and is
logged as not sent for the others.
"""

from odoo import _, api, models


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        # not for the cards of the addons' data files (demo cards, at installation)
        if not self.env.context.get("install_module"):
            cards.filtered(
                lambda card: card.coop_card and card.partner_id
            )._coop_notify_issued()
        return cards

    def _send_creation_communication(self, force_send=False):
        """Cooperative cards: the suite's "card issued" (see ``create``) instead."""
        others = self.filtered(lambda card: not card.coop_card)
        return super(LoyaltyCard, others)._send_creation_communication(
            force_send=force_send
        )

    def _send_points_reach_communication(self, points_changes):
        """Cooperative cards: the milestone's mail on the holder's channel (e-mail)."""
        others = self.filtered(lambda card: not card.coop_card)
        res = super(LoyaltyCard, others)._send_points_reach_communication(
            points_changes
        )
        if self.env.context.get("loyalty_no_mail"):
            return res
        for card in (self - others).filtered("partner_id"):
            change = points_changes.get(card)
            if not change or change["old"] >= change["new"]:
                continue
            # Odoo's rule: the highest milestone passed, one mail
            milestone = card.program_id.communication_plan_ids.filtered(
                lambda plan, change=change: plan.trigger == "points_reach"
                and plan.mail_template_id
                and change["old"] < plan.points <= change["new"]
            ).sorted("points", reverse=True)[:1]
            if milestone:
                card._coop_send_to_person(
                    card.partner_id,
                    _("Points reached"),
                    mail_template=milestone.mail_template_id,
                    post_kwargs={"email_layout_xmlid": "mail.mail_notification_light"},
                    channels=("email",),
                )
        return res
