"""18.0.1.1.1 (issue #15): the claims analysis (``coop.claim.report``) is a query
(``_table_query``), no longer an SQL view: Odoo does not drop the view it leaves, so
this does."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier("coop_claim_report")))
