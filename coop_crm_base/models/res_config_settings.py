from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Segmentation thresholds of the current cooperative (M-5)."""

    _inherit = "res.config.settings"

    coop_pareto_a_percent = fields.Float(
        related="company_id.coop_pareto_a_percent", readonly=False)
    coop_pareto_b_percent = fields.Float(
        related="company_id.coop_pareto_b_percent", readonly=False)
    coop_lifecycle_new_days = fields.Integer(
        related="company_id.coop_lifecycle_new_days", readonly=False)
    coop_lifecycle_loyal_orders = fields.Integer(
        related="company_id.coop_lifecycle_loyal_orders", readonly=False)
    coop_lifecycle_at_risk_days = fields.Integer(
        related="company_id.coop_lifecycle_at_risk_days", readonly=False)
    coop_lifecycle_lost_days = fields.Integer(
        related="company_id.coop_lifecycle_lost_days", readonly=False)
    coop_stats_date = fields.Datetime(related="company_id.coop_stats_date")

    def action_recompute_customer_stats(self):
        self.ensure_one()
        return self.company_id.action_recompute_customer_stats()
