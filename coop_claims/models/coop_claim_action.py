from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CoopClaimAction(models.Model):
    """Preventive or corrective action drawn from recurring claims (exploitation)."""

    _name = "coop.claim.action"
    _description = "Claim improvement action"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    action_type = fields.Selection(
        [("preventive", "Preventive"), ("corrective", "Corrective")],
        string="Type",
        required=True,
        default="preventive",
        tracking=True,
    )
    root_cause = fields.Text(tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date_deadline = fields.Date(string="Deadline", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Proposed"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            # not "Cancelled": the French agrees with the noun, "action" (feminine) here
            # and "dédommagement" (masculine) for a compensation
            ("cancel", "Abandoned"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    category_id = fields.Many2one("coop.claim.category", check_company=True)
    product_id = fields.Many2one("product.product", check_company=True)
    claim_ids = fields.Many2many(
        "coop.claim",
        "coop_claim_action_claim_rel",
        "action_id",
        "claim_id",
        string="Linked claims",
        check_company=True,
    )
    claim_count = fields.Integer(compute="_compute_claim_count")

    @api.depends("claim_ids")
    def _compute_claim_count(self):
        for action in self:
            action.claim_count = len(action.claim_ids)

    def action_start(self):
        if self.filtered(lambda a: a.state != "draft"):
            raise UserError(_("Only proposed actions can be started."))
        self.write({"state": "in_progress"})

    def action_done(self):
        if self.filtered(lambda a: a.state not in ("draft", "in_progress")):
            raise UserError(_("Only proposed or running actions can be done."))
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancel"})

    @api.model
    def _coop_propose_from_recurring_causes(self, company, threshold=3, months=12):
        """Propose one preventive action per (category, product) with at least
        ``threshold`` claims over ``months`` months and no open action yet (C-3)."""
        since = fields.Datetime.now() - relativedelta(months=months)
        groups = self.env["coop.claim"]._read_group(
            [
                ("company_id", "=", company.id),
                ("category_id", "!=", False),
                ("date_received", ">=", since),
            ],
            ["category_id", "product_id"],
            ["__count", "id:array_agg"],
            having=[("__count", ">=", threshold)],
        )
        open_actions = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "in_progress")),
            ]
        )
        covered = {(a.category_id.id, a.product_id.id) for a in open_actions}
        vals_list = []
        for category, product, count, claim_ids in groups:
            if (category.id, product.id) in covered:
                continue
            product_label = " / " + product.display_name if product else ""
            vals_list.append(
                {
                    "name": _(
                        "Recurring: %(category)s%(product)s (%(count)s claims)",
                        category=category.name,
                        product=product_label,
                        count=count,
                    ),
                    "action_type": "preventive",
                    "company_id": company.id,
                    "category_id": category.id,
                    "product_id": product.id,
                    "claim_ids": [(6, 0, claim_ids)],
                }
            )
        return self.create(vals_list)

    def action_propose_recurring(self):
        """List button: propose actions from the current cooperative's recurring
        causes."""
        created = self._coop_propose_from_recurring_causes(self.env.company)
        return {
            "type": "ir.actions.act_window",
            "name": _("Proposed actions"),
            "res_model": "coop.claim.action",
            "view_mode": "list,form",
            "domain": [("id", "in", created.ids)],
        }

    def action_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_claims.action_coop_claim"
        )
        action["domain"] = [("id", "in", self.claim_ids.ids)]
        return action
