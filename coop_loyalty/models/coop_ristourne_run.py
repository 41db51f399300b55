from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

SETTLE_NOW_LIMIT = 200
MANAGER = "coop_loyalty.group_loyalty_manager"
# the period and what is shared are set in draft only: a computed run's lines follow
# them
PERIOD_FIELDS = ("policy_id", "company_id", "date_from", "date_to", "surplus_amount")


class CoopRistourneRun(models.Model):
    """One computation and payment of a ristourne policy over a period (L-7, L-8).

    Its states move along the transition table of ``coop.transition.mixin`` only (X-6,
    issue #14): the actions are the only writers of ``state`` and ``settle_queued``; a
    plain write of the state (JSON-RPC, import) is routed to the action of the edge."""

    _name = "coop.ristourne.run"
    _description = "Ristourne run"
    _inherit = ["coop.message.mixin", "mail.thread", "coop.transition.mixin"]
    _coop_state_field = "state"
    _coop_transitions = {
        ("draft", "computed"): ("action_compute", MANAGER),
        ("computed", "validated"): ("action_validate", MANAGER),
        ("validated", "settled"): ("action_settle", MANAGER),
        ("draft", "cancel"): ("action_cancel", MANAGER),
        ("computed", "cancel"): ("action_cancel", MANAGER),
        ("validated", "cancel"): ("action_cancel", MANAGER),
        ("computed", "draft"): ("action_draft", MANAGER),
        ("cancel", "draft"): ("action_draft", MANAGER),
    }
    _coop_initial_states = ("draft",)
    _coop_protected_fields = ("settle_queued",)
    _check_company_auto = True
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    policy_id = fields.Many2one(
        "coop.ristourne.policy",
        required=True,
        check_company=True,
        tracking=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    mode = fields.Selection(related="policy_id.mode", store=True, string="Mode")
    basis = fields.Selection(related="policy_id.basis")
    surplus_amount = fields.Monetary(
        string="Surplus to share",
        tracking=True,
        help="Amount decided by the general assembly, shared among active members.",
    )
    date_from = fields.Date(required=True, tracking=True)
    date_to = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("validated", "Validated"),
            ("settled", "Settled"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        readonly=True,
    )
    line_ids = fields.One2many(
        "coop.ristourne.line", "run_id", string="Lines", copy=False
    )
    line_count = fields.Integer(compute="_compute_totals")
    total_basis = fields.Monetary(compute="_compute_totals")
    total_amount = fields.Monetary(compute="_compute_totals")
    settle_queued = fields.Boolean(
        copy=False,
        readonly=True,
        help="Settlement in progress in the background, batch by batch.",
    )

    @api.depends("policy_id.name", "date_from", "date_to")
    def _compute_name(self):
        for run in self:
            run.name = (
                run.policy_id
                and run.date_from
                and run.date_to
                and _(
                    "%(policy)s %(start)s - %(end)s",
                    policy=run.policy_id.name,
                    start=format_date(self.env, run.date_from),
                    end=format_date(self.env, run.date_to),
                )
                or _("New run")
            )

    @api.depends("line_ids.basis", "line_ids.amount")
    def _compute_totals(self):
        groups = {
            run.id: (count, basis, amount)
            for run, count, basis, amount in self.env[
                "coop.ristourne.line"
            ]._read_group(
                [("run_id", "in", self.ids)],
                ["run_id"],
                ["__count", "basis:sum", "amount:sum"],
            )
        }
        for run in self:
            count, basis, amount = groups.get(run.id, (0, 0.0, 0.0))
            run.line_count, run.total_basis, run.total_amount = count, basis, amount

    @api.onchange("policy_id")
    def _onchange_policy_id(self):
        if self.policy_id:
            self.company_id = self.policy_id.company_id
            self.date_from, self.date_to = self.policy_id._default_period()

    @api.constrains("date_from", "date_to", "surplus_amount")
    def _check_dates(self):
        for run in self:
            if run.date_to < run.date_from:
                raise ValidationError(
                    _("%s: the period ends before it starts.", run.name)
                )
            if run.surplus_amount < 0:
                raise ValidationError(
                    _("%s: the surplus cannot be negative.", run.name)
                )

    @api.constrains("policy_id", "date_from", "date_to", "state")
    def _check_no_overlap(self):
        """Issue #14: a run past draft never overlaps another run of its policy that is
        not cancelled, whoever writes it (the actions check it first, with a clearer
        message)."""
        for run in self.filtered(
            lambda r: r.state in ("computed", "validated", "settled")
        ):
            other = run._overlapping_run()
            if other:
                raise ValidationError(run._overlap_message(other))

    def _overlapping_run(self):
        self.ensure_one()
        return self.sudo().search(
            [
                ("id", "!=", self.id),
                ("policy_id", "=", self.policy_id.id),
                ("state", "!=", "cancel"),
                ("date_from", "<=", self.date_to),
                ("date_to", ">=", self.date_from),
            ],
            limit=1,
        )

    def _overlap_message(self, other):
        return _(
            "%(run)s overlaps %(other)s (%(start)s - %(end)s, %(state)s) of the same "
            "policy: its customers would be paid twice. Cancel one of them first.",
            run=self.name,
            other=other.name,
            start=format_date(self.env, other.date_from),
            end=format_date(self.env, other.date_to),
            state=other._state_label(),
        )

    def _check_overlap(self):
        """Refuse to move runs that overlap another run of their policy (not cancelled).
        The policies are updated (a no-op) so that two transactions moving runs of the
        same policy at once are serialised: the second one sees the first one's run."""
        if not self:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE coop_ristourne_policy SET id = id WHERE id IN %s",
                tuple(self.policy_id.ids),
            )
        )
        for run in self:
            other = run._overlapping_run()
            if other:
                raise UserError(run._overlap_message(other))

    def write(self, vals):
        if not self._coop_in_transition():
            changed = [f for f in PERIOD_FIELDS if f in vals]
            locked = self.filtered(lambda r: r.state != "draft")
            if changed and locked:
                self.check_access("write")
                raise UserError(
                    _(
                        "%(run)s is %(state)s: its policy, period and surplus are set "
                        "in draft only. Reset it to draft first.",
                        run=locked[0].name,
                        state=locked[0]._state_label(),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_settled(self):
        if any(
            run.state == "settled"
            or run.line_ids.filtered(lambda line: line.state == "settled")
            for run in self
        ):
            raise UserError(_("A run that paid ristournes cannot be deleted."))
        if any(run.state == "validated" for run in self):
            raise UserError(_("A validated run cannot be deleted: cancel it first."))

    # ------------------------------------------------------------------ compute
    def action_compute(self):
        """Compute one line per partner from the policy's basis (L-7, L-8): posted
        customer invoices and credit notes, or the members' deliveries (posted vendor
        bills and their refunds)."""
        for run in self:
            if run.state not in ("draft", "computed"):
                raise UserError(
                    _(
                        "%(run)s is %(state)s: only draft or computed runs can be "
                        "computed.",
                        run=run.name,
                        state=run._state_label(),
                    )
                )
        self._coop_check_edge("computed")
        self._check_overlap()
        for run in self:
            if run.mode == "surplus" and run.currency_id.is_zero(run.surplus_amount):
                raise UserError(_("%s: enter the surplus to share first.", run.name))
        self.line_ids.unlink()
        # the lines of the basis: partners of the run's cooperative by construction
        # no check customer by customer)
        self._insert_ristourne_lines()
        self._coop_transition("computed")
        return True

    def _compute_basis(self):
        """{partner: basis} of this run, as its lines are computed from it (the rows of
        ``_basis_query``, before any tier or share)."""
        self.ensure_one()
        self.env.flush_all()
        query = self._basis_query(*self._basis_key()[:4])
        rows = self.env.execute_query(
            SQL("%s SELECT partner_id, basis FROM basis WHERE basis > 0", query)
        )
        Partner = self.env["res.partner"]
        return {Partner.browse(partner_id): float(basis) for partner_id, basis in rows}

    def _basis_key(self):
        """What the statement of the basis depends on besides the run's cooperative: the
        source, whether members only count, the categories to include and to exclude,
        the period. Runs of the same key and distinct cooperatives are computed
        together."""
        self.ensure_one()
        policy = self.policy_id
        members = (
            policy.eligibility == "members"
            or self.mode == "surplus"
            or policy.basis == "deliveries"
        )
        return (
            policy.basis,
            members,
            bool(policy.categ_include_ids),
            bool(policy.categ_exclude_ids),
            self.date_from,
            self.date_to,
        )

    def _basis_query(self, source, members, include, exclude):
        """The one statement of the basis, for runs of distinct cooperatives of the same
        ``_basis_key``: the start of a ``WITH`` query whose ``basis`` table has a row
        per run and partner (``run_id``, ``policy_id``, ``company_id``, ``partner_id``,
        ``basis`` rounded half away from zero to the currency's rounding, ``mode``,
        ``surplus``, ``rounding``). Both modes read it: the tiers give their rate to its
        rows, the surplus is shared pro rata over the same rows.

        The basis of a partner is, for the run's cooperative and period, the untaxed
        product lines (the policy's categories and their children) of

        - ``invoices``: posted customer invoices net of credit notes, except the credit
          notes that settled a ristourne and their reversals, and the lines paid with
          the eWallet credits of ristournes (a payment, not a lower purchase);
        - ``ledger``: the purchase ledger (``coop.purchase``, whole purchases: no
          category), which leaves out the same credit notes and eWallet payments;
        - ``deliveries``: posted vendor bills net of refunds (what members delivered);

        of active members of the cooperative when the policy is for members, shares a
        surplus or is on deliveries. The invoice lines are grouped by cooperative and
        partner as a bare SQL aggregate would (X-5), the runs joined after."""

        def categories(table, negate):
            return SQL(
                """AND %(negate)s EXISTS (
                        SELECT 1 FROM run
                          JOIN %(table)s rel ON rel.policy_id = run.policy_id
                          JOIN product_category parent ON parent.id = rel.categ_id
                          JOIN product_product product ON product.id = aml.product_id
                          JOIN product_template tmpl
                            ON tmpl.id = product.product_tmpl_id
                          JOIN product_category categ ON categ.id = tmpl.categ_id
                         WHERE run.company_id = aml.company_id
                           AND categ.parent_path
                               LIKE parent.parent_path || %(anything)s)""",
                negate=SQL("NOT" if negate else ""),
                table=SQL.identifier(table),
                anything="%",
            )

        def members_only(alias):
            return (
                SQL(
                    """AND EXISTS (
                        SELECT 1 FROM coop_membership ms
                         WHERE ms.partner_id = %(alias)s.partner_id
                           AND ms.company_id = %(alias)s.company_id
                           AND ms.state = 'active' AND ms.active)""",
                    alias=SQL.identifier(alias),
                )
                if members
                else SQL()
            )

        date_from, date_to = self[:1].date_from, self[:1].date_to
        if source == "ledger":
            # the ledger leaves out the entries that are not purchases (the credit notes
            # that paid a ristourne) and the lines paid with a ristourne's eWallet
            # credit
            purchases = SQL(
                """SELECT purchase.company_id, purchase.partner_id,
                          SUM(purchase.amount) AS total
                     FROM %(ledger)s AS purchase
                    WHERE purchase.partner_id IS NOT NULL %(members)s
                 GROUP BY purchase.company_id, purchase.partner_id""",
                ledger=self.env["coop.purchase"]._coop_purchase_sql(
                    self.company_id.ids, date_from, date_to
                ),
                members=members_only("purchase"),
            )
        else:
            if source == "deliveries":
                # vendor bills are debits: what was delivered is their balance
                sign, move_types, exclusions = (
                    SQL("+"),
                    ("in_invoice", "in_refund"),
                    SQL(),
                )
            else:
                sign, move_types = SQL("-"), ("out_invoice", "out_refund")
                exclusions = SQL(
                    """AND move.coop_purchase_excluded IS NOT TRUE
                       AND NOT %s""",
                    self.env["coop.purchase"]._coop_ristourne_ewallet_line(),
                )
            purchases = SQL(
                """SELECT aml.company_id, aml.partner_id,
                          %(sign)sSUM(aml.balance) AS total
                     FROM account_move_line aml
                     JOIN account_move move ON move.id = aml.move_id
                    WHERE aml.company_id = ANY(%(companies)s)
                      AND aml.date BETWEEN %(date_from)s AND %(date_to)s
                      AND aml.parent_state = 'posted'
                      AND aml.display_type = 'product'
                      AND move.move_type IN %(move_types)s
                      AND aml.partner_id IS NOT NULL
                      %(exclusions)s %(members)s %(include)s %(exclude)s
                 GROUP BY aml.company_id, aml.partner_id""",
                sign=sign,
                move_types=move_types,
                exclusions=exclusions,
                companies=self.company_id.ids,
                date_from=date_from,
                date_to=date_to,
                members=members_only("aml"),
                include=categories("coop_ristourne_policy_categ_in_rel", False)
                if include
                else SQL(),
                exclude=categories("coop_ristourne_policy_categ_out_rel", True)
                if exclude
                else SQL(),
            )
        runs = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s::numeric, %s, %s::numeric)",
                run.id,
                run.policy_id.id,
                run.company_id.id,
                run.currency_id.rounding,
                run.mode or "ristourne",
                run.surplus_amount or 0.0,
            )
            for run in self
        )
        return SQL(
            """
            WITH run (id, policy_id, company_id, rounding, mode, surplus)
                 AS (VALUES %(runs)s),
            purchases AS (%(purchases)s),
            basis AS (
                SELECT run.id AS run_id, run.policy_id, run.company_id, run.rounding,
                       run.mode, run.surplus, purchases.partner_id,
                       ROUND(purchases.total / run.rounding) * run.rounding AS basis
                  FROM purchases
                  JOIN run ON run.company_id = purchases.company_id
            )""",
            runs=runs,
            purchases=purchases,
        )

    def _insert_ristourne_lines(self):
        """Create the lines of these runs, of both modes, from ``_basis_query``: each
        partner's basis, then in the same statement the rate of the highest tier it
        reaches (ristourne by tiers) or its share of the surplus pro rata, the rounding
        difference going to the largest basis (the lowest partner id among equals) so
        that the total is exactly the surplus (L-8). Amounts are rounded half away from
        zero to the currency's rounding; lines of nothing are left out. All computed by
        PostgreSQL in one pass over the invoice lines per kind of basis and period, not
        run by run nor partner by partner in Python (X-5). Returns the number of
        lines."""
        if not self:
            return 0
        Line = self.env["coop.ristourne.line"]
        Line.check_access("create")
        self.env.flush_all()
        ids = []
        # one statement per kind of basis and period, each without the conditions it
        # does not need (an OR around a sub-query would make PostgreSQL run it once per
        # invoice line), for runs of distinct cooperatives
        for key, runs in self.grouped(lambda run: run._basis_key()).items():
            batches = []
            for run in runs:
                batch = next(
                    (b for b in batches if run.company_id not in b.company_id), None
                )
                if batch is None:
                    batches.append(run)
                else:
                    batches[batches.index(batch)] = batch | run
            for batch in batches:
                ids += batch._insert_ristourne_lines_sql(*key[:4])
        lines = Line.browse(ids)
        # the ORM did not see these rows: forget what it cached about them
        Line.invalidate_model()
        self.invalidate_recordset(
            ["line_ids", "line_count", "total_basis", "total_amount"]
        )
        self.env["res.partner"].invalidate_model(["coop_ristourne_line_ids"])
        lines.check_access("create")  # record rules, as create() checks them
        return len(lines)

    def _insert_ristourne_lines_sql(self, source, members, include, exclude):
        """The statement of ``_insert_ristourne_lines`` for runs of distinct
        cooperatives of the same ``_basis_key``; returns the ids of the lines."""
        rows = self.env.execute_query(
            SQL(
                """
            %(basis)s,
            share AS (
                SELECT basis.*,
                       SUM(basis.basis) OVER (PARTITION BY basis.run_id) AS run_total,
                       ROW_NUMBER() OVER (PARTITION BY basis.run_id
                                          ORDER BY basis.basis DESC, basis.partner_id)
                           AS place
                  FROM basis
                 WHERE basis.basis > 0
            ),
            amount AS (
                SELECT share.*, tier.rate AS tier_rate,
                       ROUND(CASE WHEN share.mode = 'surplus'
                                  THEN share.surplus * share.basis / share.run_total
                                  ELSE share.basis * COALESCE(tier.rate, 0) / 100.0
                             END / share.rounding) * share.rounding AS amount
                  FROM share
             LEFT JOIN LATERAL (
                    SELECT t.rate FROM coop_ristourne_policy_tier t
                     WHERE share.mode != 'surplus'
                       AND t.policy_id = share.policy_id AND t.threshold <= share.basis
                  ORDER BY t.threshold DESC LIMIT 1
                   ) tier ON TRUE
            ),
            adjusted AS (
                SELECT amount.*,
                       amount.amount + CASE
                           WHEN amount.mode = 'surplus' AND amount.place = 1
                           THEN amount.surplus - SUM(amount.amount) OVER (
                                    PARTITION BY amount.run_id)
                           ELSE 0 END AS paid
                  FROM amount
            )
            SELECT run_id, policy_id, company_id, partner_id, basis,
                   CASE WHEN mode = 'surplus' THEN ROUND(paid / basis * 100.0, 4)
                        ELSE COALESCE(tier_rate, 0) END AS rate,
                   paid AS amount
              FROM adjusted
             WHERE paid > 0
          ORDER BY run_id, partner_id
            """,
                basis=self._basis_query(source, members, include, exclude),
            )
        )
        if not rows:
            return []
        # inserted by a second statement: PostgreSQL reads the invoice lines with
        # parallel workers for a SELECT, never for an INSERT ... SELECT
        columns = list(zip(*rows, strict=False))
        rows = self.env.execute_query(
            SQL(
                """
            INSERT INTO coop_ristourne_line (
                run_id, policy_id, company_id, partner_id, basis, rate, amount, state,
                create_uid, write_uid, create_date, write_date)
            SELECT run_id, policy_id, company_id, partner_id, basis, rate, amount,
                   'to_settle', %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM unnest(%(run)s::int[], %(policy)s::int[], %(company)s::int[],
                          %(partner)s::int[], %(basis)s::numeric[], %(rate)s::numeric[],
                          %(amount)s::numeric[])
                   AS line(run_id, policy_id, company_id, partner_id, basis, rate,
                           amount)
         RETURNING id
            """,
                run=list(columns[0]),
                policy=list(columns[1]),
                company=list(columns[2]),
                partner=list(columns[3]),
                basis=list(columns[4]),
                rate=list(columns[5]),
                amount=list(columns[6]),
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ workflow
    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_validate(self):
        for run in self:
            if run.state != "computed":
                raise UserError(
                    _(
                        "%(run)s is %(state)s: only a computed run can be validated.",
                        run=run.name,
                        state=run._state_label(),
                    )
                )
            if not run.line_ids:
                raise UserError(_("%s has no line: there is nothing to pay.", run.name))
        self._check_overlap()
        self._coop_transition("validated")
        return True

    def action_settle(self):
        """Pay the lines (credit notes or eWallet). Small runs are paid at once; big
        runs are queued and paid batch by batch by the scheduled job. Never pays
        twice."""
        for run in self:
            # a second user settling the same run at the same time is refused at once
            run._lock()
            if run.state == "settled":
                raise UserError(
                    _("%s is already settled: it cannot be paid twice.", run.name)
                )
            if run.state != "validated":
                raise UserError(
                    _(
                        "%(run)s is %(state)s: validate it before settling.",
                        run=run.name,
                        state=run._state_label(),
                    )
                )
            if run.settle_queued:
                raise UserError(
                    _("%s is already being settled in the background.", run.name)
                )
            run._coop_check_edge("settled")
            run._check_overlap()
            run._check_settlement_setup()
            to_settle = run.line_ids.filtered(lambda line: line.state == "to_settle")
            if len(to_settle) > SETTLE_NOW_LIMIT:
                run._coop_with_transition().settle_queued = True
                run.message_post(
                    body=_("%s lines queued for settlement.", len(to_settle))
                )
                self.env.ref("coop_loyalty.ir_cron_ristourne_settle")._trigger()
            else:
                run._settle_batch(to_settle)
        return True

    def _check_settlement_setup(self):
        self.ensure_one()
        policy = self.policy_id
        if policy.settlement == "ewallet" and not policy.ewallet_program_id:
            raise UserError(
                _(
                    "Policy %s settles by eWallet: choose its eWallet program.",
                    policy.name,
                )
            )
        if policy.settlement == "credit_note":
            if not policy.account_id:
                raise UserError(
                    _(
                        "Policy %s settles by credit notes: choose its ristourne "
                        "account.",
                        policy.name,
                    )
                )
            if not self._sale_journal():
                raise UserError(
                    _(
                        "%s has no sales journal for the credit notes.",
                        self.company_id.name,
                    )
                )

    def _sale_journal(self):
        """The policy's journal, else the first sales journal the run's cooperative may
        use: a branch has none of its own and uses its parent company's (Odoo 18
        branches), as a claim's refund does."""
        self.ensure_one()
        return self.policy_id.journal_id or self.env[
            "account.journal"
        ]._coop_sale_journal_for(self.company_id)

    def _lock(self, skip_locked=False):
        """Lock the runs for this transaction. A run locked by another transaction
        raises a UserError at once (NOWAIT); with ``skip_locked``, it is left out
        instead. Returns the runs locked."""
        if not self:
            return self
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM coop_ristourne_run WHERE id IN %s FOR UPDATE %s",
                    tuple(self.ids),
                    SQL("SKIP LOCKED" if skip_locked else "NOWAIT"),
                )
            )
        except pg_errors.LockNotAvailable as exc:
            raise UserError(
                _("This run is being settled by someone else; try again later.")
            ) from exc
        locked = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda run: run.id in locked)

    def _settle_batch(self, lines):
        """Settle ``lines`` of this run (those not settled yet), then close the run when
        none is left. Idempotent: settled lines are skipped."""
        self.ensure_one()
        self._lock()
        lines = lines.filtered(
            lambda line: line.state == "to_settle" and line.run_id == self
        )
        if self.policy_id.settlement == "credit_note":
            lines._settle_by_credit_note()
        else:
            lines._settle_by_ewallet()
        self._coop_notify_settled(lines)
        # counted by the database: loading every line of a big run at each batch is not
        if not self.env["coop.ristourne.line"].search_count(
            [("run_id", "=", self.id), ("state", "=", "to_settle")], limit=1
        ):
            self._coop_transition("settled", {"settle_queued": False})
        return lines

    def _coop_notify_settled(self, lines):
        """Tell each member of the settled ``lines`` of this run what they were
        credited, on their channel (L-7, X-7); the templates read the line from the
        context (``_coop_message_line``)."""
        self.ensure_one()
        subject = _("Ristourne credited")
        for line in lines.filtered(lambda line: line.state == "settled"):
            self.with_context(coop_ristourne_line_id=line.id)._coop_send_to_person(
                line.partner_id,
                subject,
                mail_template="coop_loyalty.mail_template_ristourne_credited",
                sms_template="coop_loyalty.sms_template_ristourne_credited",
                post_kwargs={"email_layout_xmlid": "mail.mail_notification_light"},
            )

    def _coop_message_line(self):
        """The line of this run a message is about (X-7): the one in the context."""
        self.ensure_one()
        line = (
            self.env["coop.ristourne.line"]
            .sudo()
            .browse(self.env.context.get("coop_ristourne_line_id"))
            .exists()
        )
        return line if line.run_id == self else line.browse()

    @api.model
    def _cron_settle_queued(self, batch_size=SETTLE_NOW_LIMIT):
        """Scheduled job: settle a batch of queued lines, report the progress and let
        the scheduler call again until nothing remains."""
        queued = self.search(
            [("settle_queued", "=", True), ("state", "=", "validated")], order="id"
        )
        # runs a user is settling right now are left for the next call
        runs = queued._lock(skip_locked=True)
        Line = self.env["coop.ristourne.line"]
        remaining = (
            Line.search_count([("run_id", "in", runs.ids), ("state", "=", "to_settle")])
            if runs
            else 0
        )
        done = 0
        for run in runs:
            if done >= batch_size:
                break
            lines = Line.search(
                [("run_id", "=", run.id), ("state", "=", "to_settle")],
                limit=batch_size - done,
                order="id",
            )
            run._settle_batch(lines)
            done += len(lines)
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=max(remaining - done, 0)
        )
        return done

    def action_cancel(self):
        for run in self:
            if run.state == "settled" or run.line_ids.filtered(
                lambda line: line.state == "settled"
            ):
                raise UserError(
                    _(
                        "%s has paid ristournes: reverse its credit notes or eWallet "
                        "credits instead of cancelling it.",
                        run.name,
                    )
                )
            run._coop_transition("cancel", {"settle_queued": False})
        return True

    def action_draft(self):
        for run in self:
            if run.state not in ("computed", "cancel"):
                raise UserError(
                    _(
                        "%(run)s is %(state)s: it cannot be reset to draft.",
                        run=run.name,
                        state=run._state_label(),
                    )
                )
            run.line_ids.unlink()
            run._coop_transition("draft")
        return True

    def action_print_statements(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("%s has no line to print.", self.name))
        return self.env.ref(
            "coop_loyalty.action_report_ristourne_statement"
        ).report_action(self.line_ids)

    def action_view_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Ristourne lines"),
            "res_model": "coop.ristourne.line",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id)],
            "context": {"default_run_id": self.id},
        }
