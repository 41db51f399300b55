import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ResPartner(models.Model):
    """Cooperative card and referral on the customer (L-3, L-9)."""

    _inherit = "res.partner"

    coop_referral_code = fields.Char(
        string="Referral code",
        copy=False,
        index="btree_not_null",
        help="Code this customer gives to the people they refer.",
    )
    coop_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred by",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Customer who referred this one; rewarded on the first confirmed order.",
    )
    coop_referrer_code = fields.Char(
        string="Referrer's code",
        compute="_compute_coop_referrer_code",
        inverse="_inverse_coop_referrer_code",
        help="Type the referral code of the customer who referred this one.",
    )
    coop_referral_rewarded = fields.Boolean(
        string="Referral rewarded",
        copy=False,
        readonly=True,
        help="The referrer was rewarded for this customer's first order.",
    )
    coop_loyalty_card_ids = fields.One2many(
        "loyalty.card",
        "partner_id",
        string="Loyalty cards",
        domain=[("program_id.coop_card", "=", True)],
    )

    coop_ristourne_line_ids = fields.One2many(
        "coop.ristourne.line", "partner_id", string="Ristournes"
    )

    _sql_constraints = [
        (
            "coop_referral_code_unique",
            "unique(coop_referral_code)",
            "This referral code is already used by another customer.",
        ),
    ]

    def _coop_check_referral_flag(self, vals_list):
        """Issue #14: ``coop_referral_rewarded`` makes the referral reward happen once;
        it is written by the reward (superuser code) only, not over JSON-RPC or an
        import."""
        if self.env.su:
            return
        if any("coop_referral_rewarded" in vals for vals in vals_list):
            raise UserError(
                _("Whether a referral was rewarded is set by the reward only.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._coop_check_referral_flag(
            [v for v in vals_list if v.get("coop_referral_rewarded")]
        )
        for vals in vals_list:
            if not vals.get("coop_referral_code") and not vals.get("parent_id"):
                vals["coop_referral_code"] = self._coop_new_referral_code()
            if vals.get("coop_referred_by_id") and vals.get("company_id"):
                self.browse(vals["coop_referred_by_id"])._coop_check_customer_for(
                    self.env["res.company"].browse(vals["company_id"]), _("referral")
                )
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_referral_flag([vals])
        if vals.get("coop_referred_by_id"):
            referrer = self.browse(vals["coop_referred_by_id"])
            companies = (
                self.env["res.company"].browse(vals["company_id"])
                if vals.get("company_id")
                else self.company_id
            )
            for company in companies:
                referrer._coop_check_customer_for(company, _("referral"))
        return super().write(vals)

    @api.constrains("coop_referred_by_id", "company_id")
    def _check_coop_referrer_company(self):
        """X-1: the referrer is a customer of the referred customer's cooperative (or
        shared); res.partner does not check its companies by itself."""
        self.filtered("coop_referred_by_id")._check_company(["coop_referred_by_id"])

    @api.model
    def _coop_new_referral_code(self):
        return "".join(secrets.choice(REFERRAL_ALPHABET) for __ in range(8))

    def action_coop_generate_referral_code(self):
        for partner in self.filtered(lambda p: not p.coop_referral_code):
            partner.coop_referral_code = self._coop_new_referral_code()
        return True

    @api.depends("coop_referred_by_id")
    def _compute_coop_referrer_code(self):
        for partner in self:
            partner.coop_referrer_code = partner.coop_referred_by_id.coop_referral_code

    def _inverse_coop_referrer_code(self):
        for partner in self:
            code = (partner.coop_referrer_code or "").strip().upper()
            if not code:
                partner.coop_referred_by_id = False
                continue
            referrer = self.search([("coop_referral_code", "=", code)], limit=1)
            if not referrer:
                raise ValidationError(_("No customer has the referral code %s.", code))
            partner.coop_referred_by_id = referrer

    @api.constrains("coop_referred_by_id")
    def _check_coop_referred_by(self):
        for partner in self.filtered("coop_referred_by_id"):
            if (
                partner.coop_referred_by_id.commercial_partner_id
                == partner.commercial_partner_id
            ):
                raise ValidationError(
                    _("%s cannot be their own referrer.", partner.display_name)
                )

    def action_coop_issue_card(self):
        """Sell a cooperative card to this customer: the card is issued and a quotation
        with the card fee is opened (L-1). Any salesperson can do it."""
        self.ensure_one()
        company = self.env.company
        program = self.env["loyalty.program"]._coop_programs_for(company)[:1]
        if not program:
            raise UserError(
                _("%s has no active cooperative card program.", company.name)
            )
        # issue #14: the card is created as superuser below: the customer must be one
        # the user can read, of the program's cooperative (or shared), before anything
        # else
        self._coop_check_customer_for(program.company_id or company, _("loyalty card"))
        existing = self.env["loyalty.card"]._coop_card_for(self, company)
        if existing:
            raise UserError(
                _(
                    "%(partner)s already has card %(number)s: renew it instead.",
                    partner=self.display_name,
                    number=existing.coop_number,
                )
            )
        card = (
            self.env["loyalty.card"]
            .sudo()
            .create(
                {
                    "program_id": program.id,
                    "partner_id": self.id,
                    "points": 0,
                }
            )
        )
        card.message_post(body=_("Card issued by %s.", self.env.user.name))
        # the holder is told on their channel by the card's create()
        if not program.coop_fee_product_id:
            return {
                "type": "ir.actions.act_window",
                "res_model": "loyalty.card",
                "res_id": card.id,
                "view_mode": "form",
            }
        order = self.env["sale.order"].create(
            {
                "partner_id": self.id,
                "company_id": company.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": program.coop_fee_product_id.id,
                            "name": _(
                                "Card %(number)s, valid until %(date)s",
                                number=card.coop_number,
                                date=format_date(self.env, card.coop_date_expiry),
                            ),
                        }
                    )
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    def action_coop_renew_card(self):
        """Renew the customer's cooperative card: opens the quotation with the fee
        (L-3)."""
        self.ensure_one()
        card = self.env["loyalty.card"]._coop_card_for(self, self.env.companies)
        if not card:
            raise UserError(
                _("%s has no cooperative card to renew.", self.display_name)
            )
        return card.action_renew()

    # ------------------------------------------------------------------
    @api.model
    def _coop_cost_to_serve_sources(self, company_ids, date_to):
        """R-3: the rewards and vouchers a customer used on their orders (the
        discount of a reward line, or the value of a free product), and the
        ristournes paid to them. A reward's discount lowers the order's amount in the
        purchase ledger: it is added back to the revenue and counted as a cost.
        eWallets and gift cards are means of payment, not rewards, except the
        vouchers a cooperative card converts its points into; the eWallet credit of a
        ristourne is counted once, as the ristourne paid."""
        Program = self.env["loyalty.program"]
        rewards = SQL(
            """
SELECT line.company_id, line.partner_id,
       ROUND(GREATEST(-line.amount, 0)::numeric, 2) AS revenue,
       ROUND((CASE WHEN line.amount < 0 THEN -line.amount
                   ELSE line.discounted END)::numeric, 2) AS cost
  FROM %s AS line
 WHERE %s""",
            Program._coop_order_line_sql(company_ids, None, date_to),
            Program._coop_reward_line_sql(SQL("line")),
        )
        ristournes = SQL(
            """
SELECT line.company_id, member.commercial_partner_id AS partner_id,
       0 AS revenue, line.amount AS cost
  FROM coop_ristourne_line line
  JOIN res_partner member ON member.id = line.partner_id
 WHERE line.state = 'settled' AND line.company_id = ANY(%s)
   AND line.date_settled <= %s""",
            company_ids,
            date_to,
        )
        return super()._coop_cost_to_serve_sources(company_ids, date_to) + [
            rewards,
            ristournes,
        ]
