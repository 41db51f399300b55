from odoo import fields, models
from odoo.tools import SQL

from ..models.coop_claim import PHASES


class CoopClaimReport(models.Model):
    """Claims analysis (C-3, C-4): one row per claim, for pivot and graph views.

    A query on the claims (``_table_query``), no SQL view: ``_depends`` names what it
    reads, so that the pending writes are flushed before the report is read (issue #15).
    """

    _name = "coop.claim.report"
    _description = "Claims analysis"
    _auto = False
    _order = "date_received desc"
    _rec_name = "name"
    _depends = {  # noqa: RUF012 (Odoo reads it from the class)
        "coop.claim": [
            "name",
            "date_received",
            "date_closed",
            "company_id",
            "partner_id",
            "user_id",
            "team_id",
            "phase",
            "channel",
            "claim_type",
            "severity",
            "category_id",
            "product_id",
            "region_id",
            "city",
            "total_cost",
            "answered_in_time",
            "is_overdue",
            "resolution_days",
        ],
        "res.company": ["currency_id"],
    }

    claim_id = fields.Many2one("coop.claim", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    date_received = fields.Datetime(string="Received on", readonly=True)
    date_closed = fields.Datetime(string="Closed on", readonly=True)
    company_id = fields.Many2one("res.company", string="Cooperative", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    team_id = fields.Many2one("crm.team", string="Team", readonly=True)
    phase = fields.Selection(PHASES, readonly=True)
    channel = fields.Selection(
        lambda self: self.env["coop.claim"]._fields["channel"].selection, readonly=True
    )
    claim_type = fields.Selection(
        lambda self: self.env["coop.claim"]._fields["claim_type"].selection,
        string="Type",
        readonly=True,
    )
    severity = fields.Selection(
        lambda self: self.env["coop.claim"]._fields["severity"].selection, readonly=True
    )
    category_id = fields.Many2one(
        "coop.claim.category", string="Category", readonly=True
    )
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    region_id = fields.Many2one("coop.region", string="Region", readonly=True)
    city = fields.Char(readonly=True)
    claim_count = fields.Integer(string="Claims", readonly=True)
    total_cost = fields.Monetary(string="Cost", readonly=True)
    in_time_count = fields.Integer(string="Answered in time", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    resolution_days = fields.Float(
        string="Resolution time (days)", readonly=True, aggregator="avg"
    )

    @property
    def _table_query(self):
        return SQL("""
            SELECT c.id AS id,
                   c.id AS claim_id,
                   c.name AS name,
                   c.date_received AS date_received,
                   c.date_closed AS date_closed,
                   c.company_id AS company_id,
                   comp.currency_id AS currency_id,
                   c.partner_id AS partner_id,
                   c.user_id AS user_id,
                   c.team_id AS team_id,
                   c.phase AS phase,
                   c.channel AS channel,
                   c.claim_type AS claim_type,
                   c.severity AS severity,
                   c.category_id AS category_id,
                   c.product_id AS product_id,
                   c.region_id AS region_id,
                   c.city AS city,
                   1 AS claim_count,
                   COALESCE(c.total_cost, 0) AS total_cost,
                   CASE WHEN c.answered_in_time THEN 1 ELSE 0 END AS in_time_count,
                   CASE WHEN c.is_overdue THEN 1 ELSE 0 END AS overdue_count,
                   CASE WHEN c.date_closed IS NOT NULL
                        THEN c.resolution_days END AS resolution_days
              FROM coop_claim c
              JOIN res_company comp ON comp.id = c.company_id
        """)
