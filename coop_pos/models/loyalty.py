from odoo import api, models


class LoyaltyCard(models.Model):
    """The till shows a cooperative card's number, tier, expiry and grace (P-2)."""

    _inherit = "loyalty.card"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "coop_number",
            "coop_tier",
            "coop_date_expiry",
            "coop_multiplier",
        ]


class LoyaltyProgram(models.Model):
    """The till knows which programs are cooperative cards and their fee (P-2)."""

    _inherit = "loyalty.program"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "coop_card",
            "coop_fee_product_id",
        ]
