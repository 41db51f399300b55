from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

# texts of a claim written by or about the customer, blanked by the erasure (M-9)
CLAIM_ERASED_TEXTS = ("subject", "description", "answer", "city")
# what the person's own (portal) export shows of their claims: no internal field (C-2)
CLAIM_PORTAL_FIELDS = [
    "name",
    "subject",
    "description",
    "date_received",
    "phase",
    "company_id",
    "channel",
]


class ResPartner(models.Model):
    """Claims of a customer and the C-3 frequent-claimant flag; the personal data of
    the claims, per cooperative (M-9, issue #14)."""

    _inherit = "res.partner"

    coop_claim_ids = fields.One2many("coop.claim", "partner_id", string="Claims")
    coop_claim_count = fields.Integer(
        string="Claims count", compute="_compute_coop_claim_count"
    )
    coop_claim_flag = fields.Boolean(
        string="Frequent claimant",
        compute="_compute_coop_claim_count",
        help="Claims over the last 12 months in the current cooperative pass its "
        "count or share of orders.",
    )

    @api.depends_context("uid", "company")
    def _compute_coop_claim_count(self):
        if not self.env["coop.claim"].has_access("read"):
            self.coop_claim_count = 0
            self.coop_claim_flag = False
            return
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["coop.claim"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        flags = commercial._coop_claim_flag_info(self.env.company) if commercial else {}
        for partner in self:
            partner.coop_claim_count = counts.get(partner.commercial_partner_id, 0)
            info = flags.get(partner.commercial_partner_id.id)
            partner.coop_claim_flag = bool(info and info["flag"])

    def _coop_claim_flag_info(self, company, date_to=None):
        """C-3, for commercial partners: claims and confirmed orders over 12 months.

        flag = claims > company.coop_claim_flag_count (if > 0)
               or (orders > 0 and claims / orders x 100 > company.coop_claim_flag_share)
        Returns {partner_id: {"flag", "claims", "orders", "reason"}}; two grouped
        queries whatever the number of partners.
        """
        # the 12 months up to date_to (default: up to the end of today)
        date_to = date_to or (fields.Datetime.today() + relativedelta(days=1))
        date_from = date_to - relativedelta(months=12)
        partners = self.commercial_partner_id
        claims = dict(
            self.env["coop.claim"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("date_received", ">=", date_from),
                    ("date_received", "<", date_to),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        # purchases: the purchase ledger's rows (a sale order and its invoice are one,
        # a direct invoice is one, a credit note is a return, not a purchase), of the
        # commercial partner (issue #15)
        last_day = (
            date_to - timedelta(microseconds=1)
            if isinstance(date_to, datetime)
            else date_to - timedelta(days=1)
        )
        self.env.flush_all()
        orders = {}
        if partners:
            orders = dict(
                self.env.execute_query(
                    SQL(
                        """SELECT purchase.partner_id, COUNT(*) FROM %s AS purchase
                    WHERE purchase.partner_id = ANY(%s) AND purchase.amount >= 0
                 GROUP BY purchase.partner_id""",
                        self.env["coop.purchase"]._coop_purchase_sql(
                            [company.id],
                            fields.Date.to_date(date_from),
                            fields.Date.to_date(last_day),
                        ),
                        partners.ids,
                    )
                )
            )
        orders = {self.browse(partner): count for partner, count in orders.items()}
        result = {}
        for partner in partners:
            n_claims = claims.get(partner, 0)
            n_orders = orders.get(partner, 0)
            reasons = []
            if (
                company.coop_claim_flag_count
                and n_claims > company.coop_claim_flag_count
            ):
                reasons.append(
                    _(
                        "%(claims)s claims in 12 months (limit %(limit)s)",
                        claims=n_claims,
                        limit=company.coop_claim_flag_count,
                    )
                )
            share = n_claims * 100.0 / n_orders if n_orders else 0.0
            if (
                company.coop_claim_flag_share
                and n_orders
                and share > (company.coop_claim_flag_share)
            ):
                reasons.append(
                    _(
                        "%(claims)s claims for %(orders)s orders in 12 months "
                        "(%(share).0f%%, limit %(limit).0f%%)",
                        claims=n_claims,
                        orders=n_orders,
                        share=share,
                        limit=company.coop_claim_flag_share,
                    )
                )
            result[partner.id] = {
                "flag": bool(reasons),
                "claims": n_claims,
                "orders": n_orders,
                "reason": "; ".join(reasons) or False,
            }
        return result

    def action_view_coop_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_claims.action_coop_claim"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------ personal data
    def _coop_privacy_sources(self, partners):
        return super()._coop_privacy_sources(partners) + [
            (
                "claims",
                "coop.claim",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
        ]

    @api.model
    def _coop_privacy_export_fields(self, section, portal):
        if section == "claims" and portal:
            return CLAIM_PORTAL_FIELDS
        return super()._coop_privacy_export_fields(section, portal)

    def _coop_anonymize_records(self, request):
        """Erasure of the claims of the cooperatives of the request: their texts
        (subject, description, answer, city) and their tracked old values, and the files
        sent with them. The claims, their phase, type and figures stay for the
        indicators."""
        claims = request["records"].get("claims", self.env["coop.claim"]).sudo()
        if claims:
            self.env["mail.tracking.value"].sudo().search(
                [
                    ("mail_message_id.model", "=", "coop.claim"),
                    ("mail_message_id.res_id", "in", claims.ids),
                    ("field_id.name", "in", list(CLAIM_ERASED_TEXTS)),
                ]
            ).unlink()
            self.env["ir.attachment"].sudo().search(
                [
                    ("res_model", "=", "coop.claim"),
                    ("res_id", "in", claims.ids),
                ]
            ).unlink()
            values = {
                fname: False for fname in CLAIM_ERASED_TEXTS if fname in claims._fields
            }
            values["subject"] = self.env._("Anonymised claim")
            claims._coop_with_transition().with_context(
                tracking_disable=True, mail_notrack=True
            ).write(values)
        return super()._coop_anonymize_records(request)

    # ------------------------------------------------------------------
    @api.model
    def _coop_cost_to_serve_sources(self, company_ids, date_to):
        """R-3: the granted compensations of the customer's claims. A refund's
        posted credit note lowers the customer's purchases in the ledger: its amount
        is added back to the revenue and counted as a cost (once); a refund whose
        credit note is not posted yet, an exchange and a service count at their cost;
        a discount coupon counts when it is used, as a reward (coop_loyalty)."""
        compensations = SQL(
            """
SELECT claim.company_id, customer.commercial_partner_id AS partner_id,
       COALESCE(credit.amount, 0) AS revenue,
       COALESCE(credit.amount, compensation.cost) AS cost
  FROM coop_claim_compensation compensation
  JOIN coop_claim claim ON claim.id = compensation.claim_id
  JOIN res_partner customer ON customer.id = claim.partner_id
  LEFT JOIN LATERAL (
       SELECT ROUND(SUM(aml.balance)::numeric, 2) AS amount
         FROM account_move move
         JOIN account_move_line aml ON aml.move_id = move.id
        WHERE move.id = compensation.move_id AND move.state = 'posted'
          AND aml.display_type = 'product'
       HAVING COUNT(*) > 0) credit ON TRUE
 WHERE compensation.state = 'done' AND compensation.compensation_type <> 'coupon'
   AND claim.company_id = ANY(%s) AND claim.date_received::date <= %s""",
            company_ids,
            date_to,
        )
        return super()._coop_cost_to_serve_sources(company_ids, date_to) + [
            compensations
        ]
