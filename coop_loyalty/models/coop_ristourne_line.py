from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_date


class CoopRistourneLine(models.Model):
    """What one partner receives from a ristourne run (L-7, L-8).

    Issue #14: a line is settled by the settlement only (``coop.transition.mixin``: its
    state, settlement date, credit note and eWallet are written by the settlement's
    token); the lines of a validated or settled run, and settled lines, cannot be
    created, written or deleted by anyone, superuser included, except by the settlement
    itself."""

    _name = "coop.ristourne.line"
    _description = "Ristourne line"
    _inherit = ["coop.transition.mixin"]
    _check_company_auto = True
    _coop_state_field = "state"
    _coop_transitions = {("to_settle", "settled"): ("_coop_no_direct_write", None)}
    _coop_initial_states = ("to_settle",)
    _coop_protected_fields = ("date_settled", "move_id", "ewallet_card_id")
    _order = "run_id, amount desc, id"

    run_id = fields.Many2one(
        "coop.ristourne.run", required=True, ondelete="cascade", index=True
    )
    policy_id = fields.Many2one(related="run_id.policy_id", store=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="run_id.currency_id")
    date_from = fields.Date(related="run_id.date_from")
    date_to = fields.Date(related="run_id.date_to")
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    basis = fields.Monetary(
        help="Untaxed purchases of the period, net of credit notes, or the member's "
        "deliveries net of refunds, by the policy's basis."
    )
    rate = fields.Float(string="Rate (%)", digits=(7, 4))
    amount = fields.Monetary()
    state = fields.Selection(
        [("to_settle", "To settle"), ("settled", "Settled")],
        default="to_settle",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    date_settled = fields.Date(readonly=True, copy=False)
    move_id = fields.Many2one(
        "account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    ewallet_card_id = fields.Many2one(
        "loyalty.card",
        string="eWallet",
        readonly=True,
        copy=False,
        check_company=True,
        ondelete="restrict",
    )

    _sql_constraints = [
        (
            "partner_unique",
            "unique(run_id, partner_id)",
            "A partner has one line per ristourne run.",
        ),
    ]

    # ------------------------------------------------------------------ integrity
    def _coop_frozen(self):
        """The lines nobody may change any more: settled, or of a validated or settled
        run."""
        return self.filtered(
            lambda line: line.state == "settled"
            or line.run_id.state in ("validated", "settled")
        )

    def _coop_check_not_frozen(self):
        if self._coop_in_transition():
            return
        frozen = self._coop_frozen()
        if frozen:
            self.check_access("write")
            raise UserError(
                _(
                    "The ristourne lines of %(run)s are frozen (%(state)s): they can "
                    "no longer be created, changed or deleted.",
                    run=frozen[0].run_id.name,
                    state=frozen[0].run_id._state_label(),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        Run = self.env["coop.ristourne.run"]
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if self._coop_in_transition():
                break  # the compute's lines (of a draft or computed run)
            run = Run.browse(vals.get("run_id"))
            if run.state in ("validated", "settled"):
                raise UserError(
                    _(
                        "The ristourne lines of %(run)s are frozen (%(state)s): they "
                        "can no longer be created, changed or deleted.",
                        run=run.name,
                        state=run._state_label(),
                    )
                )
            if vals.get("partner_id") and run:
                Partner.browse(vals["partner_id"])._coop_check_customer_for(
                    run.company_id, _("ristourne")
                )
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_not_frozen()
        if (
            "run_id" in vals
            and not self._coop_in_transition()
            and any(line.run_id.id != vals["run_id"] for line in self)
        ):
            raise UserError(_("A ristourne line stays in the run that computed it."))
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            for run in self.run_id:
                partner._coop_check_customer_for(run.company_id, _("ristourne"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        frozen = self._coop_frozen()
        if frozen:
            raise UserError(
                _(
                    "The ristourne lines of %(run)s are frozen (%(state)s): they can "
                    "no longer be created, changed or deleted.",
                    run=frozen[0].run_id.name,
                    state=frozen[0].run_id._state_label(),
                )
            )

    def _settle_by_credit_note(self):
        if not self:
            return
        run = self.run_id
        policy = run.policy_id
        journal = run._sale_journal()
        today = fields.Date.context_today(self)
        ref = _("Ristourne %s", run.name)
        label = _(
            "Ristourne %(start)s - %(end)s",
            start=format_date(self.env, run.date_from),
            end=format_date(self.env, run.date_to),
        )
        # the run keeps the history of the settlement: no creation message nor tracking
        # on each credit note
        Move = (
            self.env["account.move"]
            .sudo()
            .with_company(run.company_id)
            .with_context(tracking_disable=True)
        )
        move_defaults, line_defaults = self._credit_note_defaults(run.company_id)
        moves = Move.create(
            [
                {
                    "move_type": "out_refund",
                    "partner_id": line.partner_id.id,
                    "company_id": run.company_id.id,
                    "journal_id": journal.id,
                    "invoice_date": today,
                    "invoice_origin": run.name,
                    "ref": ref,
                    **move_defaults.get(line.partner_id.id, {}),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1.0,
                                "price_unit": line.amount,
                                "account_id": policy.account_id.id,
                                "tax_ids": [Command.clear()],
                                **line_defaults,
                            }
                        )
                    ],
                }
                for line in self
            ]
        )
        self._subscribe_customers(moves)
        moves.action_post()
        self._mark_settled(today, "move_id", moves)

    @api.model
    def _subscribe_customers(self, moves):
        """Make each customer a follower of their credit note, as posting an invoice
        does, in one batch instead of one subscription per credit note (X-5): the same
        followers (active customers only) with the same default subtypes (the external
        ones for share partners), created together; posting then finds them already
        there."""
        default, __, external = self.env["mail.message.subtype"].default_subtypes(
            moves._name
        )
        self.env["mail.followers"].sudo().with_context(default_partner_id=False).create(
            [
                {
                    "res_model": moves._name,
                    "res_id": move.id,
                    "partner_id": move.partner_id.id,
                    "subtype_ids": [
                        Command.set(
                            (external if move.partner_id.partner_share else default).ids
                        )
                    ],
                }
                for move in moves.sudo()
                if move.partner_id.active
                and move.partner_id not in move.message_partner_ids
            ]
        )

    def _credit_note_defaults(self, company):
        """Values Odoo would compute credit note by credit note with a search each,
        given at once when the answer is known for all of them (X-5): no analytic
        distribution when the cooperative has no analytic distribution model; the
        customer's own fiscal position when the cooperative has none applied
        automatically and the customer has no contact (no other delivery address).
        Returns ({partner id: move values}, line values)."""
        line_defaults = {}
        if (
            not self.env["account.analytic.distribution.model"]
            .sudo()
            .search_count([("company_id", "in", [False, company.id])], limit=1)
        ):
            line_defaults["analytic_distribution"] = False
        move_defaults = {}
        FiscalPosition = (
            self.env["account.fiscal.position"].sudo().with_company(company)
        )
        if not FiscalPosition.search_count(
            FiscalPosition._check_company_domain(company) + [("auto_apply", "=", True)],
            limit=1,
        ):
            for partner in self.partner_id.sudo().with_company(company):
                if not partner.child_ids:
                    move_defaults[partner.id] = {
                        "fiscal_position_id": partner.property_account_position_id.id
                    }
        return move_defaults, line_defaults

    def _mark_settled(self, today, field, records):
        """Settle the lines, the n-th paid by the n-th of ``records`` (in ``field``):
        the access to the lines is checked once, their update is flushed in one
        query."""
        self.check_access("write")
        self._coop_transition("settled", {"date_settled": today})
        for line, record in zip(
            self.sudo()._coop_with_transition(), records, strict=False
        ):
            line[field] = record.id

    def _settle_by_ewallet(self):
        """Credit each line's amount to its partner's eWallet of the policy's program (a
        new one when the partner has none) with its history line, through the card
        services."""
        if not self:
            return
        run = self.run_id
        program = run.policy_id.ewallet_program_id
        Card = self.env["loyalty.card"].sudo()
        cards = Card._coop_cards_for(
            self.partner_id,
            run.company_id,
            program_type="ewallet",
            programs=program,
            create=True,
        )
        if not all(cards.values()):
            raise UserError(
                _(
                    "%(program)s cannot hold the eWallets of %(company)s.",
                    program=program.name,
                    company=run.company_id.name,
                )
            )
        card_credits = [(cards[line.partner_id.id], line.amount) for line in self]
        Card._coop_credit_many(card_credits, _("Ristourne %s", run.name), origin=run)
        self._mark_settled(
            fields.Date.context_today(self),
            "ewallet_card_id",
            [card for card, __ in card_credits],
        )
