from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.coop_crm_base.models.crm_team import SALES_CHANNELS


class PosConfig(models.Model):
    """Where a point of sale sells (P-5): its sales channel (the cooperative's shop, a
    souk, a fair...), and for a stall its place and, for a fair, its dates. The orders
    keep the channel they were sold through (``pos.order.coop_sales_channel``), which
    the purchase ledger reads."""

    _inherit = "pos.config"

    coop_sales_channel = fields.Selection(
        SALES_CHANNELS,
        string="Sales channel",
        default="shop",
        required=True,
        help="Channel of the orders of this point of sale: the shop at the "
        "cooperative, "
        "a stall at a souk or a fair... Each order keeps the channel it was sold "
        "through.",
    )
    coop_region_id = fields.Many2one(
        "coop.region", string="Region", help="Region of the souk or the fair."
    )
    coop_city = fields.Char(string="Place", help="Town or souk where it sells.")
    coop_date_start = fields.Date(string="Fair from")
    coop_date_end = fields.Date(string="Fair until")
    coop_member_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Members' pricelist",
        help="Applied at the till when the customer is an active member of the "
        "cooperative (instead of the default pricelist); one of the available "
        "pricelists.",
    )

    @api.constrains(
        "coop_member_pricelist_id", "available_pricelist_ids", "use_pricelist"
    )
    def _check_coop_member_pricelist(self):
        for config in self.filtered("coop_member_pricelist_id"):
            available = config.available_pricelist_ids
            if (
                not config.use_pricelist
                or config.coop_member_pricelist_id not in available
            ):
                raise ValidationError(
                    _(
                        "The members' pricelist of %(pos)s must be one of its "
                        "available pricelists (Flexible pricelists).",
                        pos=config.name,
                    )
                )

    @api.constrains("coop_date_start", "coop_date_end")
    def _check_coop_fair_dates(self):
        for config in self:
            if (
                config.coop_date_start
                and config.coop_date_end
                and config.coop_date_end < config.coop_date_start
            ):
                raise ValidationError(
                    _("The fair of %(pos)s ends before it starts.", pos=config.name)
                )
