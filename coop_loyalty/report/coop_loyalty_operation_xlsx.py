from odoo import _, models


class CoopLoyaltyOperationXlsx(models.AbstractModel):
    """The loyalty operation of card programs over the last 12 months, as XLSX (R-2)."""

    _name = "report.coop_loyalty.report_coop_loyalty_operations_xlsx"
    _inherit = "report.coop_crm_base.columns_xlsx"
    _description = "Loyalty operations XLSX export"

    _coop_columns = (
        ("name", 28),
        ("company_id", 22),
        ("coop_baseline", 22),
        ("coop_op_holder_revenue", 14),
        ("coop_op_baseline_revenue", 14),
        ("coop_op_extra_revenue", 14),
        ("coop_op_cost", 14),
        ("coop_op_fees", 12),
        ("coop_op_net_result", 14),
        ("coop_op_roi", 10),
        ("coop_retention_rate", 10),
        ("coop_nonholder_retention_rate", 10),
    )

    def _coop_sheet_name(self):
        return _("Loyalty operations")

    def _coop_rows(self, objs):
        return objs.filtered("coop_card").sorted(
            lambda p: (p.company_id.name or "", p.name)
        )
