"""18.0.1.1.1 (issue #15): the training analysis (``coop.training.report``) and the
share of members trained (``coop.training.share.report``) are queries
(``_table_query``), no longer SQL views: Odoo does not drop the views they leave, so
this does."""

from odoo.tools import SQL


def migrate(cr, version):
    for view in ("coop_training_report", "coop_training_share_report"):
        cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(view)))
