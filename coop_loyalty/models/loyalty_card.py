from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang

from .loyalty_program import TIERS


def _ean13(digits12):
    """EAN-13 of 12 digits (adds the check digit)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    return digits12 + str((10 - total % 10) % 10)


class LoyaltyCard(models.Model):
    """Cooperative loyalty card (L-1, L-2, L-3, L-5).

    The holder-facing expiry is ``coop_date_expiry``. Odoo's own ``expiration_date`` is
    kept equal to that expiry plus the program's grace period: every check Odoo makes on
    ``expiration_date`` (sale_loyalty's filter of the order's applicable coupons, codes,
    partner card counts) then honours the grace period (L-2).
    """

    _name = "loyalty.card"  # two parents: the name is not implied
    _inherit = ["coop.message.mixin", "loyalty.card", "coop.transition.mixin"]
    # Issue #14: no state, but the balance fields are held by the model. Points (of
    # every card: eWallets hold paid ristournes), and the expiry and tier of cooperative
    # cards, change only in server code holding the token of ``coop.transition.mixin``:
    # orders (sale_loyalty's point accounting, wrapped in the token by sale.order and
    # sale.order.line), conversions, renewals sold, the manager's adjustment wizard, and
    # superuser code (Odoo's own ``sudo()`` paths: points of confirmed orders, partner
    # merge). A plain write by a user over JSON-RPC, an import or a view is refused.
    _coop_state_field = None
    # coop_reminder_sent_for and coop_grace_reminder_sent_for guard "one reminder per
    # expiry" (before it, and in the grace period): written by the reminder only
    _coop_card_protected = (
        "points",
        "coop_reminder_sent_for",
        "coop_grace_reminder_sent_for",
    )
    _coop_card_protected_coop = (
        "expiration_date",
        "coop_date_expiry",
        "coop_tier",
        "coop_spend_12m",
    )

    partner_id = fields.Many2one(check_company=True)
    coop_card = fields.Boolean(related="program_id.coop_card")
    coop_number = fields.Char(
        string="Card number",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Number printed on the card, given to the holder.",
    )
    coop_barcode = fields.Char(
        string="Barcode",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="EAN-13 printed on the card.",
    )
    coop_date_issue = fields.Date(string="Issue date", tracking=True)
    coop_date_expiry = fields.Date(string="Expiry date", tracking=True)
    coop_fee_product_id = fields.Many2one(
        related="program_id.coop_fee_product_id", string="Card fee product"
    )
    coop_tier = fields.Selection(TIERS, string="Tier", default="bronze", tracking=True)
    coop_spend_12m = fields.Monetary(
        string="12-month spend",
        readonly=True,
        help="Untaxed amount of the holder's confirmed orders over the last 12 months, "
        "as of the last tier update.",
    )
    coop_multiplier = fields.Float(
        string="Point multiplier", compute="_compute_coop_multiplier"
    )
    coop_validity_state = fields.Selection(
        [("valid", "Valid"), ("grace", "In grace period"), ("expired", "Expired")],
        string="Validity",
        compute="_compute_coop_validity_state",
    )
    coop_reminder_sent_for = fields.Date(
        string="Reminder sent for expiry",
        copy=False,
        readonly=True,
        help="Expiry date for which the reminder was sent (never sent twice).",
    )
    coop_grace_reminder_sent_for = fields.Date(
        string="Grace reminder sent for expiry",
        copy=False,
        readonly=True,
        help="Expiry date for which the reminder of the grace period was sent (never "
        "sent twice).",
    )
    coop_claimable_reward_ids = fields.Many2many(
        "loyalty.reward",
        string="Rewards waiting",
        compute="_compute_coop_claimable_rewards",
        help="Rewards the holder can already claim with the points on the card.",
    )

    _sql_constraints = [
        (
            "coop_number_unique",
            "unique(coop_number)",
            "The card number must be unique.",
        ),
        (
            "coop_barcode_unique",
            "unique(coop_barcode)",
            "The card barcode must be unique.",
        ),
    ]

    # issue #21: a cooperative card is known by its number, the one printed on it, in
    # every field that shows a card (a sale order's card, a search)
    _rec_names_search = ["code", "coop_number", "coop_barcode"]

    @api.depends("program_id", "code", "coop_number")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for card in self:
            if card.coop_card and card.coop_number:
                card.display_name = f"{card.program_id.name}: {card.coop_number}"
        return res

    @api.depends_context("lang")  # the number as the reader writes numbers
    def _compute_points_display(self):
        # a card created from the Cards menu has no program until one is chosen
        without_program = self.filtered(lambda c: not c.program_id)
        without_program.points_display = ""
        return super(LoyaltyCard, self - without_program)._compute_points_display()

    @api.depends("coop_tier", "program_id")
    def _compute_coop_multiplier(self):
        for card in self:
            card.coop_multiplier = (
                card.program_id._coop_multiplier(card.coop_tier)
                if card.coop_card
                else 1.0
            )

    @api.depends("coop_date_expiry", "expiration_date")
    def _compute_coop_validity_state(self):
        today = fields.Date.today()
        for card in self:
            if not card.coop_date_expiry or card.coop_date_expiry >= today:
                card.coop_validity_state = "valid"
            elif card.expiration_date and card.expiration_date >= today:
                card.coop_validity_state = "grace"
            else:
                card.coop_validity_state = "expired"

    @api.depends("points", "program_id.reward_ids.required_points")
    def _compute_coop_claimable_rewards(self):
        for card in self:
            card.coop_claimable_reward_ids = card.program_id.reward_ids.filtered(
                lambda r, c=card: r.required_points and r.required_points <= c.points
            )

    @api.constrains("coop_date_issue", "coop_date_expiry")
    def _check_coop_dates(self):
        for card in self:
            if (
                card.coop_date_issue
                and card.coop_date_expiry
                and card.coop_date_expiry < card.coop_date_issue
            ):
                raise ValidationError(
                    _(
                        "Card %s: the expiry cannot be before the issue date.",
                        card.coop_number or card.code,
                    )
                )

    @api.constrains("partner_id", "program_id")
    def _check_coop_partner_company(self):
        """X-1: a card holder is a customer of the program's cooperative (or shared);
        loyalty.card does not check its companies by itself."""
        self._check_company(["partner_id"])

    def _coop_balance_unlocked(self):
        return self.env.su or self._coop_in_transition()

    def _coop_check_balance_write(self, vals):
        """Refuse a plain write of the balance fields (issue #14)."""
        if self._coop_balance_unlocked():
            return
        fnames = [f for f in self._coop_card_protected if f in vals]
        if any(card.coop_card for card in self):
            fnames += [f for f in self._coop_card_protected_coop if f in vals]
        if fnames:
            self.check_access("write")  # who may not write the card is told that first
            raise UserError(
                _(
                    "%(fields)s of a loyalty card change only through orders, "
                    "conversions, renewals and the manager's balance adjustment (with "
                    "a reason).",
                    fields=", ".join(
                        self._fields[f]._description_string(self.env) for f in fnames
                    ),
                )
            )

    @api.onchange("expiration_date")
    def _restrict_expiration_on_loyalty(self):
        # Odoo forbids an expiration on loyalty cards; cooperative cards have one (L-2).
        return super(
            LoyaltyCard, self.filtered(lambda c: not c.coop_card)
        )._restrict_expiration_on_loyalty()

    # ------------------------------------------------------------------ create/write
    @api.model_create_multi
    def create(self, vals_list):
        context_program = (
            self.env.context.get("active_id")
            if self.env.context.get("active_model") == "loyalty.program"
            else None
        )
        programs = (
            self.env["loyalty.program"]
            .browse(
                {v.get("program_id") or context_program for v in vals_list}
                - {None, False}
            )
            .exists()
        )
        coop_programs = programs.filtered("coop_card")
        today = fields.Date.context_today(self)
        unlocked = self._coop_balance_unlocked()
        for vals in vals_list:
            program = coop_programs.filtered(
                lambda p, v=vals: p.id == (v.get("program_id") or context_program)
            )
            program_id = vals.get("program_id") or context_program
            if vals.get("partner_id") and program_id:
                self.env["res.partner"].browse(
                    vals["partner_id"]
                )._coop_check_customer_for(
                    self.env["loyalty.program"].browse(program_id).company_id,
                    _("loyalty card"),
                )
            if not unlocked:
                given = [
                    f
                    for f in (
                        "points",
                        "coop_spend_12m",
                        "coop_reminder_sent_for",
                        "coop_grace_reminder_sent_for",
                    )
                    if vals.get(f)
                ]
                if program:
                    given += [
                        f
                        for f in ("expiration_date", "coop_date_expiry")
                        if vals.get(f)
                    ]
                    if vals.get("coop_tier", "bronze") not in (False, "bronze"):
                        given.append("coop_tier")
                if given:
                    raise UserError(
                        _(
                            "%(fields)s of a new loyalty card are set by orders, "
                            "conversions, renewals and the manager's balance "
                            "adjustment only.",
                            fields=", ".join(
                                self._fields[f]._description_string(self.env)
                                for f in given
                            ),
                        )
                    )
            if not program:
                continue
            if not vals.get("coop_date_issue"):
                vals["coop_date_issue"] = today
            if not vals.get("coop_date_expiry"):
                issue = fields.Date.to_date(vals["coop_date_issue"])
                vals["coop_date_expiry"] = issue + relativedelta(
                    months=program.coop_validity_months
                )
            if not vals.get("coop_number"):
                vals["coop_number"] = self.env["ir.sequence"].sudo().next_by_code(
                    "coop.loyalty.card"
                ) or _("New")
            if not vals.get("coop_barcode"):
                digits = "".join(ch for ch in vals["coop_number"] if ch.isdigit())
                vals["coop_barcode"] = _ean13(("212" + digits.zfill(9))[-12:])
            vals["expiration_date"] = self._coop_expiration(
                fields.Date.to_date(vals["coop_date_expiry"]), program
            )
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_balance_write(vals)
        if "partner_id" in vals and not self._coop_balance_unlocked():
            self._coop_check_holder_change(vals["partner_id"])
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            programs = (
                self.env["loyalty.program"].browse(vals["program_id"])
                if vals.get("program_id")
                else self.program_id
            )
            for company in programs.company_id:
                partner._coop_check_customer_for(company, _("loyalty card"))
        res = super().write(vals)
        if "coop_date_expiry" in vals or "program_id" in vals:
            for card in self.filtered("coop_card"):
                expiration = self._coop_expiration(
                    card.coop_date_expiry, card.program_id
                )
                if card.expiration_date != expiration:
                    super(LoyaltyCard, card).write({"expiration_date": expiration})
        return res

    def _coop_check_holder_change(self, partner_id):
        """Issue #14: a card with points or history is not moved to another holder by a
        user (JSON-RPC, import, view): its balance belongs to its holder. Refused to
        everyone but superuser code (Odoo's partner merge); a card without points nor
        history (a card issued to the wrong customer) can still be corrected."""
        moved = self.filtered(
            lambda c: c.partner_id.id != (partner_id or False)
            and (c.points or c.history_ids)
        )
        if moved:
            self.check_access("write")
            raise UserError(
                _(
                    "Card %(card)s has points or history: it cannot be given to "
                    "another holder. Issue a new card to the new holder instead.",
                    card=moved[0].coop_number or moved[0].code,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_history(self):
        """Issue #14: a card with points or history lines is not deleted by a user,
        sales manager included (superuser code only); archive it instead."""
        if self.env.su or self._coop_balance_unlocked():
            return
        kept = self.filtered(lambda c: c.points or c.history_ids)
        if kept:
            raise UserError(
                _(
                    "Card %(card)s has points or history: it cannot be deleted. "
                    "Archive it instead.",
                    card=kept[0].coop_number or kept[0].code,
                )
            )

    @api.model
    def _coop_expiration(self, expiry, program):
        """End of the validity as Odoo checks it: the expiry plus the grace period."""
        if not expiry:
            return False
        return expiry + timedelta(days=program.coop_grace_days)

    @api.model
    def _coop_sync_expiration(self, programs):
        """Recompute Odoo's expiration of every card of ``programs`` in one query."""
        self.env["loyalty.card"].flush_model(["coop_date_expiry", "program_id"])
        self.env["loyalty.program"].flush_model(["coop_grace_days", "coop_card"])
        self.env.cr.execute(
            SQL(
                """UPDATE loyalty_card card
                  SET expiration_date = card.coop_date_expiry + program.coop_grace_days
                 FROM loyalty_program program
                WHERE program.id = card.program_id
                  AND program.coop_card
                  AND card.coop_date_expiry IS NOT NULL
                  AND program.id IN %s""",
                tuple(programs.ids),
            )
        )
        self.env["loyalty.card"].invalidate_model(["expiration_date"])

    # ------------------------------------------------------------------ card services
    # Issue #15: the one way to find a customer's card for a cooperative and the one way
    # to credit (or debit) a card with its history line. Orders, renewals, conversions,
    # referrals and the ristourne settlement call them.
    @api.model
    def _coop_card_for(
        self, partner, company, program_type="loyalty", programs=None, create=False
    ):
        """Card service: the card of ``partner`` for ``company`` (issue #15).

        ``loyalty.card._coop_card_for(partner, company, program_type="loyalty",
        programs=None, create=False)`` -> ``loyalty.card`` (empty when none)

        - ``partner``: the holder (``res.partner``, one record); the card is held by
          that partner exactly, as sale_loyalty matches cards to an order's customer.
        - ``company``: the cooperative (``res.company``, one or several); branch-aware
          as ``loyalty.program._coop_programs_for``: a card of a program of the company,
          of a parent company (a union's program is shared with its cooperatives) or of
          no company; never one of an unrelated cooperative's program. ``None``: any
          company (with ``programs``).
        - ``program_type``: "loyalty" for the cooperative cards, else Odoo's program
          type ("ewallet", "gift_card", "coupons"), ``False`` for any.
        - ``programs``: only cards of these programs (still within ``company``).
        - ``create``: when the partner has no such card, one is issued in the best
          program (the company's own first), without points nor e-mail.

        When several cards qualify: the card of the company's own program first, then of
        the closest parent's, then of a program of no company; within a program the
        latest expiry, then the newest card. Searches with the caller's rights: call it
        on ``sudo()`` from server code that checked them (orders of portal customers,
        settlements).
        """
        partner.ensure_one()
        return self._coop_cards_for(
            partner,
            company,
            program_type=program_type,
            programs=programs,
            create=create,
        )[partner.id]

    @api.model
    def _coop_cards_for(
        self, partners, company, program_type="loyalty", programs=None, create=False
    ):
        """Card service, for many holders at once (issue #15): the card of each of
        ``partners`` for ``company``, in one search (and one create with ``create``).

        ``loyalty.card._coop_cards_for(partners, company, program_type="loyalty",
        programs=None, create=False)`` -> ``{partner id: loyalty.card}`` (an empty
        recordset for a partner without a card). Same arguments and choice of the card
        as ``_coop_card_for``.
        """
        Program = self.env["loyalty.program"]
        if company is not None:
            allowed = Program._coop_programs_for(company, program_type=program_type)
            if programs is not None:
                allowed = allowed.filtered(lambda p: p in programs)
            programs = allowed
        elif programs is None:
            raise ValueError("_coop_cards_for needs a company or programs")
        elif program_type == "loyalty":
            programs = programs.filtered("coop_card")
        elif program_type:
            programs = programs.filtered(lambda p: p.program_type == program_type)
        result = {partner_id: self.browse() for partner_id in partners.ids}
        if not programs or not partners:
            return result
        rank = {program.id: index for index, program in enumerate(programs)}
        cards = self.search(
            [("partner_id", "in", partners.ids), ("program_id", "in", programs.ids)]
        )
        far = fields.Date.to_date("9999-12-31")

        def preference(card):
            expiry = card.coop_date_expiry or card.expiration_date or far
            return (rank[card.program_id.id], -expiry.toordinal(), -card.id)

        for card in cards.sorted(preference, reverse=True):
            result[card.partner_id.id] = card  # the best card is the last one written
        missing = [partner_id for partner_id, card in result.items() if not card]
        if create and missing:
            program = programs[0]
            new_cards = (
                self.sudo()
                .with_context(loyalty_no_mail=True)
                .create(
                    [
                        {
                            "program_id": program.id,
                            "partner_id": partner_id,
                            "points": 0,
                        }
                        for partner_id in missing
                    ]
                )
            )
            # the holders are told by create() (loyalty_card_communication.py)
            for card in new_cards.with_env(self.env):
                result[card.partner_id.id] = card
        return result

    def _coop_credit(self, points, description, origin=None):
        """Card service: credit ``points`` to each of these cards with its history line
        (issue #15).

        ``loyalty.card._coop_credit(points, description, origin=None)`` ->
        ``loyalty.history``

        - ``points``: in the card's unit (points of a loyalty card, amount of an eWallet
          or gift card); a negative number takes them from the card (``used`` in the
          history), zero writes a line that moves nothing (a renewal).
        - ``description``: the history line's text, as the holder reads it.
        - ``origin``: the record that caused it (a sale order, a ristourne run, a
          card...), kept as the line's ``order_model``/``order_id``.

        Server code: the caller has checked the user's rights; the balance is written as
        superuser with the card token, so the balance and its history never part.
        Returns the history lines created.
        """
        return self._coop_credit_many(
            [(card, points) for card in self], description, origin=origin
        )

    @api.model
    def _coop_credit_many(self, card_credits, description, origin=None):
        """Card service: ``_coop_credit`` for several cards and amounts at once
        (issue #15): ``card_credits`` is a list of ``(card, points)``, a card may
        appear more than once. One history create; one balance write per card.

        ``loyalty.card._coop_credit_many([(card, points), ...], description,
        origin=None)`` -> ``loyalty.history``
        """
        totals = {}
        history = []
        base = {
            "description": description,
            "order_model": origin._name if origin else False,
            "order_id": origin.id if origin else False,
        }
        for card, points in card_credits:
            card.ensure_one()
            totals[card.id] = totals.get(card.id, 0.0) + points
            history.append(
                {
                    **base,
                    "card_id": card.id,
                    "issued": points if points > 0 else 0.0,
                    "used": -points if points < 0 else 0.0,
                }
            )
        if not history:
            return self.env["loyalty.history"]
        cards = self.sudo().browse(list(totals))._coop_with_transition()
        for card in cards:
            if totals[card.id]:
                card.points += totals[card.id]
        return self.env["loyalty.history"].sudo().create(history)

    # ------------------------------------------------------------------ L-2/L-4 helpers
    def _coop_earns_points(self, date=None):
        """Whether the card still earns points at ``date``: valid or in grace (L-2)."""
        self.ensure_one()
        date = date or fields.Date.today()
        return not self.expiration_date or self.expiration_date >= date

    def _coop_update_tier(self):
        """Tier by the purchases over the last 12 months (L-5): the purchase ledger's
        untaxed amounts in the cooperative's currency, net of credit notes, for the
        holder's commercial partner (issue #15), in the program's cooperative and its
        branches (a union's program counts what the holder bought in every
        cooperative of the union, where its card is valid), in every cooperative for a
        program of no company."""
        cards = self.filtered(lambda c: c.coop_card and c.partner_id)
        if not cards:
            return
        since = fields.Date.context_today(self) - relativedelta(months=12)
        # one grouped query for the cards, run at each confirmation: plain SQL,
        # without the ORM's domain and grouping machinery; every purchase, as
        # sudo; the cooperatives of each program in SQL too (no query more)
        self.env.flush_all()
        spend = dict(
            self.env.execute_query(
                SQL(
                    """
SELECT card.id, COALESCE(SUM(purchase.amount), 0)
  FROM loyalty_card card
  JOIN res_partner holder ON holder.id = card.partner_id
  LEFT JOIN (SELECT ledger.partner_id, ledger.company_id, ledger.amount
               FROM %(ledger)s AS ledger
              WHERE ledger.partner_id = ANY(%(partners)s)) purchase
         ON purchase.partner_id = holder.commercial_partner_id
        AND EXISTS (SELECT 1 FROM (%(scope)s) AS scope
                     WHERE scope.program_id = card.program_id
                       AND scope.company_id = purchase.company_id)
 WHERE card.id = ANY(%(cards)s)
 GROUP BY card.id""",
                    ledger=self.env["coop.purchase"]._coop_purchase_sql(
                        date_from=since
                    ),
                    partners=cards.partner_id.commercial_partner_id.ids,
                    scope=cards.program_id._coop_scope_sql(),
                    cards=cards.ids,
                )
            )
        )
        for card in cards:
            amount = float(spend.get(card.id, 0.0))
            tier = card.program_id._coop_tier_for_amount(amount)
            vals = {}
            if card.coop_tier != tier:
                vals["coop_tier"] = tier
            if card.currency_id.compare_amounts(card.coop_spend_12m, amount):
                vals["coop_spend_12m"] = amount
            if vals:
                card.sudo().write(vals)

    @api.model
    def _cron_coop_update_tiers(self, batch_size=1000):
        """Daily: tiers follow the 12-month spend, in batches (L-5)."""
        cards = self.sudo().search(
            [("program_id.coop_card", "=", True), ("partner_id", "!=", False)],
            order="id",
        )
        for start in range(0, len(cards), batch_size):
            cards[start : start + batch_size]._coop_update_tier()

    # ------------------------------------------------------------------ L-4 conversion
    def _coop_convert_points(self, orders=None):
        """Convert points into vouchers each time the program's threshold is reached
        (L-4).

        Runs in the transaction that confirms the order: the points are deducted, the
        voucher (a card of the coupon, gift card or eWallet program) is issued and the
        holder is told on their channel (X-7). Returns the vouchers.
        """
        vouchers = self.env["loyalty.card"]
        order = orders[:1] if orders else None
        for card in self.sudo():
            program = card.program_id
            threshold = program.coop_conversion_points
            if not (
                card.coop_card
                and threshold
                and program.coop_conversion_program_id
                and card.partner_id
                and card.points >= threshold
            ):
                continue
            count = int(card.points // threshold)
            used = count * threshold
            voucher = card._coop_issue_voucher(count, order=order)
            card._coop_credit(
                -used,
                _(
                    "%(points)s points converted into voucher %(voucher)s",
                    points=card._coop_points_text(used),
                    voucher=", ".join(voucher.mapped("code")),
                ),
                origin=order,
            )
            card.message_post(
                body=_(
                    "%(points)s points converted into a voucher of %(amount)s.",
                    points=card._coop_points_text(used),
                    amount=program.currency_id.format(
                        count * program.coop_conversion_amount
                    ),
                )
            )
            # on the holder's channel; the template reads the context values
            card.with_context(
                coop_voucher_codes=voucher.mapped("code"),
                coop_points_used=used,
                coop_voucher_value=program.currency_id.format(
                    count * program.coop_conversion_amount
                ),
            )._coop_send_to_person(
                card.partner_id,
                _("Voucher earned"),
                mail_template="coop_loyalty.mail_template_card_conversion",
                sms_template="coop_loyalty.sms_template_card_conversion",
                post_kwargs={"email_layout_xmlid": "mail.mail_notification_light"},
            )
            vouchers |= voucher
        return vouchers

    def _coop_issue_voucher(self, count, order=None):
        """Issue ``count`` vouchers of the conversion program, credited through the card
        service with their history line (an eWallet: the holder's wallet for the
        cooperative, created if needed). Returns the voucher cards."""
        self.ensure_one()
        program = self.program_id
        target = program.coop_conversion_program_id
        Card = self.env["loyalty.card"].sudo().with_context(loyalty_no_mail=True)
        value = count * program.coop_conversion_amount
        description = _("Conversion of card %s", self.coop_number)
        if target.program_type == "ewallet":
            wallet = Card._coop_card_for(
                self.partner_id,
                None,
                program_type="ewallet",
                programs=target,
                create=True,
            )
            wallet._coop_credit(value, description, origin=order)
            return wallet
        if target.program_type == "gift_card":
            vouchers = Card.create(
                {"program_id": target.id, "partner_id": self.partner_id.id, "points": 0}
            )
            points = value
        else:
            points = min(target.reward_ids.mapped("required_points") or [1.0])
            vouchers = Card.create(
                [
                    {
                        "program_id": target.id,
                        "partner_id": self.partner_id.id,
                        "points": 0,
                    }
                    for __ in range(count)
                ]
            )
        vouchers._coop_credit(points, description, origin=order)
        return vouchers

    # ------------------------------------------------------------------ X-7 messages
    def _coop_message_company(self):
        """The cooperative of the card's program (the user's for a shared program)."""
        self.ensure_one()
        return self.company_id or self.program_id.company_id or self.env.company

    def _coop_notify_issued(self):
        """Tell the holders of these new cards that their card is issued (L-1, X-7):
        called by ``create`` for every cooperative card with a holder."""
        for card in self.filtered(lambda c: c.coop_card and c.partner_id):
            card._coop_send_to_person(
                card.partner_id,
                _("Card issued"),
                mail_template="coop_loyalty.mail_template_card_issued",
                sms_template="coop_loyalty.sms_template_card_issued",
                post_kwargs={"email_layout_xmlid": "mail.mail_notification_light"},
            )

    # ------------------------------------------------------------------ L-2 reminders
    @api.model
    def _cron_coop_expiry_reminders(self, batch_size=500):
        """Remind holders N days before expiry, and once more when the card is in its
        grace period (its points still count until the end of the grace), once per
        expiry date each (L-2), on the holder's channel (X-7)."""
        today = fields.Date.context_today(self)
        self.flush_model()
        self.env["loyalty.program"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT card.id
                 FROM loyalty_card card
                 JOIN loyalty_program program ON program.id = card.program_id
                WHERE program.coop_card AND program.coop_reminder_days > 0
                  AND card.active AND card.partner_id IS NOT NULL
                  AND (
                      (card.coop_date_expiry >= %(today)s
                       AND card.coop_date_expiry - program.coop_reminder_days
                           <= %(today)s
                       AND card.coop_reminder_sent_for
                           IS DISTINCT FROM card.coop_date_expiry)
                   OR (card.coop_date_expiry < %(today)s
                       AND card.expiration_date >= %(today)s
                       AND card.coop_grace_reminder_sent_for
                           IS DISTINCT FROM card.coop_date_expiry)
                  )
             ORDER BY card.coop_date_expiry, card.id""",
                today=today,
            )
        )
        due = self.sudo().browse(row[0] for row in self.env.cr.fetchall())
        batch = due[:batch_size]
        batch._coop_send_expiry_reminder()
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(due) - len(batch)
        )
        return batch

    def _coop_send_expiry_reminder(self):
        """The reminder before the expiry, or, for a card past its expiry, the
        reminder of its grace period, on the holder's channel (X-7)."""
        today = fields.Date.context_today(self)
        for card in self:
            if card.coop_date_expiry and card.coop_date_expiry < today:
                subject = _("Card grace period reminder")
                kind, flag = "grace_reminder", "coop_grace_reminder_sent_for"
            else:
                subject = _("Card expiry reminder")
                kind, flag = "expiry_reminder", "coop_reminder_sent_for"
            card._coop_send_to_person(
                card.partner_id,
                subject,
                mail_template=f"coop_loyalty.mail_template_card_{kind}",
                sms_template=f"coop_loyalty.sms_template_card_{kind}",
                post_kwargs={"email_layout_xmlid": "mail.mail_notification_light"},
            )
            card.sudo()._coop_with_transition()[flag] = card.coop_date_expiry

    def _format_points(self, points):
        """Odoo's text of a number of points (``1000 Points``, or an amount when the
        points are the program's currency), with the number written as the reader
        writes numbers: ``1,000 Points``, ``1 000 Points`` in French (issue #21)."""
        self.ensure_one()
        if self.point_name == self.program_id.currency_id.symbol:
            return super()._format_points(points)  # an amount, in the reader's format
        return f"{self._coop_points_text(points)} {self.point_name or ''}"

    def _coop_points_text(self, points):
        """The number of ``_format_points`` alone, as the reader writes numbers
        (``1 000`` in French), whole or with Odoo's two decimals, for the texts that
        name the points themselves (issue #21)."""
        digits = 0 if float(points).is_integer() else 2
        return formatLang(self.env, points, digits=digits)

    # ------------------------------------------------------------------ L-3 renewal
    def _coop_renewal_expiry(self):
        """The expiry a renewal sold today gives: from the later of today and the old
        expiry."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        start = max(today, self.coop_date_expiry or today)
        return start + relativedelta(months=self.program_id.coop_validity_months)

    def _coop_extend(self, reason, order=None):
        """Renew the cards now (a renewal sold, or without a fee to sell); the card's
        history says from which expiry to which (issue #14)."""
        for card in self:
            old_expiry = card.coop_date_expiry
            new_expiry = card._coop_renewal_expiry()
            card._coop_with_transition().write({"coop_date_expiry": new_expiry})
            card._coop_history_note(
                _(
                    "Renewal: expiry %(old)s → %(new)s (%(reason)s)",
                    old=format_date(self.env, old_expiry),
                    new=format_date(self.env, new_expiry),
                    reason=reason,
                ),
                order=order,
            )
            card.message_post(
                body=_(
                    "Card renewed until %(date)s (%(reason)s).",
                    date=format_date(self.env, new_expiry),
                    reason=reason,
                )
            )
            if not card.partner_id:
                continue
            card._coop_send_to_person(
                card.partner_id,
                _("Card renewal"),
                mail_template="coop_loyalty.mail_template_card_renewed",
                sms_template="coop_loyalty.sms_template_card_renewed",
                post_kwargs={"email_layout_xmlid": "mail.mail_notification_light"},
            )

    def _coop_history_note(self, description, order=None):
        """A line of the card's history that moves no points (renewals), through the
        card service."""
        self.ensure_one()
        return self._coop_credit(0.0, description, origin=order)

    def _coop_undo_renewal(self, renewed_from, renewed_until, order, reason=None):
        """Issue #14: the order that sold a renewal is cancelled (or, issue #16, its
        fee refunded: ``reason`` says how, ``order`` is then the refund or credit
        note): the card loses what that renewal gave (its expiry goes back to the
        previous one, or, when a later renewal or adjustment followed, by the same
        number of days)."""
        self.ensure_one()
        current = self.coop_date_expiry
        if not renewed_from or not renewed_until:
            return
        if current == renewed_until:
            new_expiry = renewed_from
        else:
            new_expiry = current - (renewed_until - renewed_from)
        self._coop_with_transition().write({"coop_date_expiry": new_expiry})
        reason = reason or _("order %s cancelled", order.name)
        self._coop_history_note(
            _(
                "Renewal cancelled: expiry %(old)s → %(new)s (%(reason)s)",
                old=format_date(self.env, current),
                new=format_date(self.env, new_expiry),
                reason=reason,
            ),
            order=order,
        )
        self.message_post(
            body=_(
                "Renewal cancelled (%(reason)s): the card is valid until " "%(date)s.",
                reason=reason,
                date=format_date(self.env, new_expiry),
            )
        )

    def action_renew(self, order=None):
        """Renew the card (L-3, issue #14, issue #21).

        With ``order`` (a quotation, from the sale order's button), the fee line is
        added to it and the card is renewed when that order is confirmed. Without it, in
        one action for a loyalty user or manager (no sales rights needed) or a
        salesperson: after checking the user's right to write this card and its holder,
        the fee order is created as superuser and, as the cooperative chooses
        (``coop_card_renewal_mode``), confirmed at once (the card is renewed) or left as
        a quotation (the renewal is pending until that order is confirmed). A program
        without a fee renews at once. The expiry runs from the later of the day the fee
        is sold and the old expiry."""
        self.ensure_one()
        if not self.coop_card:
            raise UserError(_("Only cooperative cards can be renewed."))
        if not self.partner_id:
            raise UserError(
                _("Card %s has no holder to renew it for.", self.coop_number)
            )
        if isinstance(order, int):
            order = self.env["sale.order"].browse(order)
        if order and order.state not in ("draft", "sent"):
            raise UserError(
                _(
                    "The fee can only be added to a quotation, not to order %s.",
                    order.name,
                )
            )
        program = self.program_id
        # issue #21: the user's own rights on this card, checked before any sudo()
        self.check_access("write")
        user = self.env.user
        if (
            not self.env.su
            and not user.has_group("coop_loyalty.group_loyalty_user")
            and not user.has_group("sales_team.group_sale_salesman")
        ):
            raise AccessError(_("Only loyalty users and salespeople can renew a card."))
        if not program.coop_fee_product_id:
            self._coop_extend(_("no fee"))
            return True
        line_vals = {
            "product_id": program.coop_fee_product_id.id,
            "name": _(
                "Renewal of card %(number)s until %(date)s",
                number=self.coop_number,
                date=format_date(self.env, self._coop_renewal_expiry()),
            ),
            "coop_renew_card_id": self.id,
        }
        if order:
            order.write({"order_line": [fields.Command.create(line_vals)]})
            self.message_post(
                body=_(
                    "Renewal fee added to %s: the card is renewed when "
                    "it is confirmed.",
                    order.name,
                )
            )
            return self._coop_order_action(order)
        company = program.company_id or self.company_id or self.env.company
        self.partner_id._coop_check_customer_for(company, _("loyalty card"))
        mode = company.coop_card_renewal_mode or "confirm"
        # checked above: the user may write this card, its holder is a customer of the
        # program's cooperative; the fee order is the suite's, created as superuser
        order = (
            self.env["sale.order"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": company.id,
                    "user_id": user.id,
                    "order_line": [fields.Command.create(line_vals)],
                }
            )
        )
        if mode == "confirm":
            order.action_confirm()
        else:
            self.message_post(
                body=_(
                    "Renewal pending: the card is renewed when the fee order %s is "
                    "confirmed.",
                    order.name,
                )
            )
        return self._coop_order_action(order)

    def _coop_order_action(self, order):
        """The fee order's form for a user who can read it; else the card stays open."""
        if order.with_env(self.env).has_access("read"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "sale.order",
                "res_id": order.id,
                "view_mode": "form",
                "target": "current",
            }
        return True


class LoyaltyHistory(models.Model):
    """The history rows of eWallet credits that paid a ristourne are kept as written
    (L-7, issue #14): nobody rewrites or deletes them, and only the settlement (or other
    superuser code) writes such rows."""

    _inherit = "loyalty.history"

    def _coop_ristourne_rows(self):
        return self.filtered(lambda h: h.order_model == "coop.ristourne.run")

    def _coop_check_ristourne_rows(self):
        if (
            self._coop_ristourne_rows()
            and not self.env["loyalty.card"]._coop_in_transition()
        ):
            raise UserError(
                _(
                    "The history of a ristourne paid on an eWallet cannot be "
                    "changed or deleted."
                )
            )

    def _coop_unlocked(self):
        return self.env.su or self.env["loyalty.card"]._coop_in_transition()

    def _coop_check_card_rows(self, cards):
        """Issue #14: the history of a cooperative card (orders, renewals and their
        cancellation, conversions, the manager's adjustments with their reason) is its
        record: written by that server code only, not by a user over JSON-RPC or an
        import."""
        if not self._coop_unlocked() and cards.filtered("coop_card"):
            raise UserError(
                _(
                    "The history of a cooperative card is written by its orders, "
                    "renewals, conversions and the manager's adjustment only."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._coop_unlocked() and any(
            vals.get("order_model") == "coop.ristourne.run" for vals in vals_list
        ):
            raise UserError(
                _("Only the settlement of a ristourne run writes its history.")
            )
        self._coop_check_card_rows(
            self.env["loyalty.card"].browse(
                {vals.get("card_id") for vals in vals_list} - {None, False}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_ristourne_rows()
        if vals.get("order_model") == "coop.ristourne.run" and not self.env.su:
            raise UserError(
                _("Only the settlement of a ristourne run writes its history.")
            )
        self._coop_check_card_rows(self.card_id)
        if vals.get("card_id"):
            self._coop_check_card_rows(self.env["loyalty.card"].browse(vals["card_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ristourne(self):
        self._coop_check_ristourne_rows()
        self._coop_check_card_rows(self.card_id)
