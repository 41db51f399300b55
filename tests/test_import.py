"""CSV imports through Odoo's import report each bad row and import nothing (X-4)."""

from .common import SuiteTransactionCase


class TestImport(SuiteTransactionCase):
    def _import(self, model, header, rows):
        csv = "\n".join([",".join(header)] + [",".join(r) for r in rows]).encode()
        wizard = self.env["base_import.import"].create(
            {
                "res_model": model,
                "file": csv,
                "file_type": "text/csv",
                "file_name": "x.csv",
            }
        )
        options = {"quoting": '"', "separator": ",", "has_headers": True}
        result = wizard.execute_import(header, header, options)
        errors = [
            (m.get("record"), m["message"])
            for m in result["messages"]
            if m["type"] == "error"
        ]
        # Odoo first tries the whole batch, then row by row; when rows fail it puts the
        # batch's error first, attributed to the first row: keep the per-row messages
        if len(errors) > 1 and errors[0][1] in [m for _r, m in errors[1:]]:
            errors = errors[1:]
        by_row = {}
        for row, message in errors:
            by_row[row] = f"{by_row[row]}\n{message}" if row in by_row else message
        return result, by_row

    def test_customers_with_a_bad_phone(self):
        """M-3, X-4: a customer file with an invalid phone imports nothing and names the
        row."""
        before = self.env["res.partner"].search_count([])
        result, by_row = self._import(
            "res.partner",
            ["name", "phone"],
            [
                ["Client un", "0661234567"],
                ["Client deux", "06123"],
                ["Client trois", "+212522123456"],
            ],
        )
        self.assertEqual(list(by_row), [1])  # the second data row, and only it
        self.assertIn("06123 is not a valid phone number", by_row[1])
        self.assertFalse(result["ids"])
        self.assertEqual(self.env["res.partner"].search_count([]), before)

    def test_members_with_bad_rows(self):
        """M-2, X-4: unknown cooperative, negative shares, duplicate: each row reported,
        none saved."""
        coop = self.env.ref("coop_crm_base.coop_company_argan")
        partners = self.env["res.partner"].create(
            [{"name": f"Import member {i}", "company_id": coop.id} for i in range(4)]
        )
        before = self.env["coop.membership"].search_count([])
        result, by_row = self._import(
            "coop.membership",
            ["partner_id", "company_id", "share_count"],
            [
                [partners[0].name, coop.name, "5"],
                [partners[1].name, "Coopérative Inconnue", "5"],
                [partners[2].name, coop.name, "-2"],
                [partners[3].name, coop.name, "1"],
                [partners[3].name, coop.name, "1"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(self.env["coop.membership"].search_count([]), before)
        self.assertEqual(sorted(by_row), [1, 2, 4])
        self.assertIn("Coopérative Inconnue", by_row[1])
        self.assertIn("cannot be negative", by_row[2])
        self.assertIn("already has a membership in progress", by_row[4])
