from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CoopTrainingNeed(models.Model):
    """A training need expressed by a cooperative for some of its members (T-4)."""

    _name = "coop.training.need"
    _description = "Training need"
    _inherit = ["mail.thread", "mail.activity.mixin", "coop.transition.mixin"]
    _order = "priority desc, create_date desc, id desc"
    _check_company_auto = True

    # X-6, issue #14: the life cycle is held by the model; a need is planned by turning
    # it into a session (its button), never by writing its state
    _coop_state_field = "state"
    _coop_transitions = {
        ("draft", "planned"): ("_coop_no_direct_write", None),
        ("planned", "done"): ("action_done", None),
        ("draft", "cancel"): ("action_cancel", None),
        ("planned", "cancel"): ("action_cancel", None),
        ("cancel", "draft"): ("action_reset", None),
        ("planned", "draft"): ("action_reset", None),
    }
    _coop_initial_states = ("draft",)

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    topic_id = fields.Many2one(
        "coop.training.topic",
        string="Topic",
        required=True,
        tracking=True,
        index=True,
    )
    membership_ids = fields.Many2many(
        "coop.membership",
        "coop_training_need_membership_rel",
        "need_id",
        "membership_id",
        string="Members concerned",
        check_company=True,
        domain="[('state', '=', 'active')]",
    )
    member_count = fields.Integer(
        string="Members",
        compute="_compute_member_count",
        store=True,
    )
    priority = fields.Selection(
        [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")],
        default="1",
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Expressed"),
            ("planned", "Planned"),
            ("done", "Trained"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    description = fields.Text()
    date_wanted = fields.Date(string="Wanted by")
    event_id = fields.Many2one(
        "event.event",
        string="Session",
        tracking=True,
        copy=False,
        index="btree_not_null",
        domain="[('is_training', '=', True)]",
    )

    @api.constrains("company_id", "event_id")
    def _check_event_company(self):
        """X-1: a need is met by a session of its cooperative or of its union (a session
        made from the needs of several branches belongs to their union)."""
        for need in self.sudo().filtered("event_id.company_id"):
            if need.event_id.company_id not in need.company_id.parent_ids:
                raise ValidationError(
                    _(
                        "Incompatible companies on records: the session %(session)s "
                        "belongs to %(company)s, not to %(need_company)s or its union.",
                        session=need.event_id.display_name,
                        company=need.event_id.company_id.display_name,
                        need_company=need.company_id.display_name,
                    )
                )

    @api.depends("membership_ids")
    def _compute_member_count(self):
        for need in self:
            need.member_count = len(need.membership_ids)

    def action_cancel(self):
        return self._coop_transition("cancel")

    def action_reset(self):
        return self._coop_transition("draft", {"event_id": False})

    def action_done(self):
        return self._coop_transition("done")

    def action_create_session(self):
        """Turn expressed needs of one topic into a training session (T-4).

        The session belongs to the cooperative of the needs, or to their common
        union when they come from several cooperatives; the members concerned
        are registered, and the needs become planned.
        """
        if not self:
            return False
        if any(need.state != "draft" for need in self):
            raise UserError(_("Only expressed needs can be turned into a session."))
        if len(self.topic_id) > 1:
            raise UserError(
                _(
                    "Needs of different topics (%(topics)s) make different sessions.",
                    topics=", ".join(self.topic_id.mapped("name")),
                )
            )
        companies = self.company_id.sudo()  # a union manager may not be in every branch
        owner = companies if len(companies) == 1 else companies[0].parent_id
        if len(companies) > 1 and (not owner or companies.parent_id != owner):
            raise UserError(
                _("Needs of cooperatives of different unions cannot make one session.")
            )
        start = datetime.combine(
            fields.Date.context_today(self) + timedelta(days=14), time(8, 0)
        )
        event = self.env["event.event"].create(
            {
                "name": _("Training: %(topic)s", topic=self.topic_id.name),
                "is_training": True,
                "training_topic_id": self.topic_id.id,
                "company_id": owner.id,
                "organizer_id": owner.partner_id.id,
                "coop_company_ids": [fields.Command.set(companies.ids)],
                "date_begin": start,
                "date_end": start + timedelta(hours=8),
            }
        )
        # X-1, issue #14: the members concerned are memberships the user reads (checked
        # here) of the needs' own cooperatives (check_company of the needs); a union
        # manager may not read the partners of every branch, so the registrations are
        # then created as superuser, for these members only
        memberships = self.membership_ids.filtered(lambda m: m.state == "active")
        memberships.check_access("read")
        if memberships.sudo().company_id - companies:
            raise UserError(
                _(
                    "The members concerned must be members of the cooperatives "
                    "of the needs."
                )
            )
        by_partner = {}
        for membership in memberships.sudo():
            by_partner.setdefault(membership.partner_id.id, membership.id)
        self.env["event.registration"].sudo().create(
            [
                {
                    "event_id": event.id,
                    "partner_id": partner_id,
                    "coop_membership_id": membership_id,
                }
                for partner_id, membership_id in by_partner.items()
            ]
        )
        self._coop_transition("planned", {"event_id": event.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "event.event",
            "res_id": event.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "coop_training.event_event_view_form_training_session"
                    ).id,
                    "form",
                )
            ],
            "context": {"default_is_training": True},
        }
