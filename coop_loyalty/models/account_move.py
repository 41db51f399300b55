from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    """The credit notes that paid a ristourne stay as they were posted (L-7,
    issue #14)."""

    _inherit = "account.move"

    coop_ristourne_line_ids = fields.One2many(
        "coop.ristourne.line",
        "move_id",
        string="Ristourne lines paid",
        readonly=True,
        help="The ristourne lines this credit note paid: it is left out of the basis "
        "of every ristourne.",
    )

    @api.depends("coop_ristourne_line_ids")
    def _compute_coop_purchase_excluded(self):
        """A credit note that paid a ristourne is not a purchase (nor its reversal): it
        never lowers the purchases of the ledger nor a later ristourne's basis."""
        res = super()._compute_coop_purchase_excluded()
        for move in self:
            if move.coop_ristourne_line_ids:
                move.coop_purchase_excluded = True
        return res

    def _coop_ristourne_settlements(self):
        """The moves of ``self`` that settled a ristourne line."""
        if not self.ids:
            return self.browse()
        return self.browse(
            self.env["coop.ristourne.line"]
            .sudo()
            .search([("move_id", "in", self.ids)])
            .move_id.ids
        )

    def _post(self, soft=True):
        posted = super()._post(soft)
        posted.filtered(
            lambda move: move.move_type == "out_refund"
        )._coop_undo_refunded_renewals()
        return posted

    def _coop_undo_refunded_renewals(self):
        """Issue #16 (L-3): a card renewal sold on an order and refunded in the back
        office is undone, as a cancelled order's (see ``sale.order._action_cancel``):
        once the fee line's invoiced quantity is back to nothing, the card loses the
        renewal's days, once per fee line."""
        fee_lines = self.sudo().invoice_line_ids.sale_line_ids.filtered(
            lambda line: line.coop_renew_card_id
            and line.coop_renewed_until
            and line.qty_invoiced <= 0
        )
        for line in fee_lines:
            credit_note = self.filtered(
                lambda move, line=line: line in move.invoice_line_ids.sale_line_ids
            )[:1]
            line.coop_renew_card_id._coop_undo_renewal(
                line.coop_renewed_from,
                line.coop_renewed_until,
                credit_note,
                reason=_("credit note %s", credit_note.name),
            )
            line.write({"coop_renewed_from": False, "coop_renewed_until": False})

    def button_draft(self):
        settlements = self._coop_ristourne_settlements()
        if settlements:
            raise UserError(
                _(
                    "%(move)s paid a ristourne: it cannot be reset to draft. Reverse "
                    "it if it must be corrected.",
                    move=settlements[0].display_name,
                )
            )
        return super().button_draft()


class AccountJournal(models.Model):
    """The sales journal a cooperative uses for the credit notes of its ristournes."""

    _inherit = "account.journal"

    @api.model
    def _coop_sale_journal_for(self, company):
        """The first sales journal ``company`` may use (issue #15).

        ``account.journal._coop_sale_journal_for(company)`` -> ``account.journal``
        (empty when the cooperative has none)

        Branch-aware as the claims' compensation finds its journal (Odoo's
        ``_check_company_domain`` of journals): a journal of the cooperative itself
        first, else of its closest parent company (Odoo 18 branches keep the books of
        their parent), by Odoo's journal order within a company. A ristourne policy's
        own journal, when set, comes before it (``policy.journal_id or ...``). Searched
        as superuser: the journal is only named on credit notes created by the suite.
        """
        Journal = self.sudo()
        journals = Journal.search(
            [*Journal._check_company_domain(company), ("type", "=", "sale")]
        )
        path = [int(c) for c in (company.sudo().parent_path or "").split("/") if c]
        depth = {company_id: index for index, company_id in enumerate(reversed(path))}
        journals = journals.sorted(lambda j: depth.get(j.company_id.id, len(depth)))
        return journals[:1].with_env(self.env)
