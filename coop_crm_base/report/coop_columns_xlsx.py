from odoo import _, models
from odoo.tools import split_every

BATCH = 1000


class CoopColumnsXlsx(models.AbstractModel):
    """The suite's XLSX exports of records, one row per record and one column per
    field (OCA ``report_xlsx``): an export names its sheet and its columns, and may
    order its rows; this writes the header (the fields' labels, in the reader's
    language) and the values by field type (a selection's label, a record's name, a
    date as a date, amounts and counts as numbers, yes/no, a rate without base blank).

    The workbook is written in xlsxwriter's constant memory mode and the records are
    read by batches, so large exports stream; user data is written as text, never as a
    formula or a link (issue #14): a customer named ``=HYPERLINK(...)`` stays a name.
    """

    _name = "report.coop_crm_base.columns_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Records as XLSX columns"

    # (field, column width)
    _coop_columns = ()

    def _coop_sheet_name(self):
        return _("Sheet")

    def _coop_rows(self, objs):
        """The records in the order of the sheet's rows."""
        return objs

    def get_workbook_options(self):
        return {
            "constant_memory": True,
            "remove_timezone": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        }

    def generate_xlsx_report(self, workbook, data, objs):
        sheet = workbook.add_worksheet(self._coop_sheet_name())
        bold = workbook.add_format(
            {"bold": True, "bg_color": "#EEEEEE", "text_wrap": True}
        )
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        number = workbook.add_format({"num_format": "#,##0.00"})
        fields_ = objs._fields
        columns = self._coop_columns
        for col, (fname, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(
                0, col, fields_[fname].get_description(self.env)["string"], bold
            )
        labels = {
            fname: dict(fields_[fname]._description_selection(self.env))
            for fname, _width in columns
            if fields_[fname].type == "selection"
        }
        yes_no = {True: _("Yes"), False: _("No")}  # translated once, not once per row
        row = 1
        rows = self._coop_rows(objs)
        for ids in split_every(BATCH, rows.ids):
            records = rows.browse(ids)
            for record in records:
                for col, (fname, _width) in enumerate(columns):
                    field, value = fields_[fname], record[fname]
                    if field.type == "selection":
                        sheet.write(row, col, labels[fname].get(value, ""))
                    elif field.type == "many2one":
                        sheet.write(row, col, value.display_name or "")
                    elif field.type in ("date", "datetime"):
                        if value:
                            sheet.write_datetime(row, col, value, date_format)
                    elif field.type == "boolean":
                        sheet.write(row, col, yes_no[bool(value)])
                    elif field.type in ("float", "monetary"):
                        if value is not False:  # a rate without base: blank, not 0
                            sheet.write_number(row, col, value, number)
                    elif field.type == "integer":
                        sheet.write_number(row, col, value)
                    else:
                        sheet.write(row, col, value or "")
                row += 1
            records.invalidate_recordset()
        sheet.autofilter(0, 0, max(row - 1, 1), len(columns) - 1)
