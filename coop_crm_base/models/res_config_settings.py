from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Segmentation thresholds of the current cooperative (M-5), the channel of its
    messages (X-7)."""

    _inherit = "res.config.settings"

    coop_pareto_a_percent = fields.Float(
        related="company_id.coop_pareto_a_percent", readonly=False
    )
    coop_pareto_b_percent = fields.Float(
        related="company_id.coop_pareto_b_percent", readonly=False
    )
    coop_lifecycle_new_days = fields.Integer(
        related="company_id.coop_lifecycle_new_days", readonly=False
    )
    coop_lifecycle_loyal_orders = fields.Integer(
        related="company_id.coop_lifecycle_loyal_orders", readonly=False
    )
    coop_lifecycle_at_risk_days = fields.Integer(
        related="company_id.coop_lifecycle_at_risk_days", readonly=False
    )
    coop_lifecycle_lost_days = fields.Integer(
        related="company_id.coop_lifecycle_lost_days", readonly=False
    )
    coop_stats_date = fields.Datetime(related="company_id.coop_stats_date")
    coop_survey_after_order = fields.Boolean(
        related="company_id.coop_survey_after_order", readonly=False
    )
    coop_survey_trigger = fields.Selection(
        related="company_id.coop_survey_trigger", readonly=False
    )
    coop_survey_delay_days = fields.Integer(
        related="company_id.coop_survey_delay_days", readonly=False
    )
    coop_satisfaction_survey_id = fields.Many2one(
        related="company_id.coop_satisfaction_survey_id", readonly=False
    )
    # the channel of the messages
    coop_channel_order = fields.Selection(
        related="company_id.coop_channel_order", readonly=False
    )
    coop_sms_unit_cost = fields.Monetary(
        related="company_id.coop_sms_unit_cost", readonly=False
    )
    coop_whatsapp_number = fields.Char(
        related="company_id.coop_whatsapp_number", readonly=False
    )

    def action_recompute_customer_stats(self):
        self.ensure_one()
        return self.company_id.action_recompute_customer_stats()
