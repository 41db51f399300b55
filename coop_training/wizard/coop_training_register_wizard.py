from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CoopTrainingRegisterWizard(models.TransientModel):
    """Register several members to an upcoming training session at once (T-2,
    issue #21).

    Opened from the members list (the selected memberships, a session to choose) or from
    a session (its cooperatives' members to choose). Each registration is created as the
    user, through the checks of event.registration (the registrant and the membership
    belong to the session's cooperatives, X-1); members already registered are skipped
    and named in the message.
    """

    _name = "coop.training.register.wizard"
    _description = "Register members for a training"

    event_id = fields.Many2one(
        "event.event",
        string="Training session",
        required=True,
        ondelete="cascade",
        domain=[("is_training", "=", True), ("is_finished", "=", False)],
    )
    event_company_ids = fields.Many2many(
        "res.company",
        string="Cooperatives of the session",
        compute="_compute_event_company_ids",
    )
    membership_ids = fields.Many2many(
        "coop.membership",
        string="Members",
        domain="[('state', '=', 'active'), ('company_id', 'in', event_company_ids)]",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            context.get("active_model") == "coop.membership"
            and context.get("active_ids")
            and "membership_ids" in fields_list
            and not values.get("membership_ids")
        ):
            values["membership_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    @api.depends("event_id")
    def _compute_event_company_ids(self):
        for wizard in self:
            event = wizard.event_id
            wizard.event_company_ids = event.coop_company_ids or event.company_id

    def action_register(self):
        self.ensure_one()
        # the session and the memberships are ones the user may read, whatever ids
        # a client wrote in the wizard (Odoo would drop or refuse them depending on the
        # cache: refuse them always)
        event = self.sudo().event_id.with_env(self.env)
        event.check_access("read")
        memberships = self.sudo().membership_ids.with_env(self.env)
        memberships.check_access("read")
        if not event.is_training or event.is_finished:
            raise UserError(
                _(
                    "Members are registered for an upcoming training session: "
                    "%(event)s is not one.",
                    event=event.display_name,
                )
            )
        if not memberships:
            raise UserError(_("Choose the members to register."))
        companies = self.event_company_ids
        strangers = memberships.filtered(
            lambda m: m.company_id not in companies
            or (m.state != "active" and not event.open_to_non_members)
        )
        if strangers:
            raise UserError(
                _(
                    "%(event)s is for the active members of %(coops)s: %(members)s "
                    "cannot be registered.",
                    event=event.display_name,
                    coops=", ".join(companies.mapped("name")),
                    members=", ".join(strangers.mapped("display_name")),
                )
            )
        # who is already registered (not cancelled), whatever the registrations the user
        # may read: only the partners of the memberships the user reads are looked at
        registered = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("event_id", "=", event.id),
                    ("state", "!=", "cancel"),
                    ("partner_id", "in", memberships.partner_id.ids),
                ]
            )
            .partner_id
        )
        skipped = memberships.filtered(lambda m: m.partner_id in registered)
        to_register = self.env["coop.membership"]
        for membership in (
            memberships - skipped
        ):  # one registration for a person twice chosen
            if membership.partner_id not in to_register.partner_id:
                to_register |= membership
        registrations = self.env["event.registration"].create(
            [
                {
                    "event_id": event.id,
                    "partner_id": m.partner_id.id,
                    "coop_membership_id": m.id,
                }
                for m in to_register
            ]
        )
        message = _(
            "%(count)s member(s) registered for %(event)s.",
            count=len(registrations),
            event=event.display_name,
        )
        if skipped:
            message += " " + _(
                "Already registered, skipped: %(names)s.",
                names=", ".join(skipped.partner_id.mapped("display_name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Registration"),
                "message": message,
                "type": "warning" if skipped else "success",
                "sticky": bool(skipped),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
