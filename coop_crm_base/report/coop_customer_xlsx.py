from odoo import _, models
from odoo.tools import split_every

# (field, column width); the header is the field's label
CUSTOMER_COLUMNS = [
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
    ("coop_stats_date", 14),
    # profitability (the report is for the cooperative's users, who read them)
    ("coop_first_sales_channel", 16),
    ("coop_lifetime_revenue", 14),
    ("coop_cost_to_serve", 14),
    ("coop_profit", 14),
    ("coop_unprofitable", 10),
]
BATCH = 1000


class CoopCustomerXlsx(models.AbstractModel):
    """Customer file with behaviour and segments, as XLSX (M-4, M-5).

    Built on OCA ``report_xlsx``; the workbook is written in xlsxwriter's constant
    memory mode and the partners are read by batches, so large exports stream.
    """

    _name = "report.coop_crm_base.report_coop_customers_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer segmentation XLSX export"

    def get_workbook_options(self):
        # user data is written as text, never as a formula or a link (issue #14): a
        # customer named ``=HYPERLINK(...)`` stays a name in the spreadsheet
        return {
            "constant_memory": True,
            "remove_timezone": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        }

    def generate_xlsx_report(self, workbook, data, objs):
        sheet = workbook.add_worksheet(_("Customers"))
        bold = workbook.add_format({"bold": True, "bg_color": "#EEEEEE"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        fields_ = objs._fields
        for col, (fname, width) in enumerate(CUSTOMER_COLUMNS):
            sheet.set_column(col, col, width)
            sheet.write(
                0, col, fields_[fname].get_description(self.env)["string"], bold
            )
        labels = {
            fname: dict(fields_[fname]._description_selection(self.env))
            for fname, _width in CUSTOMER_COLUMNS
            if fields_[fname].type == "selection"
        }
        yes_no = {True: _("Yes"), False: _("No")}  # translated once, not once per row
        row = 1
        for ids in split_every(BATCH, objs.ids):
            partners = objs.browse(ids)
            for partner in partners:
                for col, (fname, _width) in enumerate(CUSTOMER_COLUMNS):
                    field, value = fields_[fname], partner[fname]
                    if field.type == "selection":
                        sheet.write(row, col, labels[fname].get(value, ""))
                    elif field.type == "many2one":
                        sheet.write(row, col, value.display_name or "")
                    elif field.type == "date":
                        if value:
                            sheet.write_datetime(row, col, value, date_format)
                    elif field.type == "monetary":
                        sheet.write_number(row, col, value, money)
                    elif field.type == "boolean":
                        sheet.write(row, col, yes_no[bool(value)])
                    else:
                        sheet.write(
                            row, col, value or ("" if field.type == "char" else 0)
                        )
                row += 1
            partners.invalidate_recordset()
        sheet.autofilter(0, 0, max(row - 1, 1), len(CUSTOMER_COLUMNS) - 1)
