from odoo import _, api, fields, models

INTERACTION_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("sms", "SMS"),
    ("whatsapp", "WhatsApp"),
    ("social", "Social network"),
    ("visit", "Visit"),
    ("souk", "Souk or fair"),
    ("shop", "Shop"),
    ("video", "Video call"),
]


class CoopInteraction(models.Model):
    """A contact with a customer, whatever the channel (M-6)."""

    _name = "coop.interaction"
    _description = "Customer interaction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "subject"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="cascade",
    )
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    channel = fields.Selection(
        INTERACTION_CHANNELS, required=True, default="phone", tracking=True
    )
    direction = fields.Selection(
        [("in", "Incoming"), ("out", "Outgoing")],
        required=True,
        default="out",
        tracking=True,
        help="Incoming: the customer contacted the cooperative.",
    )
    subject = fields.Char(required=True, tracking=True)
    outcome = fields.Text(tracking=True)
    user_id = fields.Many2one(
        "res.users",
        "Contacted by",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        "Cooperative",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        "Appointment",
        ondelete="set null",
        index="btree_not_null",
        check_company=True,
    )
    duration = fields.Float("Duration (hours)")

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id.company_id:
            self.company_id = self.partner_id.company_id

    def _check_customers(self, vals_list):
        """The one check of a customer's cooperative (X-1, issue #14), before Odoo's
        company check: a customer of another cooperative is refused with a message that
        names their cooperative to whoever may read them, and names nothing to the
        others."""
        Partner, Company = self.env["res.partner"], self.env["res.company"]
        for vals, interaction in vals_list:
            partner = Partner.browse(vals.get("partner_id")) or interaction.partner_id
            company = (
                Company.browse(vals.get("company_id"))
                or interaction.company_id
                or self.env.company
            )
            if partner:
                partner._coop_check_customer_for(company, _("customer interaction"))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_customers([(vals, self.browse()) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id") or vals.get("company_id"):
            self._check_customers([(vals, interaction) for interaction in self])
        return super().write(vals)
