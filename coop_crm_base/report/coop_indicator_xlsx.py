from odoo import _, models


class CoopIndicatorXlsx(models.AbstractModel):
    """Customer indicators per cooperative and period, as XLSX (M-8)."""

    _name = "report.coop_crm_base.report_coop_indicators_xlsx"
    _inherit = "report.coop_crm_base.columns_xlsx"
    _description = "Customer indicators XLSX export"

    _coop_columns = (
        ("company_id", 24),
        ("is_consolidated", 12),
        ("period_type", 10),
        ("period_name", 10),
        ("customers_previous", 12),
        ("customers_retained", 12),
        ("retention_rate", 12),
        ("attrition_rate", 12),
        ("active_customers", 12),
        ("new_customers", 12),
        ("revenue", 14),
        ("class_a_customers", 12),
        ("class_a_share", 12),
        ("class_a_customer_share", 12),
        ("csat", 10),
        ("nps", 10),
    )

    def _coop_sheet_name(self):
        return _("Indicators")

    def _coop_rows(self, objs):
        return objs.sorted(lambda r: (r.company_id.name, r.period_type, r.date_start))
