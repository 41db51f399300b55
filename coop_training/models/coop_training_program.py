from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CoopTrainingProgram(models.Model):
    """Funding programme of training sessions (T-1).

    A programme without cooperative is shared by the whole database (e.g. a
    national programme); one with a cooperative is private to it.
    """

    _name = "coop.training.program"
    _description = "Training funding programme"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    funder_id = fields.Many2one("res.partner", string="Funder")
    company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        help="Leave empty to share the programme with every cooperative.",
    )
    date_start = fields.Date(string="Start")
    date_end = fields.Date(string="End")
    budget = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        required=True,
    )
    note = fields.Text()
    active = fields.Boolean(default=True)
    event_ids = fields.One2many("event.event", "training_program_id", string="Sessions")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for program in self:
            if (
                program.date_start
                and program.date_end
                and program.date_end < program.date_start
            ):
                raise ValidationError(
                    _(
                        "%(program)s: the end date cannot be before the start date.",
                        program=program.display_name,
                    )
                )
