from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SurveyQuestion(models.Model):
    """Questions whose answers feed the satisfaction indicators (M-7)."""

    _inherit = "survey.question"

    coop_kpi = fields.Selection(
        [("csat", "CSAT (scale 1 to 5)"), ("nps", "NPS (scale 0 to 10)")],
        string="Satisfaction indicator",
        help="CSAT: % of answers scoring 4 or 5. NPS: % of answers scoring 9 or 10 "
        "minus % scoring 0 to 6.",
    )

    @api.constrains("coop_kpi", "question_type", "scale_min", "scale_max")
    def _check_coop_kpi(self):
        expected = {"csat": (1, 5), "nps": (0, 10)}
        for question in self.filtered("coop_kpi"):
            bounds = (question.scale_min, question.scale_max)
            if (
                question.question_type != "scale"
                or bounds != expected[question.coop_kpi]
            ):
                raise ValidationError(
                    _(
                        "%(question)s: a CSAT question is a scale from 1 to 5, an NPS "
                        "question a scale from 0 to 10.",
                        question=question.title,
                    )
                )
