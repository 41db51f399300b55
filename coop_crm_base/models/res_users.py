from odoo import _, api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    coop_email_hint_date = fields.Datetime(
        string="Told to set an e-mail address",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="When the user was told that messages go out from the cooperative's "
        "address because they have no e-mail address of their own.",
    )

    @api.model
    def _coop_hint_missing_email(self):
        """Tell the current user, once, that their messages go out from the
        cooperative's address and where to set their own."""
        user = self.env.user
        if user.share or user._is_public() or user.sudo().coop_email_hint_date:
            return
        user.sudo().coop_email_hint_date = fields.Datetime.now()
        user.partner_id._bus_send(
            "simple_notification",
            {
                "type": "warning",
                "sticky": True,
                "title": _("You have no e-mail address"),
                "message": _(
                    "Your messages to customers go out from your cooperative's "
                    "address. Set your own in your profile (your name, top right > "
                    "Preferences > Email); an administrator sets the cooperative's in "
                    "Settings > Companies."
                ),
            },
        )

    def _coop_login_company_ids(self):
        """The companies active at login: the default company, then its branches (and
        theirs) that the user may work in, in the switcher's order."""
        self.ensure_one()
        allowed = self.company_ids
        ids = [self.company_id.id]
        for branch in (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("id", "child_of", self.company_id.id),
                    ("id", "!=", self.company_id.id),
                ],
                order="parent_path, sequence, name",
            )
        ):
            if branch in allowed:
                ids.append(branch.id)
        return ids
