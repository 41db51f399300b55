from odoo import _, models


class CoopCampaignXlsx(models.AbstractModel):
    """The campaigns' return side by side, as XLSX (R-1)."""

    _name = "report.coop_campaign.report_coop_campaigns_xlsx"
    _inherit = "report.coop_crm_base.columns_xlsx"
    _description = "Campaign return XLSX export"

    _coop_columns = (
        ("title", 28),
        ("coop_company_id", 22),
        ("coop_recipient_count", 10),
        ("coop_control_count", 10),
        ("coop_buyer_count", 10),
        ("coop_revenue", 14),
        ("coop_control_revenue_scaled", 14),
        ("coop_attributed_revenue", 14),
        ("coop_incremental_revenue", 14),
        ("coop_messages_sent", 10),
        ("coop_total_cost", 14),
        ("coop_net_result", 14),
        ("coop_roi", 10),
    )

    def _coop_sheet_name(self):
        return _("Campaigns")

    def _coop_rows(self, objs):
        return objs.filtered("coop_company_id")
