from odoo import fields, models


class CoopTrainingTopic(models.Model):
    """Subject of a training session: digital marketing, accounting... (T-1)."""

    _name = "coop.training.topic"
    _description = "Training topic"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_uniq",
            "unique(name)",
            "A training topic with this name already exists.",
        ),
    ]
