from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

CHANNEL_ORDERS = [
    ("email,sms,post", "E-mail, then SMS, then post"),
    ("sms,email,post", "SMS, then e-mail, then post"),
    ("email,post,sms", "E-mail, then post, then SMS"),
    ("sms,post,email", "SMS, then post, then e-mail"),
    ("post,email,sms", "Post, then e-mail, then SMS"),
    ("post,sms,email", "Post, then SMS, then e-mail"),
]


class ResCompany(models.Model):
    """A cooperative running on the database; a union is a parent company (M-1)."""

    _inherit = "res.company"

    coop_registration_number = fields.Char(
        related="partner_id.coop_registration_number", readonly=False
    )
    coop_sector_id = fields.Many2one(
        related="partner_id.coop_sector_id", readonly=False
    )
    coop_region_id = fields.Many2one(
        related="partner_id.coop_region_id", readonly=False
    )
    coop_creation_date = fields.Date(
        related="partner_id.coop_creation_date", readonly=False
    )
    coop_is_union = fields.Boolean(
        string="Is a union",
        compute="_compute_coop_is_union",
        help="A union is a company whose member cooperatives are its branches.",
    )
    coop_member_count = fields.Integer(
        string="Members",
        compute="_compute_coop_member_count",
        help="Active members of the cooperative (of all its branches for a union).",
    )
    coop_share_unit_value = fields.Monetary(
        string="Share value",
        default=100.0,
        help="Nominal value of one share (part sociale), proposed on new memberships.",
    )
    coop_private_customers = fields.Boolean(
        string="Customers private to the cooperative",
        default=True,
        help="Customers created by a user of this cooperative belong to it and are "
        "never shown to the other cooperatives of the union.",
    )

    @api.depends("child_ids")
    def _compute_coop_is_union(self):
        for company in self:
            company.coop_is_union = bool(company.child_ids)

    def _compute_coop_member_count(self):
        counts = dict(
            self.env["coop.membership"]
            .sudo()
            ._read_group(
                [("state", "=", "active"), ("company_id", "child_of", self.ids)],
                ["company_id"],
                ["__count"],
            )
        )
        for company in self:
            company.coop_member_count = sum(
                count
                for branch, count in counts.items()
                if (branch.parent_path or "").startswith(
                    company.sudo().parent_path or "/"
                )
            )

    def action_open_coop_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_crm_base.action_coop_membership"
        )
        action["domain"] = [("company_id", "child_of", self.id)]
        action["context"] = {"search_default_active": 1}
        return action

    # M-5 segmentation settings --------------------------------------------------------
    coop_pareto_a_percent = fields.Float(
        string="Pareto class A (% of revenue)",
        default=80.0,
        help="Class A: the smallest set of customers that makes this share of the "
        "12-month revenue.",
    )
    coop_pareto_b_percent = fields.Float(
        string="Pareto class B (% of revenue)",
        default=15.0,
        help="Class B: the next customers making this further share of the revenue; "
        "the rest is class C.",
    )
    coop_lifecycle_new_days = fields.Integer(
        string="New customer (days)",
        default=90,
        help="A customer whose first purchase is at most this many days old is new.",
    )
    coop_lifecycle_loyal_orders = fields.Integer(
        string="Loyal customer (orders in 12 months)",
        default=4,
        help="A customer with at least this many orders in the last 12 months is "
        "loyal.",
    )
    coop_lifecycle_at_risk_days = fields.Integer(
        string="At risk after (days)",
        default=120,
        help="A customer whose last purchase is older than this is at risk.",
    )
    coop_lifecycle_lost_days = fields.Integer(
        string="Lost after (days)",
        default=365,
        help="A customer whose last purchase is older than this is lost.",
    )
    coop_survey_after_order = fields.Boolean(
        string="Satisfaction survey after orders",
        help="Send the satisfaction survey to consenting customers after their orders.",
    )
    coop_survey_trigger = fields.Selection(
        [("confirmed", "Confirmed order"), ("delivered", "Delivered order")],
        string="Survey after",
        default="delivered",
        required=True,
    )
    coop_survey_delay_days = fields.Integer(
        string="Survey delay (days)",
        default=2,
        help="Days between the order's confirmation and the survey.",
    )
    coop_satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction survey",
        default=lambda self: self.env.ref(
            "coop_crm_base.survey_coop_satisfaction", raise_if_not_found=False
        ),
    )
    coop_stats_date = fields.Datetime(
        string="Customer statistics computed on",
        readonly=True,
        copy=False,
    )
    coop_stats_reference_date = fields.Date(
        string="Customer statistics reference day",
        readonly=True,
        copy=False,
        help="Day up to which the customer statistics were last computed.",
    )

    @api.constrains(
        "coop_pareto_a_percent",
        "coop_pareto_b_percent",
        "coop_lifecycle_new_days",
        "coop_lifecycle_loyal_orders",
        "coop_lifecycle_at_risk_days",
        "coop_lifecycle_lost_days",
    )
    def _check_coop_segmentation_settings(self):
        for company in self:
            if (
                not 0 < company.coop_pareto_a_percent < 100
                or company.coop_pareto_b_percent < 0
                or company.coop_pareto_a_percent + company.coop_pareto_b_percent > 100
            ):
                raise ValidationError(
                    _(
                        "%(company)s: the Pareto shares must satisfy 0 < A < 100, B "
                        ">= 0 and A + B <= 100.",
                        company=company.name,
                    )
                )
            if (
                min(
                    company.coop_lifecycle_new_days,
                    company.coop_lifecycle_loyal_orders,
                    company.coop_lifecycle_at_risk_days,
                )
                < 1
                or company.coop_lifecycle_lost_days
                <= company.coop_lifecycle_at_risk_days
            ):
                raise ValidationError(
                    _(
                        "%(company)s: the lifecycle thresholds must be positive and "
                        "the 'lost' delay longer than the 'at risk' one.",
                        company=company.name,
                    )
                )

    @api.model
    def _coop_init_satisfaction_survey(self):
        """Give the default satisfaction survey to the companies that have none."""
        survey = self.env.ref(
            "coop_crm_base.survey_coop_satisfaction", raise_if_not_found=False
        )
        if survey:
            self.sudo().search([("coop_satisfaction_survey_id", "=", False)]).write(
                {"coop_satisfaction_survey_id": survey.id}
            )

    def _coop_stats_companies(self):
        """The cooperatives whose customers are scored: ``self`` and its branches."""
        return self.env["res.company"].sudo().search([("id", "child_of", self.ids)])

    def action_recompute_customer_stats(self):
        """Recompute behaviour, RFM, Pareto and lifecycle of the customers (M-4, M-5).

        Runs on the cooperatives of ``self`` (and their branches for a union), one
        grouped SQL statement for all of them; see
        :meth:`res.partner._coop_recompute_customer_stats`.
        """
        if not self.env.su and not self.env.user.has_group(
            "coop_crm_base.group_coop_manager"
        ):
            raise AccessError(
                _("Only a cooperative manager can recompute customer statistics.")
            )
        if not self.env.su:
            forbidden = self - self.env.user.company_ids
            if forbidden:
                raise AccessError(
                    _(
                        "You are not allowed to work for %(companies)s.",
                        companies=", ".join(forbidden.mapped("name")),
                    )
                )
        companies = self._coop_stats_companies()
        self.env["res.partner"]._coop_recompute_customer_stats(companies)
        self.env["coop.indicator"]._coop_refresh_indicators(companies)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Customer statistics and indicators recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_recompute_customer_stats(self):
        """Scheduled action: recompute every company's customers and indicators."""
        companies = self.sudo().search([])
        self.env["res.partner"].sudo()._coop_recompute_customer_stats(companies)
        self.env["coop.indicator"].sudo()._coop_refresh_indicators(companies)

    # ------------------------------------------------- channel of the messages
    coop_channel_order = fields.Selection(
        CHANNEL_ORDERS,
        string="Channel order",
        default="email,sms,post",
        required=True,
        help="The channel of a message to a person who has no preferred channel, or "
        "whose preferred channel cannot reach them: the first channel of this order "
        "the person consented to.",
    )
    coop_sms_unit_cost = fields.Monetary(
        string="Cost of an SMS",
        help="What the gateway charges for one SMS (one part of a long message): the "
        "SMS sent are counted and costed with it.",
    )
    coop_whatsapp_number = fields.Char(
        string="WhatsApp number",
        help="The cooperative's WhatsApp number, offered to customers as a "
        "click-to-chat link.",
    )
    coop_whatsapp_url = fields.Char(
        string="WhatsApp link", compute="_compute_coop_whatsapp_url"
    )

    @api.depends("coop_whatsapp_number")
    def _compute_coop_whatsapp_url(self):
        for company in self:
            digits = "".join(
                c for c in company.coop_whatsapp_number or "" if c.isdigit()
            )
            company.coop_whatsapp_url = digits and f"https://wa.me/{digits}"

    def _coop_whatsapp_sms(self):
        """The cooperative's click-to-chat link as an SMS gives it (X-7):
        " wa.me/<number>" (WhatsApp's own short address, without the scheme, to stay
        within the SMS's parts), or nothing when the cooperative has no WhatsApp
        number."""
        self.ensure_one()
        url = self.coop_whatsapp_url
        return f" {url.removeprefix('https://')}" if url else ""

    @api.constrains("coop_sms_unit_cost")
    def _check_coop_sms_unit_cost(self):
        for company in self:
            if company.coop_sms_unit_cost < 0:
                raise ValidationError(
                    _(
                        "%(company)s: the cost of an SMS cannot be negative.",
                        company=company.name,
                    )
                )

    @api.model
    def _coop_normalize_whatsapp(self, vals):
        number = vals.get("coop_whatsapp_number")
        if number:
            partner = self.env["res.partner"]
            country = self.env["res.country"]
            if vals.get("country_id"):
                country = country.browse(vals["country_id"])
            elif len(self) == 1:
                country = self.country_id
            vals["coop_whatsapp_number"] = partner._coop_normalize_phone(
                number, country, self._fields["coop_whatsapp_number"].string
            )
        return vals

    def write(self, vals):
        if vals.get("coop_whatsapp_number") and len(self) > 1:
            for company in self:
                company.write(dict(vals))
            return True
        self._coop_normalize_whatsapp(vals)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        """A cooperative's own partner is read by all its users (author of its e-mails,
        follower of its records): it is not kept private to the company of whoever
        created the cooperative, as new customers are (X-1)."""
        # the cooperative's WhatsApp number as Odoo stores phone numbers
        for vals in vals_list:
            self._coop_normalize_whatsapp(vals)
        # the partners Odoo would create (same values as base's res.company.create), but
        # without company from the start: addons that create records of the new company
        # in the same create (stock's warehouse, whose address is this partner) check
        # that partner's company at once
        missing = [
            vals
            for vals in vals_list
            if vals.get("name") and not vals.get("partner_id")
        ]
        if missing:
            Partner = self.env["res.partner"].with_context(default_parent_id=False)
            partners = Partner.create(
                [
                    {
                        "name": vals["name"],
                        "is_company": True,
                        "image_1920": vals.get("logo"),
                        "email": vals.get("email"),
                        "phone": vals.get("phone"),
                        "website": vals.get("website"),
                        "vat": vals.get("vat"),
                        "country_id": vals.get("country_id"),
                        "company_id": False,
                    }
                    for vals in missing
                ]
            )
            partners.flush_model()
            for vals, partner in zip(missing, partners, strict=True):
                vals["partner_id"] = partner.id
        return super().create(vals_list)
