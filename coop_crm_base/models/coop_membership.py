from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

OPEN_STATES = ("candidate", "active", "suspended")
# allowed transitions: action -> (states it starts from, state it leads to)
TRANSITIONS = {
    "admit": (("candidate",), "active"),
    "suspend": (("active",), "suspended"),
    "reactivate": (("suspended",), "active"),
    "resign": (("candidate", "active", "suspended"), "resigned"),
    "exclude": (("active", "suspended"), "excluded"),
}


class CoopMembership(models.Model):
    """Membership of a partner in a cooperative (M-2).

    Life cycle: ``candidate -> active -> suspended -> resigned | excluded``.
    Admission and exit are explicit actions; suspension, resignation and
    exclusion carry a reason that is logged in the chatter.

    The life cycle is held by the model (X-6, issue #14): ``coop.transition.mixin``
    routes a plain write of ``state`` (JSON-RPC, kanban drag, import) to the action of
    the edge, a new membership is a candidate, and the number, dates and reason of
    admission and exit are written by the actions only.
    """

    _name = "coop.membership"
    _description = "Cooperative membership"
    _inherit = [
        "coop.message.mixin",  # before mail.thread: it extends it
        "mail.thread",
        "mail.activity.mixin",
        "coop.transition.mixin",
    ]
    _order = "company_id, number, id desc"
    _rec_names_search = ["number", "partner_id"]
    _check_company_auto = True

    # the transition table; the groups are those the actions always asked for
    _coop_state_field = "state"
    _coop_transitions = {
        ("candidate", "active"): ("action_admit", "coop_crm_base.group_coop_manager"),
        ("active", "suspended"): ("action_suspend", None),
        ("suspended", "active"): ("action_reactivate", None),
        ("candidate", "resigned"): ("action_resign", None),
        ("active", "resigned"): ("action_resign", None),
        ("suspended", "resigned"): ("action_resign", None),
        ("active", "excluded"): ("action_exclude", "coop_crm_base.group_coop_manager"),
        ("suspended", "excluded"): (
            "action_exclude",
            "coop_crm_base.group_coop_manager",
        ),
    }
    _coop_initial_states = ("candidate",)
    _coop_protected_fields = (
        "number",
        "date_admission",
        "date_exit",
        "exit_reason",
        "board_decision_date",
        "board_decision_ref",
        "status",
    )

    name = fields.Char(compute="_compute_name", store=True)
    number = fields.Char(
        string="Membership number",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Given at admission, from the cooperative's own sequence.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("candidate", "Candidate"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("resigned", "Resigned"),
            ("excluded", "Excluded"),
        ],
        default="candidate",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_application = fields.Date(
        string="Application date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_admission = fields.Date(
        string="Admission date", readonly=True, copy=False, tracking=True
    )
    status = fields.Selection(
        [
            ("candidate", "Candidate"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("withdrawn", "Application withdrawn"),
            ("resigned", "Resigned"),
            ("excluded", "Excluded"),
        ],
        compute="_compute_status",
        store=True,
        index=True,
        readonly=True,
        help="The state as staff read it: a candidate who leaves before admission has "
        "withdrawn their application; a member who leaves has resigned. Technically "
        "both are in the state 'resigned'.",
    )
    board_decision_date = fields.Date(
        string="Board decision date",
        readonly=True,
        copy=False,
        tracking=True,
        help="Date of the board meeting that admitted the member; recorded by the "
        "admission.",
    )
    board_decision_ref = fields.Char(
        string="Board decision reference",
        readonly=True,
        copy=False,
        tracking=True,
        help="Reference of the board's decision (minutes number), recorded by the "
        "admission.",
    )
    date_exit = fields.Date(
        string="Exit date", readonly=True, copy=False, tracking=True
    )
    exit_reason = fields.Text(string="Reason", readonly=True, copy=False, tracking=True)
    share_count = fields.Integer(string="Shares subscribed", tracking=True)
    share_paid_count = fields.Integer(string="Shares paid", tracking=True)
    share_unit_value = fields.Monetary(
        string="Share value",
        default=lambda self: self.env.company.coop_share_unit_value,
        tracking=True,
    )
    share_amount = fields.Monetary(
        string="Subscribed amount", compute="_compute_share_amounts", store=True
    )
    share_paid_amount = fields.Monetary(
        string="Paid amount", compute="_compute_share_amounts", store=True
    )
    share_due_amount = fields.Monetary(
        string="Amount due", compute="_compute_share_amounts", store=True
    )
    coop_sector_id = fields.Many2one(
        related="company_id.coop_sector_id", string="Sector", store=True
    )
    coop_region_id = fields.Many2one(
        related="company_id.coop_region_id", string="Region", store=True
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique(company_id, number)",
            "A membership number must be unique within a cooperative.",
        ),
    ]

    def init(self):
        # one open membership per partner and cooperative, even under concurrency
        self.env.cr.execute(
            SQL(
                """
            CREATE UNIQUE INDEX IF NOT EXISTS %s
                ON %s (partner_id, company_id)
             WHERE state IN ('candidate', 'active', 'suspended') AND active
            """,
                SQL.identifier("coop_membership_open_uniq"),
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------ computes
    @api.depends("number", "partner_id.name")
    def _compute_name(self):
        for membership in self:
            parts = [membership.number, membership.partner_id.name]
            membership.name = " - ".join(p for p in parts if p) or _("New membership")

    @api.depends("state", "date_admission")
    def _compute_status(self):
        for membership in self:
            membership.status = (
                "withdrawn"
                if membership.state == "resigned" and not membership.date_admission
                else membership.state
            )

    @api.depends("share_count", "share_paid_count", "share_unit_value")
    def _compute_share_amounts(self):
        for membership in self:
            membership.share_amount = (
                membership.share_count * membership.share_unit_value
            )
            membership.share_paid_amount = (
                membership.share_paid_count * membership.share_unit_value
            )
            membership.share_due_amount = (
                membership.share_amount - membership.share_paid_amount
            )

    # ------------------------------------------------------------------ constraints
    @api.model
    def _check_share_numbers(self, member, count, paid, unit_value):
        """Shares and amounts are never negative, and never more paid than
        subscribed."""
        if (count or 0) < 0 or (paid or 0) < 0:
            raise ValidationError(
                _("%(member)s: a number of shares cannot be negative.", member=member)
            )
        if (unit_value or 0) < 0:
            raise ValidationError(
                _("%(member)s: the value of a share cannot be negative.", member=member)
            )
        if (paid or 0) > (count or 0):
            raise ValidationError(
                _(
                    "%(member)s: %(paid)s shares paid but only %(count)s subscribed.",
                    member=member,
                    paid=paid,
                    count=count,
                )
            )

    @api.constrains("share_count", "share_paid_count", "share_unit_value")
    def _check_shares(self):
        for membership in self:
            self._check_share_numbers(
                membership.partner_id.display_name,
                membership.share_count,
                membership.share_paid_count,
                membership.share_unit_value,
            )

    @api.constrains("date_application", "date_admission", "date_exit")
    def _check_dates(self):
        for membership in self:
            membership._check_dates_values(
                membership.date_application,
                membership.date_admission,
                membership.date_exit,
            )

    def _check_dates_values(self, application, admission=None, exit_date=None):
        for membership in self:
            if admission and application and admission < application:
                raise ValidationError(
                    _(
                        "%(member)s: the admission date cannot be before the "
                        "application date.",
                        member=membership.partner_id.display_name,
                    )
                )
            if exit_date and (exit_date < (admission or application)):
                raise ValidationError(
                    _(
                        "%(member)s: the exit date cannot be before the admission or "
                        "application date.",
                        member=membership.partner_id.display_name,
                    )
                )

    def _check_no_open_duplicate(self, pairs):
        """Refuse a second membership in progress for a (partner, cooperative) pair.

        Checked before anything is written, so that the error is a clear
        ValidationError; the partial unique index of ``init`` guards against
        concurrent transactions. The message names the partner and the cooperative only
        to a user who may read them (X-1, issue #14): a membership in progress of a
        cooperative the user does not work for is not revealed, the user gets the
        AccessError the record rules would give.
        """
        pairs = [pair for pair in pairs if all(pair)]
        if not pairs:
            return
        existing = self.browse()
        if len(set(pairs)) < len(pairs):
            partner_id, company_id = next(p for p in pairs if pairs.count(p) > 1)
        else:
            self.env.cr.execute(
                SQL(
                    """
                SELECT id, partner_id, company_id FROM coop_membership
                 WHERE (partner_id, company_id) IN %s AND state IN %s AND active
                   AND NOT id = ANY(%s)
                 LIMIT 1
                """,
                    tuple(pairs),
                    OPEN_STATES,
                    self.ids or [0],
                )
            )
            row = self.env.cr.fetchone()
            if not row:
                return
            existing = self.browse(row[0])
            partner_id, company_id = row[1:]
        partner = self.env["res.partner"].browse(partner_id)
        company = self.env["res.company"].browse(company_id)
        if not self.env.su:
            readable = (
                existing.has_access("read")
                if existing
                else (
                    company in self.env.user.company_ids and partner.has_access("read")
                )
            )
            if not readable:
                raise AccessError(
                    _(
                        "You are not allowed to create or change the memberships of "
                        "this cooperative."
                    )
                )
        raise ValidationError(
            _(
                "%(partner)s already has a membership in progress in %(company)s.",
                partner=partner.sudo().display_name,
                company=company.sudo().display_name,
            )
        )

    def _check_customers(self, vals_list):
        """The one check of a customer's cooperative (X-1, issue #14), before Odoo's
        company check and before anything else reads the partner: a customer of another
        cooperative is refused with a message that names their cooperative to whoever
        may read them, and names nothing to the others."""
        Partner, Company = self.env["res.partner"], self.env["res.company"]
        for vals, membership in vals_list:
            partner = Partner.browse(vals.get("partner_id")) or membership.partner_id
            company = Company.browse(vals.get("company_id")) or membership.company_id
            if partner:
                partner._coop_check_customer_for(company, _("membership"))

    @api.model_create_multi
    def create(self, vals_list):
        if any(not vals.get("company_id") for vals in vals_list):
            default_company = self.default_get(["company_id"]).get("company_id")
            vals_list = [
                dict(vals, company_id=vals.get("company_id") or default_company)
                for vals in vals_list
            ]
        self._check_customers([(vals, self.browse()) for vals in vals_list])
        self.flush_model(["partner_id", "company_id", "state", "active"])
        self._check_no_open_duplicate(
            [
                (vals.get("partner_id"), vals.get("company_id"))
                for vals in vals_list
                if vals.get("state", "candidate") in OPEN_STATES
                and vals.get("active", True)
            ]
        )
        for vals in vals_list:  # refuse bad numbers before anything is written
            self._check_share_numbers(
                self.env["res.partner"].browse(vals.get("partner_id")).display_name,
                vals.get("share_count", 0),
                vals.get("share_paid_count", 0),
                vals.get("share_unit_value", 0),
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id") or vals.get("company_id"):
            self._check_customers([(vals, membership) for membership in self])
            # the member and the cooperative of a membership are those it was
            # applied for; once admitted, a number of the cooperative is given to that
            # person
            for membership in self:
                changed = [
                    fname
                    for fname in ("partner_id", "company_id")
                    if fname in vals and membership[fname].id != vals[fname]
                ]
                if changed and membership.state != "candidate":
                    raise UserError(
                        _(
                            "%(membership)s: the member and the cooperative of a "
                            "membership can only be changed while it is a candidacy.",
                            membership=membership.display_name,
                        )
                    )
        if {"share_count", "share_paid_count", "share_unit_value"} & set(vals):
            for membership in self:
                self._check_share_numbers(
                    membership.partner_id.display_name,
                    vals.get("share_count", membership.share_count),
                    vals.get("share_paid_count", membership.share_paid_count),
                    vals.get("share_unit_value", membership.share_unit_value),
                )
        if {"partner_id", "company_id", "state", "active"} & set(vals):
            self.flush_model(["partner_id", "company_id", "state", "active"])
            pairs = [
                (
                    vals.get("partner_id", m.partner_id.id),
                    vals.get("company_id", m.company_id.id),
                )
                for m in self
                if vals.get("state", m.state) in OPEN_STATES
                and vals.get("active", m.active)
            ]
            self._check_no_open_duplicate(pairs)
        return super().write(vals)

    # ------------------------------------------------------------------ numbering
    @api.model
    def _get_number_sequence(self, company):
        """The membership sequence of ``company``, created on first use.

        Without gaps (X-9): the register of members is numbered in order, and an
        admission that fails (rolled back) gives its number back to the next one."""
        return self.env["ir.sequence"]._coop_company_sequence(
            "coop.membership",
            company,
            _("Memberships of %s", company.name),
            "M%(year)s-",
        )

    # ------------------------------------------------------------------ actions
    def _check_transition(self, action):
        allowed, _target = TRANSITIONS[action]
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for membership in self:
            if membership.state not in allowed:
                raise UserError(
                    _(
                        "%(member)s is %(state)s: this action is only possible for a "
                        "membership that is %(allowed)s.",
                        member=membership.display_name,
                        state=state_labels[membership.state],
                        allowed=", ".join(state_labels[s] for s in allowed),
                    )
                )

    def action_admit(
        self, date=None, board_decision_date=None, board_decision_ref=None
    ):
        """Admit candidates: give them a number and make them active members.

        The board's decision (date and reference of the minutes) is recorded when given;
        it is optional, so that an integration calling ``action_admit()`` over RPC keeps
        working (M-2, issue #21). The form's button asks for it in a wizard."""
        self._check_transition("admit")
        if not self.env.su and not self.env.user.has_group(
            "coop_crm_base.group_coop_manager"
        ):
            raise AccessError(_("Only a cooperative manager can admit members."))
        for membership in self:
            vals = {
                "state": "active",
                "date_admission": date
                or membership.date_admission
                or fields.Date.context_today(membership),
            }
            membership._check_dates_values(
                membership.date_application, vals["date_admission"]
            )
            if board_decision_date:
                board_date = fields.Date.to_date(board_decision_date)
                if board_date > vals["date_admission"]:
                    raise ValidationError(
                        _(
                            "%(member)s: the board's decision cannot be after the "
                            "admission date.",
                            member=membership.partner_id.display_name,
                        )
                    )
                vals["board_decision_date"] = board_date
            if board_decision_ref and board_decision_ref.strip():
                vals["board_decision_ref"] = board_decision_ref.strip()
            if not membership.number:
                vals["number"] = membership._get_number_sequence(
                    membership.company_id
                ).next_by_id(sequence_date=vals["date_admission"])
            membership._coop_transition(vals.pop("state"), vals)
            if membership.board_decision_ref or membership.board_decision_date:
                body = _(
                    "Admitted as member number %(number)s by the board's decision "
                    "%(ref)s of %(date)s.",
                    number=membership.number,
                    ref=membership.board_decision_ref or "",
                    date=format_date(membership.env, membership.board_decision_date)
                    if membership.board_decision_date
                    else "",
                )
            else:
                body = _("Admitted as member number %s.", membership.number)
            membership.message_post(body=body)
            membership._coop_send_to_person(
                membership.partner_id,
                _("Membership admitted"),
                mail_template="coop_crm_base.mail_template_membership_admitted",
                sms_template="coop_crm_base.sms_template_membership_admitted",
            )
        return True

    def action_admit_wizard(self):
        """The Admit button: ask the admission date and the board's decision."""
        self._check_transition("admit")
        if not self.env.su and not self.env.user.has_group(
            "coop_crm_base.group_coop_manager"
        ):
            raise AccessError(_("Only a cooperative manager can admit members."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Admission"),
            "res_model": "coop.membership.admit",
            "view_mode": "form",
            "target": "new",
            "context": {"default_membership_ids": self.ids},
        }

    def _open_change_wizard(self, action):
        self._check_transition(action)
        withdrawal = action == "resign" and all(m.state == "candidate" for m in self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Withdraw the application")
            if withdrawal
            else _("Membership change"),
            "res_model": "coop.membership.change",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_membership_ids": self.ids,
                "default_action": action,
            },
        }

    def _apply_change(self, action, reason, date=None):
        """Apply a suspension, reactivation, resignation or exclusion with its
        reason."""
        self._check_transition(action)
        if (
            action == "exclude"
            and not self.env.su
            and not self.env.user.has_group("coop_crm_base.group_coop_manager")
        ):
            raise AccessError(_("Only a cooperative manager can exclude a member."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for this change."))
        target = TRANSITIONS[action][1]
        date = date or fields.Date.context_today(self)
        vals = {}
        if target in ("resigned", "excluded"):
            vals.update(date_exit=date, exit_reason=reason)
        elif target == "active":
            vals.update(date_exit=False, exit_reason=False)
        else:
            vals.update(exit_reason=reason)
        status_labels = dict(self._fields["status"]._description_selection(self.env))
        for membership in self:
            if target in ("resigned", "excluded"):
                membership._check_dates_values(
                    membership.date_application, membership.date_admission, date
                )
            membership._coop_transition(target, vals)
            # a candidate who leaves withdraws the application (issue #21)
            membership.message_post(
                body=_(
                    "%(state)s on %(date)s. Reason: %(reason)s",
                    state=status_labels[membership.status],
                    date=format_date(membership.env, date),
                    reason=reason,
                )
            )
            if membership.date_admission:  # a member, not a withdrawn application
                membership._coop_send_to_person(
                    membership.partner_id,
                    _("Membership change"),
                    mail_template="coop_crm_base.mail_template_membership_changed",
                    sms_template="coop_crm_base.sms_template_membership_changed",
                )
        return True

    def action_suspend(self, reason=None):
        return (
            self._apply_change("suspend", reason)
            if reason
            else self._open_change_wizard("suspend")
        )

    def action_reactivate(self, reason=None):
        return (
            self._apply_change("reactivate", reason)
            if reason
            else self._open_change_wizard("reactivate")
        )

    def action_resign(self, reason=None):
        return (
            self._apply_change("resign", reason)
            if reason
            else self._open_change_wizard("resign")
        )

    def action_exclude(self, reason=None):
        return (
            self._apply_change("exclude", reason)
            if reason
            else self._open_change_wizard("exclude")
        )

    def unlink(self):
        if any(m.state != "candidate" for m in self):
            raise UserError(
                _(
                    "Only candidate memberships can be deleted; archive or end the "
                    "others."
                )
            )
        return super().unlink()
