from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The point of sale's channel and place in its settings (Point of Sale >
    Configuration > Settings), as Odoo shows a point of sale's fields there."""

    _inherit = "res.config.settings"

    pos_coop_sales_channel = fields.Selection(
        related="pos_config_id.coop_sales_channel", readonly=False
    )
    pos_coop_region_id = fields.Many2one(
        related="pos_config_id.coop_region_id", readonly=False
    )
    pos_coop_city = fields.Char(related="pos_config_id.coop_city", readonly=False)
    pos_coop_date_start = fields.Date(
        related="pos_config_id.coop_date_start", readonly=False
    )
    pos_coop_date_end = fields.Date(
        related="pos_config_id.coop_date_end", readonly=False
    )
    pos_coop_member_pricelist_id = fields.Many2one(
        related="pos_config_id.coop_member_pricelist_id", readonly=False
    )
