from odoo import fields, models


class CoopRegion(models.Model):
    """A region of the country (the 12 regions of Morocco ship as data)."""

    _name = "coop.region"
    _description = "Cooperative region"
    _order = "country_id, code, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Official code of the region.")
    country_id = fields.Many2one(
        "res.country", required=True, default=lambda self: self.env.ref("base.ma")
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_country_uniq",
            "unique(country_id, code)",
            "A region code must be unique per country.",
        ),
    ]
