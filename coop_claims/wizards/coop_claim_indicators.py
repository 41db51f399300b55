from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_crm_base.models.coop_indicator import IndicatorRate


class CoopClaimIndicators(models.TransientModel):
    """C-4 indicators of a cooperative (with its branches) over a period, on screen."""

    _name = "coop.claim.indicators"
    _description = "Claim indicators"

    company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self)
        - relativedelta(months=1, day=1),
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self)
        + relativedelta(day=1, days=-1),
    )
    basis = fields.Selection(
        related="company_id.coop_claim_rate_basis", string="Claim rate basis"
    )
    # blank, not 0, for a period without orders, revenue or claims due or closed
    claim_rate = IndicatorRate(string="Claim rate (%)", compute="_compute_indicators")
    loss_rate = IndicatorRate(string="Loss rate (%)", compute="_compute_indicators")
    in_time_share = IndicatorRate(
        string="Answered within the deadline (%)", compute="_compute_indicators"
    )
    mean_resolution_days = IndicatorRate(
        string="Mean resolution time (working days)", compute="_compute_indicators"
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_("The period must start before it ends."))

    @api.depends("company_id", "date_from", "date_to")
    def _compute_indicators(self):
        Claim = self.env["coop.claim"]
        for wizard in self:
            if not (wizard.company_id and wizard.date_from and wizard.date_to):
                wizard.update(
                    {
                        "claim_rate": False,
                        "loss_rate": False,
                        "in_time_share": False,
                        "mean_resolution_days": False,
                    }
                )
                continue
            wizard.update(
                Claim._coop_indicators(
                    wizard.company_id, wizard.date_from, wizard.date_to
                )
            )
