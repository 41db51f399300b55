import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.phone_validation.tools import phone_validation

_logger = logging.getLogger(__name__)

try:
    import phonenumbers
except ImportError:  # pragma: no cover - declared in external_dependencies
    phonenumbers = None

CONSENT_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("phone", "Phone"),
    ("whatsapp", "WhatsApp"),
    ("post", "Post"),
]
COOP_PHONE_FIELDS = ("phone", "mobile")


class ResPartner(models.Model):
    """Customer file (M-3), directory cooperatives (M-1) and membership (M-2)."""

    _name = "res.partner"
    _inherit = ["res.partner", "coop.identity.mixin"]

    company_id = fields.Many2one(default=lambda self: self._default_coop_company())

    # M-1 directory cooperatives -------------------------------------------------
    is_cooperative = fields.Boolean(
        string="Is a cooperative",
        help="A cooperative known from a directory, not necessarily running on this "
        "database.",
    )
    coop_declared_member_count = fields.Integer(
        string="Declared members",
        help="Number of members declared by a directory cooperative.",
    )

    # M-2 membership ---------------------------------------------------------------
    coop_membership_ids = fields.One2many(
        "coop.membership", "partner_id", string="Memberships"
    )
    coop_membership_count = fields.Integer(compute="_compute_coop_membership")
    coop_member_state = fields.Selection(
        selection=lambda self: self.env["coop.membership"]._fields["state"].selection,
        string="Membership state",
        compute="_compute_coop_membership",
        help="State of the membership in the current cooperative.",
    )
    is_coop_member = fields.Boolean(
        string="Active member",
        compute="_compute_coop_membership",
        search="_search_is_coop_member",
        help="Active member of the current cooperative.",
    )

    # M-3 customer file --------------------------------------------------------------
    coop_customer_type = fields.Selection(
        [("individual", "Individual"), ("business", "Business")],
        string="Customer type",
        compute="_compute_coop_customer_type",
        store=True,
        readonly=False,
    )
    coop_profession = fields.Char(string="Profession")
    coop_household_size = fields.Integer(string="Household size")
    coop_income_band = fields.Selection(
        [
            ("low", "Low"),
            ("lower_middle", "Lower middle"),
            ("upper_middle", "Upper middle"),
            ("high", "High"),
        ],
        string="Income band",
    )
    coop_housing_type = fields.Selection(
        [
            ("owner", "Owner"),
            ("tenant", "Tenant"),
            ("family", "Lodged by family"),
            ("other", "Other"),
        ],
        string="Housing type",
    )
    coop_business_size = fields.Selection(
        [
            ("micro", "Micro (under 10 people)"),
            ("small", "Small (10 to 49)"),
            ("medium", "Medium (50 to 249)"),
            ("large", "Large (250 and more)"),
        ],
        string="Business size",
    )
    coop_preferred_channel = fields.Selection(
        CONSENT_CHANNELS, string="Preferred channel", tracking=True
    )
    coop_consent_email = fields.Boolean("Consent: email", tracking=True)
    coop_consent_email_date = fields.Date(
        "Email consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_sms = fields.Boolean("Consent: SMS", tracking=True)
    coop_consent_sms_date = fields.Date(
        "SMS consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_phone = fields.Boolean("Consent: phone", tracking=True)
    coop_consent_phone_date = fields.Date(
        "Phone consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_whatsapp = fields.Boolean("Consent: WhatsApp", tracking=True)
    coop_consent_whatsapp_date = fields.Date(
        "WhatsApp consent date",
        help="Date the consent was given or withdrawn.",
    )
    coop_consent_post = fields.Boolean("Consent: post", tracking=True)
    coop_consent_post_date = fields.Date(
        "Post consent date",
        help="Date the consent was given or withdrawn.",
    )

    @api.constrains("coop_household_size")
    def _check_coop_household_size(self):
        for partner in self:
            if partner.coop_household_size < 0:
                raise ValidationError(
                    _(
                        "%(partner)s: the household size cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    @api.model
    def _default_coop_company(self):
        company = self.env.company
        if company.coop_private_customers and self.env.user.has_group(
            "coop_crm_base.group_coop_user"
        ):
            return company
        return False

    # ------------------------------------------------------------------ computes
    @api.depends("is_company")
    def _compute_coop_customer_type(self):
        for partner in self:
            partner.coop_customer_type = (
                "business" if partner.is_company else "individual"
            )

    @api.depends_context("company")
    @api.depends("coop_membership_ids.state", "coop_membership_ids.company_id")
    def _compute_coop_membership(self):
        company = self.env.company
        for partner in self:
            memberships = partner.coop_membership_ids
            current = (
                memberships.filtered(
                    lambda m: m.company_id == company
                    and m.state in ("candidate", "active", "suspended")
                )[:1]
                or memberships.filtered(lambda m: m.company_id == company)[:1]
            )
            partner.coop_membership_count = len(memberships)
            partner.coop_member_state = current.state
            partner.is_coop_member = current.state == "active"

    def _search_is_coop_member(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Operation not supported"))
        positive = (operator == "=") == bool(value)
        subquery = (
            self.env["coop.membership"]
            ._search(
                [("state", "=", "active"), ("company_id", "=", self.env.company.id)]
            )
            .subselect("partner_id")
        )
        return [("id", "in" if positive else "not in", subquery)]

    # ------------------------------------------------------------------ phones
    @api.model
    def _coop_normalize_phone(self, number, country, field_label):
        """Return ``number`` in E.164, or raise a ValidationError naming the field.

        Numbers without a country prefix are read in the partner's country, or
        Morocco when it has none (``06…``, ``07…``, ``05…``, ``+212…``, ``00212…``).
        """
        if not number or not phonenumbers:
            return number
        country = country or self.env.ref("base.ma")
        raw = number.strip()
        if raw.startswith("00"):
            raw = "+" + raw[2:]
        try:
            parsed = phone_validation.phone_parse(raw, country.code)
            valid = phonenumbers.is_valid_number(parsed)
        except Exception:  # UserError from phone_parse, parse errors
            # never log the number itself: logs must hold no personal data (M-9)
            _logger.debug("a phone number could not be parsed")
            valid = False
        # data files of other addons (e.g. event's demo "+1 418 123 4567") load as they
        # are: the check is for people, imports and the API, not for Odoo's own data.
        # Only while the registry loads modules (not ready: no request is served then),
        # as superuser (data files) and for a data file of another addon: the context
        # key alone, which any client can send, relaxes nothing (X-6, issue #14).
        if not valid and self._coop_loading_foreign_data():
            return number
        if not valid:
            raise ValidationError(
                _(
                    "%(field)s: %(value)s is not a valid phone number. Use a national "
                    "form such as 0612345678 or an international one such as "
                    "+212612345678.",
                    field=field_label,
                    value=number,
                )
            )
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    def _coop_loading_foreign_data(self):
        """True while the data files of an addon that is not of the suite are loaded."""
        installing = self.env.context.get("install_module") or ""
        return (
            not self.env.registry.ready
            and self.env.su
            and bool(installing)
            and not installing.startswith("coop_")
        )

    def _coop_prepare_phone_vals(self, vals):
        """Normalise the phone fields of ``vals`` in place (create and write)."""
        for fname in COOP_PHONE_FIELDS:
            if vals.get(fname):
                country = (
                    self.env["res.country"].browse(vals["country_id"])
                    if vals.get("country_id")
                    else self[:1].country_id
                )
                label = self._fields[fname].get_description(self.env)["string"]
                vals[fname] = self._coop_normalize_phone(vals[fname], country, label)
        return vals

    def _coop_stamp_consent_dates(self, vals):
        """Date each consent given or withdrawn in ``vals`` (unless a date is given)."""
        today = fields.Date.context_today(self)
        for code, _label in CONSENT_CHANNELS:
            fname, date_fname = f"coop_consent_{code}", f"coop_consent_{code}_date"
            if fname not in vals or date_fname in vals:
                continue
            if not self:  # creation: date a consent that is given
                if vals[fname]:
                    vals[date_fname] = today
            elif any(bool(p[fname]) != bool(vals[fname]) for p in self):
                vals[date_fname] = today
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_prepare_phone_vals(vals)
            self._coop_stamp_consent_dates(vals)
        return super().create(vals_list)

    def _coop_check_identity_write(self):
        """A cooperative's own partner (its name, address, logo and the identity fields
        of ``coop.identity.mixin``) is edited only by the users of that cooperative, the
        managers of its union, and the settings administrators (who may give themselves
        any company anyway): not by the users of another cooperative, to whom Odoo shows
        the companies' partners (X-1, issue #14)."""
        if self.env.su or not any(partner.is_company for partner in self):
            return
        user = self.env.user
        if user.has_group("base.group_erp_manager"):
            return
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", self.ids)])
        )
        union_manager = user.has_group("coop_crm_base.group_union_manager")
        for company in companies:
            if company in user.company_ids:
                continue
            if union_manager and company.parent_ids & user.company_ids:
                continue
            raise AccessError(
                _(
                    "Only the users of a cooperative and the managers of its union "
                    "can change its name, address and identity."
                )
            )

    def write(self, vals):
        self._coop_check_identity_write()
        if (
            any(vals.get(fname) for fname in COOP_PHONE_FIELDS)
            and "country_id" not in vals
        ):
            # the country may differ per partner: normalise partner by partner
            by_country = self.grouped("country_id")
            if len(by_country) > 1:
                for partners in by_country.values():
                    partners.write(dict(vals))
                return True
        self._coop_prepare_phone_vals(vals)
        self._coop_stamp_consent_dates(vals)
        return super().write(vals)
