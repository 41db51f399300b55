from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CoopRistournePolicy(models.Model):
    """How a cooperative pays ristournes to its customers (L-7, L-8)."""

    _name = "coop.ristourne.policy"
    _description = "Ristourne policy"
    _inherit = ["mail.thread"]
    _check_company_auto = True
    _order = "company_id, name"

    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        [("quarter", "Quarter"), ("year", "Year")],
        string="Period",
        required=True,
        default="year",
        tracking=True,
    )
    mode = fields.Selection(
        [("ristourne", "Ristourne by tiers"), ("surplus", "Surplus distribution")],
        required=True,
        default="ristourne",
        tracking=True,
        help="Ristourne by tiers: each customer gets the rate of the highest "
        "threshold their purchases reach. Surplus distribution: an amount decided by "
        "the general assembly is shared among active members pro rata of their basis "
        "(purchases or deliveries).",
    )
    basis = fields.Selection(
        [
            ("invoices", "Customer invoices"),
            ("ledger", "Purchases (orders and invoices)"),
            ("deliveries", "Members' deliveries"),
        ],
        required=True,
        default="invoices",
        tracking=True,
        help="What each partner's share is computed from. Customer invoices: the "
        "posted customer invoices of the period, untaxed, net of credit notes. "
        "Purchases: every purchase of the period once, confirmed sale orders and "
        "invoices without order, for cooperatives that do not invoice every sale. "
        "Members' deliveries: the posted vendor bills of active members, untaxed, net "
        "of their refunds (producers' cooperatives: milk, argan kernels, olives "
        "delivered). The credit notes and eWallet credits that paid a ristourne never "
        "count.",
    )
    eligibility = fields.Selection(
        [("members", "Active members only"), ("all", "All customers")],
        required=True,
        default="members",
        tracking=True,
    )
    categ_include_ids = fields.Many2many(
        "product.category",
        "coop_ristourne_policy_categ_in_rel",
        "policy_id",
        "categ_id",
        string="Only categories",
        help="If set, only these categories (and their children) "
        "count in the basis.",
    )
    categ_exclude_ids = fields.Many2many(
        "product.category",
        "coop_ristourne_policy_categ_out_rel",
        "policy_id",
        "categ_id",
        string="Excluded categories",
        help="These categories (and their children) never count.",
    )
    tier_ids = fields.One2many(
        "coop.ristourne.policy.tier", "policy_id", string="Tiers", copy=True
    )
    settlement = fields.Selection(
        [("credit_note", "Customer credit notes"), ("ewallet", "eWallet credit")],
        required=True,
        default="credit_note",
        tracking=True,
    )
    account_id = fields.Many2one(
        "account.account",
        string="Ristourne account",
        check_company=True,
        help="Account of the credit note lines (rebates granted).",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Sales journal of the credit notes (default: the first sales journal).",
    )
    ewallet_program_id = fields.Many2one(
        "loyalty.program",
        string="eWallet program",
        check_company=True,
        domain="[('program_type', '=', 'ewallet')]",
    )
    run_ids = fields.One2many("coop.ristourne.run", "policy_id", string="Runs")

    @api.constrains("settlement", "ewallet_program_id")
    def _check_settlement(self):
        for policy in self:
            if (
                policy.settlement == "ewallet"
                and policy.ewallet_program_id
                and policy.ewallet_program_id.program_type != "ewallet"
            ):
                raise ValidationError(
                    _("%s: the eWallet program must be an eWallet.", policy.name)
                )

    @api.constrains("basis", "categ_include_ids", "categ_exclude_ids")
    def _check_ledger_categories(self):
        for policy in self:
            if policy.basis == "ledger" and (
                policy.categ_include_ids or policy.categ_exclude_ids
            ):
                raise ValidationError(
                    _(
                        "%s: the purchases are counted whole, product categories "
                        "apply to customer invoices or deliveries only.",
                        policy.name,
                    )
                )

    @api.constrains("basis")
    def _check_basis_of_computed_runs(self):
        """The lines of a computed, validated or settled run were computed from the
        basis of its policy: it stays so while such a run exists."""
        runs = (
            self.env["coop.ristourne.run"]
            .sudo()
            .search(
                [
                    ("policy_id", "in", self.ids),
                    ("state", "in", ("computed", "validated", "settled")),
                ],
                limit=1,
            )
        )
        if runs:
            raise ValidationError(
                _(
                    "%(policy)s has runs computed on its basis (%(run)s): the basis "
                    "cannot change. Create another policy, or reset its runs to draft "
                    "or cancel them.",
                    policy=runs.policy_id.name,
                    run=runs.name,
                )
            )

    def _default_period(self, today=None):
        """The last complete quarter or year before ``today``."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        if self.period_type == "year":
            start = today.replace(month=1, day=1) - relativedelta(years=1)
            return start, start + relativedelta(years=1, days=-1)
        quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        start = quarter_start - relativedelta(months=3)
        return start, quarter_start - relativedelta(days=1)
