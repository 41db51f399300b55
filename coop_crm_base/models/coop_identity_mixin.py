from odoo import fields, models


class CoopIdentityMixin(models.AbstractModel):
    """Identity of a cooperative, shared by companies and directory partners (M-1)."""

    _name = "coop.identity.mixin"
    _description = "Cooperative identity"

    coop_registration_number = fields.Char(
        string="Registration number",
        help="Number of the cooperative in the national register of cooperatives.",
    )
    coop_sector_id = fields.Many2one("coop.activity.sector", string="Activity sector")
    coop_region_id = fields.Many2one("coop.region", string="Region")
    coop_creation_date = fields.Date(string="Date of creation")
