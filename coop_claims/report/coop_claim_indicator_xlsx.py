from odoo import _, models


class CoopClaimIndicatorXlsx(models.AbstractModel):
    """Claim indicators per cooperative and period, as XLSX (C-4, R-4)."""

    _name = "report.coop_claims.report_coop_claim_indicators_xlsx"
    _inherit = "report.coop_crm_base.columns_xlsx"
    _description = "Claim indicators XLSX export"

    _coop_columns = (
        ("company_id", 24),
        ("is_consolidated", 12),
        ("period_type", 10),
        ("period_name", 10),
        ("claims_received", 10),
        ("claim_rate_basis", 14),
        ("claim_rate", 10),
        ("claim_cost", 14),
        ("revenue", 14),
        ("loss_rate", 10),
        ("claims_due", 10),
        ("claims_in_time", 10),
        ("in_time_share", 10),
        ("claims_closed", 10),
        ("mean_resolution_days", 10),
    )

    def _coop_sheet_name(self):
        return _("Claim indicators")

    def _coop_rows(self, objs):
        return objs.sorted(lambda r: (r.company_id.name, r.period_type, r.date_start))
