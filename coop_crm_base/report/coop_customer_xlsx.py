from odoo import _, models


class CoopCustomerXlsx(models.AbstractModel):
    """Customer file with behaviour, segments and profitability, as XLSX (M-4, M-5,
    R-3)."""

    _name = "report.coop_crm_base.report_coop_customers_xlsx"
    _inherit = "report.coop_crm_base.columns_xlsx"
    _description = "Customer segmentation XLSX export"

    _coop_columns = (
        ("name", 30),
        ("company_id", 22),
        ("email", 26),
        ("coop_consent_email", 10),
        ("coop_customer_type", 12),
        ("coop_first_purchase_date", 14),
        ("coop_last_purchase_date", 14),
        ("coop_order_count_12m", 10),
        ("coop_amount_12m", 14),
        ("coop_average_basket", 14),
        ("coop_rfm_recency", 8),
        ("coop_rfm_frequency", 8),
        ("coop_rfm_monetary", 8),
        ("coop_rfm_segment", 14),
        ("coop_pareto_class", 8),
        ("coop_lifecycle_stage", 14),
        ("coop_satisfaction", 12),
        ("coop_stats_date", 14),
        # profitability (the report is for the cooperative's users, who read them)
        ("coop_first_sales_channel", 16),
        ("coop_lifetime_revenue", 14),
        ("coop_cost_to_serve", 14),
        ("coop_profit", 14),
        ("coop_unprofitable", 10),
    )

    def _coop_sheet_name(self):
        return _("Customers")
