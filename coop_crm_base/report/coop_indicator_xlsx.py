from odoo import _, models

INDICATOR_COLUMNS = [
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
]


class CoopIndicatorXlsx(models.AbstractModel):
    """Customer indicators per cooperative and period, as XLSX (M-8)."""

    _name = "report.coop_crm_base.report_coop_indicators_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer indicators XLSX export"

    def get_workbook_options(self):
        # user data (cooperative names) is written as text, never as a formula or a link
        return {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        }

    def generate_xlsx_report(self, workbook, data, objs):
        sheet = workbook.add_worksheet(_("Indicators"))
        bold = workbook.add_format(
            {"bold": True, "bg_color": "#EEEEEE", "text_wrap": True}
        )
        number = workbook.add_format({"num_format": "#,##0.00"})
        fields_ = objs._fields
        for col, (fname, width) in enumerate(INDICATOR_COLUMNS):
            sheet.set_column(col, col, width)
            sheet.write(
                0, col, fields_[fname].get_description(self.env)["string"], bold
            )
        period_types = dict(fields_["period_type"]._description_selection(self.env))
        rows = objs.sorted(lambda r: (r.company_id.name, r.period_type, r.date_start))
        for row, indicator in enumerate(rows, start=1):
            for col, (fname, _width) in enumerate(INDICATOR_COLUMNS):
                value = indicator[fname]
                if fname == "company_id":
                    sheet.write(row, col, value.name)
                elif fname == "period_type":
                    sheet.write(row, col, period_types[value])
                elif fname == "is_consolidated":
                    sheet.write(row, col, _("Yes") if value else _("No"))
                elif value is False:
                    continue  # a rate without denominator: blank, not 0
                elif isinstance(value, float):
                    sheet.write_number(row, col, value, number)
                else:
                    sheet.write(row, col, value)
