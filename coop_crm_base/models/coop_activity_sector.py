from odoo import fields, models


class CoopActivitySector(models.Model):
    """Activity sector of a cooperative (argan, dairy, crafts, ...)."""

    _name = "coop.activity.sector"
    _description = "Cooperative activity sector"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "An activity sector code must be unique."),
    ]
