from odoo import fields, models
from odoo.tools import SQL


class CoopTrainingReport(models.Model):
    """Hours and participation per cooperative, member and topic (T-4).

    One row per registration to a training session (cancelled ones left out).
    ``company_id`` is the cooperative of the member (the one of the
    membership the registration is linked to, else the session's owner).
    *Participants* counts the registrants with at least one hour attended.

    A query on the registrations (``_table_query``), no SQL view: ``_depends``
    names what it reads, so that the pending writes are flushed before the
    report is read (issue #15).
    """

    _name = "coop.training.report"
    _description = "Training analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "event_id"
    _depends = {  # noqa: RUF012 (Odoo reads it from the class)
        "event.registration": [
            "event_id",
            "partner_id",
            "coop_membership_id",
            "training_hours",
            "training_days_attended",
            "active",
            "state",
        ],
        "event.event": [
            "company_id",
            "training_topic_id",
            "training_program_id",
            "training_mode",
            "date_begin",
            "is_training",
            "active",
        ],
        "coop.membership": ["company_id"],
    }

    registration_id = fields.Many2one(
        "event.registration", string="Registration", readonly=True
    )
    event_id = fields.Many2one("event.event", string="Session", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    company_id = fields.Many2one("res.company", string="Cooperative", readonly=True)
    owner_company_id = fields.Many2one(
        "res.company", string="Organised by", readonly=True
    )
    topic_id = fields.Many2one("coop.training.topic", string="Topic", readonly=True)
    program_id = fields.Many2one(
        "coop.training.program", string="Funding programme", readonly=True
    )
    training_mode = fields.Selection(
        [("on_site", "On site"), ("remote", "Remote")], string="Mode", readonly=True
    )
    is_member = fields.Boolean(string="Is a member", readonly=True)
    date = fields.Date(string="Session date", readonly=True)
    hours = fields.Float(string="Hours attended", readonly=True)
    days = fields.Integer(string="Days attended", readonly=True)
    registration_count = fields.Integer(string="Registrations", readonly=True)
    participant_count = fields.Integer(string="Participants", readonly=True)

    @property
    def _table_query(self):
        return SQL("""
            SELECT r.id AS id,
                   r.id AS registration_id,
                   r.event_id AS event_id,
                   r.partner_id AS partner_id,
                   COALESCE(m.company_id, e.company_id) AS company_id,
                   e.company_id AS owner_company_id,
                   e.training_topic_id AS topic_id,
                   e.training_program_id AS program_id,
                   e.training_mode AS training_mode,
                   m.id IS NOT NULL AS is_member,
                   e.date_begin::date AS date,
                   COALESCE(r.training_hours, 0) AS hours,
                   COALESCE(r.training_days_attended, 0) AS days,
                   1 AS registration_count,
                   CASE WHEN r.training_hours > 0 THEN 1 ELSE 0 END AS participant_count
              FROM event_registration r
              JOIN event_event e ON e.id = r.event_id
         LEFT JOIN coop_membership m ON m.id = r.coop_membership_id
             WHERE e.is_training AND e.active AND r.active AND r.state != 'cancel'
        """)
