from odoo import api, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _coop_company_sequence(self, code, company, name, prefix, padding=5):
        """The suite's numbering of a cooperative (members, claims): one sequence per
        code and cooperative, created on first use, without gaps (X-9).

        ``no_gap``: the counter is a row of the transaction, so an action that fails and
        is rolled back gives its number back (a PostgreSQL sequence never does). A
        sequence made ``standard`` by an earlier release is switched at its first use,
        its counter carried over (Odoo's write alone would start again from the stale
        stored ``number_next`` and give numbers twice)."""
        Sequence = self.sudo()
        sequence = Sequence.search(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            return Sequence.create(
                {
                    "name": name,
                    "code": code,
                    "company_id": company.id,
                    "prefix": prefix,
                    "padding": padding,
                    "implementation": "no_gap",
                }
            )
        if sequence.implementation != "no_gap":
            for date_range in sequence.date_range_ids:
                date_range.number_next = date_range.number_next_actual
            sequence.write(
                {
                    "implementation": "no_gap",
                    "number_next": sequence.number_next_actual,
                }
            )
        return sequence
