from odoo import fields, models

# where a cooperative sells: on every sale order, defaulted from its sales team, and on
# every purchase of the purchase ledger (coop.purchase)
SALES_CHANNELS = [
    ("shop", "Shop at the cooperative"),
    ("souk", "Souk"),
    ("fair", "Fair or exhibition"),
    ("door_to_door", "Door-to-door"),
    ("retailer", "Grocer or retailer"),
    ("wholesale", "Wholesale"),
    ("online", "Online"),
    ("phone", "Phone"),
]


class CrmTeam(models.Model):
    _inherit = "crm.team"

    coop_sales_channel = fields.Selection(
        SALES_CHANNELS,
        string="Sales channel",
        help="Channel given to the new sale orders of this team; it can be changed on "
        "each order.",
    )
