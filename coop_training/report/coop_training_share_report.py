from odoo import fields, models
from odoo.tools import SQL


class CoopTrainingShareReport(models.Model):
    """Share of the members of each cooperative trained in a year (T-4).

    For a cooperative C and a year Y (a year in which a training session
    started)::

        trained members = active members of C (today) who attended at least
                          one hour of a training session started in Y
                          (any session: a member trained by the union counts)
        active members  = memberships of C in state Active (today)
        share (%)       = 100 * trained members / active members

    A member who has left the cooperative is counted in neither, so the
    share never exceeds 100 %.

    A query on the memberships and registrations (``_table_query``), no SQL
    view: ``_depends`` names what it reads, so that the pending writes are
    flushed before the report is read (issue #15).
    """

    _name = "coop.training.share.report"
    _description = "Share of members trained"
    _auto = False
    _order = "year desc, company_id"
    _rec_name = "company_id"
    _depends = {  # noqa: RUF012 (Odoo reads it from the class)
        "coop.membership": ["company_id", "partner_id", "state", "active"],
        "event.event": ["date_begin", "is_training", "active"],
        "event.registration": [
            "event_id",
            "partner_id",
            "training_hours",
            "active",
            "state",
        ],
    }

    company_id = fields.Many2one("res.company", string="Cooperative", readonly=True)
    year = fields.Char(readonly=True)
    active_member_count = fields.Integer(string="Active members", readonly=True)
    trained_member_count = fields.Integer(string="Members trained", readonly=True)
    trained_share = fields.Float(
        string="Share trained (%)",
        readonly=True,
        aggregator=None,
        digits=(16, 2),
        help="100 x members trained in the year / active members.",
    )

    @property
    def _table_query(self):
        return SQL("""
            WITH active_members AS (
                SELECT company_id, COUNT(*) AS n
                  FROM coop_membership
                 WHERE state = 'active' AND active
              GROUP BY company_id
            ), years AS (
                SELECT DISTINCT EXTRACT(YEAR FROM date_begin)::int AS year
                  FROM event_event
                 WHERE is_training AND active
            ), trained AS (
                SELECT m.company_id,
                       EXTRACT(YEAR FROM e.date_begin)::int AS year,
                       COUNT(DISTINCT m.id) AS n
                  FROM event_registration r
                  JOIN event_event e ON e.id = r.event_id
                  JOIN coop_membership m
                    ON m.partner_id = r.partner_id AND m.state = 'active' AND m.active
                 WHERE e.is_training AND e.active AND r.active
                   AND r.state != 'cancel' AND r.training_hours > 0
              GROUP BY m.company_id, EXTRACT(YEAR FROM e.date_begin)::int
            )
            SELECT a.company_id * 10000 + y.year AS id,
                   a.company_id AS company_id,
                   y.year::varchar AS year,
                   a.n AS active_member_count,
                   COALESCE(t.n, 0) AS trained_member_count,
                   ROUND(100.0 * COALESCE(t.n, 0) / a.n, 2)::float AS trained_share
              FROM active_members a
        CROSS JOIN years y
         LEFT JOIN trained t ON t.company_id = a.company_id AND t.year = y.year
        """)
