from bisect import bisect_left
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, _lt, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

PHASES = [
    ("reception", "Reception"),
    ("registration", "Registration"),
    ("resolution", "Resolution"),
    ("closure", "Closure"),
    ("follow_up", "Follow-up"),
    ("exploitation", "Exploitation"),
]
PHASE_ORDER = {key: index for index, (key, _label) in enumerate(PHASES)}
OPEN_PHASES = ("reception", "registration", "resolution")
CLOSED_PHASES = ("closure", "follow_up", "exploitation")


CUSTOMER_MESSAGES = {
    # template: (subject, mail template, SMS template) of the message (C-2, X-7)
    "acknowledgement": (
        _lt("Claim acknowledgement"),
        "coop_claims.mail_template_claim_acknowledgement",
        "coop_claims.sms_template_claim_acknowledgement",
    ),
    "phase": (
        _lt("Claim progress"),
        "coop_claims.mail_template_claim_phase_change",
        "coop_claims.sms_template_claim_phase_change",
    ),
    "closure": (
        _lt("Claim closure"),
        "coop_claims.mail_template_claim_closure",
        "coop_claims.sms_template_claim_closure",
    ),
}


class CoopClaim(models.Model):
    """A customer's claim, moved through six phases (SPEC 3, C-1 to C-5)."""

    _name = "coop.claim"
    _description = "Customer claim"
    _inherit = [
        "portal.mixin",
        "rating.mixin",
        "coop.message.mixin",  # before mail.thread: it extends it
        "mail.thread",
        "mail.activity.mixin",
        "coop.transition.mixin",
    ]
    _order = "date_received desc, id desc"
    # the claim's followers (its responsible, the team) read what the customer is sent
    _coop_message_copy_followers = True
    _check_company_auto = True

    # X-6 (issue #14): the phase moves along this table only, through the action
    # methods; a write of ``phase`` (RPC, kanban drag, import) runs the action of its
    # edge.
    _coop_state_field = "phase"
    _coop_transitions = {
        ("reception", "registration"): (
            "action_register",
            "coop_claims.group_claims_user",
        ),
        ("registration", "resolution"): (
            "action_resolve",
            "coop_claims.group_claims_user",
        ),
        ("resolution", "closure"): ("action_close", "coop_claims.group_claims_user"),
        ("closure", "follow_up"): ("action_follow_up", "coop_claims.group_claims_user"),
        ("follow_up", "exploitation"): (
            "action_exploit",
            "coop_claims.group_claims_user",
        ),
        # reopening undoes a closure and its indicators: the claims manager's decision
        ("closure", "resolution"): (
            "action_reopen",
            "coop_claims.group_claims_manager",
        ),
        ("follow_up", "resolution"): (
            "action_reopen",
            "coop_claims.group_claims_manager",
        ),
        ("exploitation", "resolution"): (
            "action_reopen",
            "coop_claims.group_claims_manager",
        ),
    }
    _coop_initial_states = ("reception",)
    _coop_protected_fields = (
        "date_closed",
        "is_overdue",
        "date_deadline",
        "answered_in_time",
        "resolution_days",
        "survey_answer_id",
        "survey_url",
        "total_cost",
    )
    _rec_names_search = ["name", "partner_id.name", "subject"]
    _mail_post_access = "read"  # C-2: customers answer on their claim from the portal

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index=True,
    )
    subject = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    partner_email = fields.Char(related="partner_id.email")
    partner_phone = fields.Char(related="partner_id.phone")
    # issue #21: shown on the form when the customer has no landline
    partner_mobile = fields.Char(related="partner_id.mobile")
    channel = fields.Selection(
        [
            ("post", "Post"),
            ("phone", "Phone"),
            ("whatsapp", "WhatsApp"),
            ("email", "E-mail"),
            ("fax", "Fax"),
            ("web", "Web form"),
            ("social", "Social network"),
            ("in_person", "In person"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    date_received = fields.Datetime(
        string="Received on", required=True, default=fields.Datetime.now, tracking=True
    )
    date_deadline = fields.Date(
        string="Answer due",
        compute="_compute_date_deadline",
        store=True,
        tracking=True,
        help="Reception + the cooperative's answer delay in working days, on its "
        "working calendar (public holidays are the calendar's global leaves).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team", string="Team", tracking=True, check_company=True
    )
    description = fields.Html()
    attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Attachments",
        domain=[("res_model", "=", "coop.claim")],
    )
    phase = fields.Selection(
        PHASES,
        required=True,
        default="reception",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_group_expand_phase",
    )
    # registration (qualification)
    claim_type = fields.Selection(
        [
            ("good_faith", "Good faith"),
            ("bad_faith", "Bad faith"),
            ("seller_fault", "Seller's fault"),
        ],
        string="Type",
        tracking=True,
        groups="coop_claims.group_claims_user",
    )
    category_id = fields.Many2one(
        "coop.claim.category",
        string="Category",
        tracking=True,
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product", string="Product", check_company=True
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale order",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    region_id = fields.Many2one("coop.region", string="Region")
    city = fields.Char()
    severity = fields.Selection(
        [
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
        default="medium",
        tracking=True,
        groups="coop_claims.group_claims_user",
    )
    partner_claim_ids = fields.Many2many(
        "coop.claim",
        string="Customer's other claims",
        compute="_compute_partner_claims",
        groups="coop_claims.group_claims_user",
    )
    partner_claim_count = fields.Integer(
        compute="_compute_partner_claims", groups="coop_claims.group_claims_user"
    )
    partner_claim_flag = fields.Boolean(
        string="Frequent claimant",
        compute="_compute_partner_claim_flag",
        groups="coop_claims.group_claims_user",
        help="The customer's claims over the last 12 months pass the cooperative's "
        "count or share of orders.",
    )
    partner_claim_flag_reason = fields.Char(
        compute="_compute_partner_claim_flag", groups="coop_claims.group_claims_user"
    )
    # resolution
    compensation_ids = fields.One2many(
        "coop.claim.compensation", "claim_id", groups="coop_claims.group_claims_user"
    )
    total_cost = fields.Monetary(
        compute="_compute_total_cost",
        store=True,
        groups="coop_claims.group_claims_user",
        help="Cost of the claim: sum of its compensations, cancelled ones excepted.",
    )
    # closure
    # the answer is a draft until closure: the customer reads it in the portal page and
    # the closing letter once the claim is closed, never over RPC (issue #14)
    answer = fields.Html(
        help="Answer given to the customer.", groups="coop_claims.group_claims_user"
    )
    closing_condition = fields.Selection(
        [
            ("satisfied", "Customer satisfied"),
            ("compensated", "Compensation accepted"),
            ("explained", "Unfounded claim, explained to the customer"),
            ("no_reply", "No reply from the customer"),
        ],
        tracking=True,
        groups="coop_claims.group_claims_user",
    )
    date_closed = fields.Datetime(string="Closed on", readonly=True, copy=False)
    survey_answer_id = fields.Many2one(
        "survey.user_input",
        string="Satisfaction survey",
        readonly=True,
        copy=False,
        groups="survey.group_survey_user",
        help="Answer of the cooperative's satisfaction survey sent at closure.",
    )
    survey_url = fields.Char(
        string="Survey link",
        readonly=True,
        copy=False,
        help="Link to the satisfaction survey sent to the customer at closure.",
    )
    answered_in_time = fields.Boolean(
        compute="_compute_answered_in_time",
        store=True,
        help="Closed on or before its answer deadline.",
    )
    resolution_days = fields.Float(
        string="Resolution time (days)",
        compute="_compute_answered_in_time",
        store=True,
        aggregator="avg",
    )
    is_overdue = fields.Boolean(
        string="Overdue", readonly=True, copy=False, tracking=True
    )
    # exploitation
    root_cause = fields.Text(tracking=True, groups="coop_claims.group_claims_user")
    action_ids = fields.Many2many(
        "coop.claim.action",
        "coop_claim_action_claim_rel",
        "claim_id",
        "action_id",
        string="Improvement actions",
        check_company=True,
        groups="coop_claims.group_claims_user",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A claim reference must be unique per cooperative.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.model
    def _group_expand_phase(self, phases, domain):
        return [key for key, _label in PHASES]

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for claim in self:
            claim.access_url = f"/my/claims/{claim.id}"
        return res

    @api.depends(
        "date_received",
        "company_id.coop_claim_answer_days",
        "company_id.resource_calendar_id",
    )
    def _compute_date_deadline(self):
        # the deadline depends only on the cooperative and the local day of reception;
        # the working days of each calendar are computed once for all the claims
        received = []
        days_by_company = {}
        for claim in self:
            calendar, received_day = claim._coop_reception_day(
                claim.company_id, claim.date_received
            )
            received.append((claim, received_day))
            if calendar and received_day:
                days_by_company.setdefault((claim.company_id, calendar), set()).add(
                    received_day
                )
        deadlines = {}
        for (company, calendar), days in days_by_company.items():
            for day, deadline in self._coop_plan_deadlines(
                company, calendar, days
            ).items():
                deadlines[company.id, day] = deadline
        for claim, received_day in received:
            claim.date_deadline = deadlines.get(
                (claim.company_id.id, received_day), False
            )

    @api.model
    def _coop_plan_deadlines(self, company, calendar, days):
        """{day of reception: deadline} for a cooperative, as ``_coop_plan_deadline``
        gives it day by day, but with the calendar's work intervals (attendances minus
        leaves) read once over all the days instead of once per day (X-5).

        ``plan_days`` counts the distinct days on which a work interval starts, from the
        day after reception, and returns the end of the first interval of the N-th day.
        When the calendar has intervals near midnight (night shifts, where the day of an
        interval could depend on how plan_days cuts its 14-day windows), or when a day's
        N-th working day falls outside the period read, ``plan_days`` decides, day by
        day.
        """
        days = sorted(days)
        if not days:
            return {}
        count = company.coop_claim_answer_days or 5
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(days[0] + timedelta(days=1), time.min))
        stop = tz.localize(
            datetime.combine(days[-1] + timedelta(days=1 + 14 + 3 * count), time.min)
        )
        working_days = set()
        simple = True
        for begin, end, _meta in calendar._work_intervals_batch(start, stop)[False]:
            working_days.add(begin.date())
            if (
                begin.time() < time(2)
                or end.time() > time(22)
                or end.astimezone(tz).date() != begin.date()
            ):
                simple = False
                break
        if not simple:
            return {
                day: self._coop_plan_deadline(company, calendar, day) for day in days
            }
        working_days = sorted(working_days)
        deadlines = {}
        for day in days:
            index = bisect_left(working_days, day + timedelta(days=1)) + count - 1
            deadlines[day] = (
                working_days[index]
                if index < len(working_days)
                else self._coop_plan_deadline(company, calendar, day)
            )
        return deadlines

    @api.model
    def _coop_working_deadline(self, company, received):
        """C-1: the date of the N-th working day after the day of reception.

        N is the cooperative's ``coop_claim_answer_days`` (5 by default). Days are
        counted on the cooperative's working calendar with ``plan_days``, global leaves
        (public holidays, shipped for Morocco in data/) taken into account, starting the
        day after reception in the calendar's time zone.
        """
        calendar, received_day = self._coop_reception_day(company, received)
        return self._coop_plan_deadline(company, calendar, received_day)

    @api.model
    def _coop_reception_day(self, company, received):
        """The cooperative's working calendar and the day of reception in its time
        zone."""
        if not received or not company:
            return False, False
        calendar = company.resource_calendar_id or self.env.ref(
            "resource.resource_calendar_std", raise_if_not_found=False
        )
        if not calendar:
            return False, False
        calendar = calendar.sudo()
        tz = pytz.timezone(calendar.tz or "UTC")
        return calendar, pytz.utc.localize(received).astimezone(tz).date()

    @api.model
    def _coop_plan_deadline(self, company, calendar, received_day):
        if not calendar or not received_day:
            return False
        days = company.coop_claim_answer_days or 5
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(
            datetime.combine(received_day + timedelta(days=1), time.min)
        )
        end = calendar.plan_days(days, start, compute_leaves=True)
        return end.astimezone(tz).date() if end else False

    @api.depends("compensation_ids.cost", "compensation_ids.state")
    def _compute_total_cost(self):
        for claim in self:
            claim.total_cost = sum(
                claim.compensation_ids.filtered(lambda c: c.state != "cancel").mapped(
                    "cost"
                )
            )

    @api.depends("date_closed", "date_deadline", "date_received")
    def _compute_answered_in_time(self):
        """Closed on or before the deadline, in the cooperative's calendar time zone."""
        for claim in self:
            if claim.date_closed and claim.date_received:
                delta = claim.date_closed - claim.date_received
                claim.resolution_days = round(delta.total_seconds() / 86400.0, 2)
                tz = pytz.timezone(claim.company_id.resource_calendar_id.tz or "UTC")
                closed_day = pytz.utc.localize(claim.date_closed).astimezone(tz).date()
                claim.answered_in_time = bool(
                    claim.date_deadline and closed_day <= claim.date_deadline
                )
            else:
                claim.resolution_days = 0.0
                claim.answered_in_time = False

    @api.depends("partner_id", "company_id")
    @api.depends_context("uid")
    def _compute_partner_claims(self):
        for claim in self:
            if not claim.commercial_partner_id:
                claim.partner_claim_ids = False
                claim.partner_claim_count = 0
                continue
            others = self.search(
                [
                    ("commercial_partner_id", "=", claim.commercial_partner_id.id),
                    ("id", "not in", claim._origin.ids),
                ]
            )
            claim.partner_claim_ids = others
            claim.partner_claim_count = len(others)

    @api.depends("partner_id", "company_id")
    def _compute_partner_claim_flag(self):
        for claim in self:
            partner = claim.commercial_partner_id
            if not partner or not claim.company_id:
                claim.partner_claim_flag = False
                claim.partner_claim_flag_reason = False
                continue
            info = partner._coop_claim_flag_info(claim.company_id)[partner.id]
            claim.partner_claim_flag = info["flag"]
            claim.partner_claim_flag_reason = info["reason"]

    # ------------------------------------------------------------------ ORM
    @api.model
    def _coop_claim_sequence(self, company):
        """The claim sequence of a cooperative, created on first use.

        X-9, issue #21: a claim whose creation fails (and is rolled back) does not
        consume its number: the sequence is ``no_gap`` (its counter is a row of the
        transaction, not a PostgreSQL sequence, whose numbers are never given back). A
        sequence made ``standard`` by an earlier version is switched at its first use,
        keeping its next number (Odoo's write would otherwise restart from the stored
        ``number_next``)."""
        return self.env["ir.sequence"]._coop_company_sequence(
            "coop.claim", company, _("Claims of %s", company.name), "CLM/%(year)s/"
        )

    @api.constrains("sale_order_id", "partner_id")
    def _check_coop_sale_order(self):
        """X-1, C-1 (issue #16): the sale order is one of the claim's customer's (its
        company is checked by check_company); a client could send any order's id, the
        view's domain is no rule."""
        for claim in self.filtered("sale_order_id"):
            order = claim.sudo().sale_order_id
            buyer = order.partner_id.commercial_partner_id
            if buyer != claim.partner_id.commercial_partner_id:
                raise ValidationError(
                    _(
                        "Claim %(claim)s: order %(order)s is not one of "
                        "%(customer)s's.",
                        claim=claim.name,
                        order=order.name,
                        customer=claim.partner_id.display_name,
                    )
                )

    def _coop_check_customers(self, vals_list):
        """X-1, X-6 (issue #14): a claim of a cooperative is for one of its customers
        (or a customer shared at union level); checked before Odoo's company check."""
        Company = self.env["res.company"]
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                company = Company.browse(vals.get("company_id")) or self.env.company
                Partner.browse(vals["partner_id"])._coop_check_customer_for(
                    company, _("claim")
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._coop_check_customers(vals_list)
        Company = self.env["res.company"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = Company.browse(vals.get("company_id")) or self.env.company
                received = vals.get("date_received")
                sequence_date = (
                    fields.Datetime.to_datetime(received) if received else None
                )
                vals["name"] = (
                    self._coop_claim_sequence(company)
                    .with_context(
                        ir_sequence_date=sequence_date and sequence_date.date()
                    )
                    .next_by_id()
                )
        claims = super().create(vals_list)
        claims._coop_post_template("acknowledgement")
        return claims

    @api.ondelete(at_uninstall=False)
    def _unlink_except_granted_compensation(self):
        """Issue #14: a claim whose compensation was granted keeps its record (the
        database would delete its compensations with it)."""
        granted = self.sudo().compensation_ids.filtered(lambda c: c.state == "done")
        if granted:
            raise UserError(
                _(
                    "Claim %(claim)s has a granted compensation: it cannot be deleted.",
                    claim=granted[0].claim_id.name,
                )
            )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A claim received by e-mail (channel e-mail): the sender is the customer.

        The cooperative comes from the alias defaults (``company_id``) or the current
        company; an unknown sender becomes a customer of that cooperative."""
        values = dict(custom_values or {})
        company = (
            self.env["res.company"].browse(values.get("company_id")) or self.env.company
        )
        values.update(
            {
                "name": "/",
                "company_id": company.id,
                "channel": values.get("channel") or "email",
                "subject": (msg_dict.get("subject") or "").strip()[:200]
                or _("Claim by e-mail"),
            }
        )
        values.setdefault("description", msg_dict.get("body"))
        values.setdefault("user_id", False)
        if not values.get("partner_id"):
            partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
            if partner.company_id and partner.company_id != company:
                partner = partner.browse()  # a customer of another cooperative
            email = tools.email_normalize(msg_dict.get("email_from") or "")
            if not partner and email:
                Partner = self.env["res.partner"].sudo()
                partner = Partner.search(
                    [
                        ("email_normalized", "=", email),
                        ("company_id", "in", [company.id, False]),
                    ],
                    limit=1,
                ) or Partner.create(
                    {
                        "name": tools.parse_contact_from_email(msg_dict["email_from"])[
                            0
                        ]
                        or email,
                        "email": email,
                        "company_id": company.id,
                    }
                )
            values["partner_id"] = partner.id
        return super().message_new(msg_dict, custom_values=values)

    def write(self, vals):
        if "partner_id" in vals or "company_id" in vals:
            self._coop_check_customers(
                [
                    {
                        "partner_id": vals.get("partner_id", claim.partner_id.id),
                        "company_id": vals.get("company_id", claim.company_id.id),
                    }
                    for claim in self
                ]
            )
        if (
            self.env.su
            and not self._coop_in_transition()
            and set(vals) == {"date_closed"}
            and vals["date_closed"]
            and all(claim.phase in CLOSED_PHASES for claim in self)
        ):
            # server code only (demo data, an import of past claims): the closing date
            # of claims already closed, backdated; no client is superuser
            return super(CoopClaim, self._coop_with_transition()).write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ mails
    def _coop_post_template(self, message):
        """Inform the customer of the claims on their channel (C-2, X-7): e-mail, SMS,
        a letter to post, or a note saying why nothing was sent."""
        subject, mail_xmlid, sms_xmlid = CUSTOMER_MESSAGES[message]
        for claim in self.filtered("partner_id"):
            claim._coop_send_to_person(
                claim.partner_id,
                str(subject),
                mail_template=mail_xmlid,
                sms_template=sms_xmlid,
            )

    def _coop_message_consented(self, partner):
        """A claim received by e-mail is answered by e-mail, and one sent from the web
        form on the e-mail address and the phone number given on it ("we answer you
        there"), whatever the customer's consents to marketing (X-7)."""
        return {"email": ("email",), "web": ("email", "sms")}.get(self.channel, ())

    def _coop_short_url(self):
        """The claim's portal page as a short link, for SMS (X-7)."""
        self.ensure_one()
        return self.env["coop.short.link"]._coop_shorten(self.sudo())

    # ------------------------------------------------------------------ transitions
    def _coop_check_phase(self, phases, action_label):
        wrong = self.filtered(lambda c: c.phase not in phases)
        if wrong:
            labels = dict(PHASES)
            raise UserError(
                _(
                    "%(action)s is only possible from the phase(s) %(expected)s; "
                    "%(claims)s is in another phase (%(phase)s).",
                    action=action_label,
                    expected=", ".join(labels[p] for p in phases),
                    claims=wrong[0].name,
                    phase=labels[wrong[0].phase],
                )
            )

    def _coop_require(self, checks, action_label):
        """Raise a UserError naming every missing field of the first incomplete claim.

        ``checks``: list of (label, function of a claim returning a truthy value)."""
        for claim in self:
            missing = [label for label, check in checks if not check(claim)]
            if missing:
                raise UserError(
                    _(
                        "%(action)s of claim %(claim)s is refused; missing: "
                        "%(missing)s.",
                        action=action_label,
                        claim=claim.name,
                        missing=", ".join(missing),
                    )
                )

    def _coop_set_phase(self, phase, vals=None, template="phase"):
        """Move the claims along the transition table (X-6), then inform the
        customer."""
        self._coop_transition(phase, vals)
        self._coop_post_template(template)
        return True

    def action_register(self):
        """Reception -> registration: needs a type and a category."""
        self._coop_check_phase(("reception",), _("Registration"))
        self._coop_require(
            [
                (_("Type"), lambda c: c.claim_type),
                (_("Category"), lambda c: c.category_id),
            ],
            _("Registration"),
        )
        return self._coop_set_phase("registration")

    def action_resolve(self):
        """Registration -> resolution: needs a responsible or a team to send it to."""
        self._coop_check_phase(("registration",), _("Resolution"))
        self._coop_require(
            [
                (_("Responsible or Team"), lambda c: c.user_id or c.team_id),
            ],
            _("Resolution"),
        )
        return self._coop_set_phase("resolution")

    def action_close(self):
        """Resolution -> closure: needs a closing condition and an answer."""
        self._coop_check_phase(("resolution",), _("Closure"))
        self._coop_require(
            [
                (_("Closing condition"), lambda c: c.closing_condition),
                (_("Answer"), lambda c: html2plaintext(c.answer or "").strip()),
            ],
            _("Closure"),
        )
        self.activity_unlink(["coop_claims.mail_activity_type_claim_overdue"])
        self._coop_create_survey_answers()
        return self._coop_set_phase(
            "closure",
            {"date_closed": fields.Datetime.now(), "is_overdue": False},
            template="closure",
        )

    def _coop_create_survey_answers(self):
        """Closure: an answer of the cooperative's satisfaction survey (coop_crm_base,
        M-7) for the customer, linked in the closing mail next to the rating links."""
        for claim in self.sudo().filtered(
            lambda c: not c.survey_answer_id and c.partner_id
        ):
            survey = claim.company_id.coop_satisfaction_survey_id
            if not survey:
                continue
            answer = survey._create_answer(
                partner=claim.partner_id,
                check_attempts=False,
                coop_company_id=claim.company_id.id,
            )
            claim._coop_with_transition().write(
                {
                    "survey_answer_id": answer.id,
                    "survey_url": claim.get_base_url() + answer.get_start_url(),
                }
            )

    def action_follow_up(self):
        """Closure -> follow-up: the closed claim feeds the indicators."""
        self._coop_check_phase(("closure",), _("Follow-up"))
        return self._coop_set_phase("follow_up")

    def action_exploit(self):
        """Follow-up -> exploitation: needs the root cause, for improvement actions."""
        self._coop_check_phase(("follow_up",), _("Exploitation"))
        self._coop_require(
            [(_("Root cause"), lambda c: c.root_cause)], _("Exploitation")
        )
        return self._coop_set_phase("exploitation")

    def action_reopen(self):
        """Closure, follow-up or exploitation -> resolution (the only way back)."""
        self._coop_check_phase(CLOSED_PHASES, _("Reopening"))
        return self._coop_set_phase(
            "resolution", {"date_closed": False, "closing_condition": False}
        )

    # ------------------------------------------------------------------ buttons
    def action_view_partner_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_claims.action_coop_claim"
        )
        action["domain"] = [("id", "in", self.partner_claim_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_view_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Attachments"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    def action_propose_improvement(self):
        """Exploitation: propose an improvement action linking the similar claims."""
        self.ensure_one()
        similar = self._coop_similar_claims()
        action = self.env["coop.claim.action"].create(
            {
                "name": _("Prevent: %s", self.category_id.name or self.subject),
                "action_type": "preventive",
                "root_cause": self.root_cause,
                "category_id": self.category_id.id,
                "product_id": self.product_id.id,
                "company_id": self.company_id.id,
                "claim_ids": [(6, 0, (similar | self).ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "coop.claim.action",
            "res_id": action.id,
            "view_mode": "form",
        }

    def _coop_similar_claims(self):
        """Claims of the last 12 months with the same category and product (C-3)."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("category_id", "=", self.category_id.id),
            ("date_received", ">=", fields.Datetime.now() - relativedelta(months=12)),
        ]
        if self.product_id:
            domain.append(("product_id", "=", self.product_id.id))
        return self.search(domain)

    # ------------------------------------------------------------------ cron (C-1)
    @api.model
    def _cron_flag_overdue(self):
        """C-1: flag open claims past their deadline and escalate them once.

        Each overdue claim gets one "Claim overdue" activity for its responsible and one
        for their manager (the team leader, else the cooperative's escalation manager);
        running again adds nothing that already exists.
        """
        today = fields.Date.context_today(self)
        claims = self.search(
            [
                ("phase", "in", OPEN_PHASES),
                ("date_deadline", "<", today),
            ]
        )
        if not claims:
            return True
        claims.filtered(lambda c: not c.is_overdue)._coop_with_transition().write(
            {"is_overdue": True}
        )
        activity_type = self.env.ref("coop_claims.mail_activity_type_claim_overdue")
        Activity = self.env["mail.activity"].sudo()
        existing = {
            (activity.res_id, activity.user_id.id)
            for activity in Activity.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", claims.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for claim in claims:
            manager = claim.team_id.user_id
            if not manager or manager == claim.user_id:
                manager = claim.company_id.coop_claim_escalation_user_id
            for user, note in (
                (
                    claim.user_id,
                    _("Claim %s is overdue: answer the customer.", claim.name),
                ),
                (manager, _("Claim %s of your team is overdue.", claim.name)),
            ):
                if not user or (claim.id, user.id) in existing:
                    continue
                existing.add((claim.id, user.id))
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": claim.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": _("Overdue claim"),
                        "note": note,
                        "date_deadline": today,
                        "automated": True,
                    }
                )
        if vals_list:
            Activity.create(vals_list)
        return True
