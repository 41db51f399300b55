import math
import random

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.coop_crm_base.models.coop_message_channel import coop_sms_parts

# trace statuses of a message that left (or is leaving) the cooperative
SENT_STATUSES = ("outgoing", "process", "pending", "sent", "open", "reply")

FIGURES = (
    "coop_recipient_count",
    "coop_control_count",
    "coop_buyer_count",
    "coop_revenue",
    "coop_control_revenue",
    "coop_control_revenue_scaled",
    "coop_attributed_revenue",
    "coop_incremental_revenue",
    "coop_messages_sent",
    "coop_message_cost",
    "coop_reward_cost",
    "coop_total_cost",
    "coop_net_result",
    "coop_roi",
)


class UtmCampaign(models.Model):
    """A cooperative's marketing campaign on Odoo's UTM campaigns and mass mailing, and
    its return (R-1).

    The campaign's mailings (e-mail or SMS, to customers of the cooperative) reach the
    customers who consented to their channel, less a control group drawn at random
    when the manager asks for one. Over the attribution window after each customer
    was reached (or left out), the purchase ledger tells what the recipients and the
    control group bought: the campaign's extra revenue is the recipients' revenue
    minus the control group's, brought to the same size; without a control group, the
    revenue of the orders attributed to the campaign (its UTM campaign on the order,
    or a code or coupon of the campaign's promotions used on it). Its cost: the
    messages sent (e-mails at the campaign's unit cost, SMS parts at the cooperative's
    cost of an SMS), the rewards of its promotions used and any other cost entered.
    Net result = extra revenue - cost; return = net result / cost.
    """

    _inherit = "utm.campaign"

    coop_company_id = fields.Many2one(
        "res.company",
        "Cooperative",
        index="btree_not_null",
        help="The cooperative whose customers the campaign addresses; its "
        "purchases count for the campaign's return. A campaign without cooperative "
        "is one of Odoo's own, which the suite leaves as it is.",
    )
    coop_currency_id = fields.Many2one(
        related="coop_company_id.currency_id", string="Cooperative's currency"
    )
    coop_window_days = fields.Integer(
        "Attribution window (days)",
        default=30,
        help="A purchase counts for the campaign when it is made within this many "
        "days after the customer was reached.",
    )
    coop_control_percent = fields.Float(
        "Control group (%)",
        default=0.0,
        digits=(5, 2),
        help="Share of the customers a mailing would reach that the campaign leaves "
        "out at random, to compare what they buy with what the recipients buy (0: no "
        "control group).",
    )
    coop_email_cost = fields.Monetary(
        "Cost of an e-mail", currency_field="coop_currency_id"
    )
    coop_other_cost = fields.Monetary(
        "Other costs",
        currency_field="coop_currency_id",
        help="Any other cost of the campaign: printing, the stand of a fair, time...",
    )
    coop_program_ids = fields.Many2many(
        "loyalty.program",
        "coop_campaign_loyalty_program_rel",
        "campaign_id",
        "program_id",
        string="Promotions and coupons",
        domain="[('program_type', 'not in', ('ewallet', 'gift_card', 'loyalty'))]",
        help="The promotions, codes and coupons of the campaign: the orders that use "
        "them are attributed to the campaign, and their rewards are its cost.",
    )
    coop_recipient_ids = fields.One2many(
        "coop.campaign.recipient", "campaign_id", string="Recipients and control group"
    )
    coop_recipient_count = fields.Integer("Recipients", compute="_compute_coop_figures")
    coop_control_count = fields.Integer(
        "Control group", compute="_compute_coop_figures"
    )
    coop_buyer_count = fields.Integer(
        "Recipients who bought",
        compute="_compute_coop_figures",
        help="Recipients who bought within the attribution window.",
    )
    coop_revenue = fields.Monetary(
        "Recipients' revenue",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
        help="What the recipients bought within the attribution window (untaxed, "
        "purchase ledger).",
    )
    coop_control_revenue = fields.Monetary(
        "Control group's revenue",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
    )
    coop_control_revenue_scaled = fields.Monetary(
        "Control group's revenue at the recipients' size",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
        help="What as many customers as the recipients would have bought without the "
        "campaign: the control group's revenue times recipients / control group.",
    )
    coop_attributed_revenue = fields.Monetary(
        "Attributed orders",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
        help="Orders of the campaign: with its UTM campaign, or using one of its "
        "promotions, within the window after its mailings.",
    )
    coop_incremental_revenue = fields.Monetary(
        "Extra revenue",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
        help="With a control group: the recipients' revenue minus the control group's "
        "at the same size; without: the attributed orders.",
    )
    coop_messages_sent = fields.Integer(
        "Messages sent", compute="_compute_coop_figures"
    )
    coop_message_cost = fields.Monetary(
        "Cost of the messages",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
        help="E-mails sent at the campaign's cost of an e-mail, SMS parts at the "
        "cooperative's cost of an SMS.",
    )
    coop_reward_cost = fields.Monetary(
        "Rewards granted",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
        help="Discounts and free products of the campaign's promotions used.",
    )
    coop_total_cost = fields.Monetary(
        "Total cost", compute="_compute_coop_figures", currency_field="coop_currency_id"
    )
    coop_net_result = fields.Monetary(
        "Net result",
        compute="_compute_coop_figures",
        currency_field="coop_currency_id",
        help="Extra revenue minus total cost.",
    )
    coop_roi = fields.Float(
        "Return (%)",
        compute="_compute_coop_figures",
        digits=(9, 2),
        help="Net result / total cost.",
    )

    @api.constrains("coop_control_percent", "coop_window_days")
    def _check_coop_settings(self):
        for campaign in self:
            if not 0 <= campaign.coop_control_percent <= 50:
                raise ValidationError(
                    _(
                        "%s: the control group is between 0 and 50%% of the customers.",
                        campaign.title,
                    )
                )
            if campaign.coop_window_days < 1:
                raise ValidationError(
                    _(
                        "%s: the attribution window is at least one day.",
                        campaign.title,
                    )
                )

    # ------------------------------------------------------------------ recipients
    def _coop_leave_out_control(self, partners, mailing):
        """The ``partners`` a mailing of the campaign may reach: without the control
        group, which a share (``coop_control_percent``) of the customers not yet in
        the campaign joins, drawn at random."""
        self.ensure_one()
        Recipient = self.env["coop.campaign.recipient"].sudo()
        known = Recipient.search(
            [("campaign_id", "=", self.id), ("partner_id", "in", partners.ids)]
        )
        control = known.filtered("is_control").partner_id
        new = partners - known.partner_id
        size = math.floor(len(new) * self.coop_control_percent / 100.0)
        if size:
            drawn = new.browse(random.sample(sorted(new.ids), size))
            Recipient.create(
                [
                    {
                        "campaign_id": self.id,
                        "company_id": self.coop_company_id.id,
                        "partner_id": partner.id,
                        "mailing_id": mailing.id,
                        "is_control": True,
                        "date": fields.Datetime.now(),
                    }
                    for partner in drawn
                ]
            )
            control |= drawn
        return partners - control

    def _coop_record_recipients(self, mailing):
        """Keep the customers the mailing reached (its traces neither cancelled nor in
        error) that the campaign had not reached yet."""
        self.ensure_one()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """SELECT trace.res_id, MIN(trace.create_date)
                     FROM mailing_trace trace
                    WHERE trace.mass_mailing_id = %s AND trace.model = 'res.partner'
                      AND trace.trace_status IN %s
                      AND NOT EXISTS (SELECT 1 FROM coop_campaign_recipient known
                                       WHERE known.campaign_id = %s
                                         AND known.partner_id = trace.res_id)
                 GROUP BY trace.res_id""",
                mailing.id,
                SENT_STATUSES,
                self.id,
            )
        )
        self.env["coop.campaign.recipient"].sudo().create(
            [
                {
                    "campaign_id": self.id,
                    "company_id": self.coop_company_id.id,
                    "partner_id": partner_id,
                    "mailing_id": mailing.id,
                    "date": date,
                }
                for partner_id, date in rows
            ]
        )

    # ------------------------------------------------------------------ figures
    def _compute_coop_figures(self):
        for fname in FIGURES:
            self[fname] = 0
        campaigns = self.filtered(lambda c: c.id and c.coop_company_id)
        if not campaigns:
            return
        figures = campaigns._coop_figures()
        for campaign in campaigns:
            values = figures[campaign.id]
            for fname in FIGURES:
                campaign[fname] = values[fname]

    def _coop_figures(self):
        """The figures of the campaigns of ``self``: {campaign id: {field: value}},
        in three grouped queries for all of them (as sudo: a campaign's figures are
        read by the managers of its cooperative, of purchases they may not open)."""
        self.env.flush_all()
        ledger = self.env["coop.purchase"]._coop_purchase_sql(
            self.coop_company_id._coop_stats_companies().ids
        )
        lines = self.env["loyalty.program"]._coop_order_line_sql(
            self.coop_company_id._coop_stats_companies().ids
        )
        rows = self.env.execute_query_dict(
            SQL(
                """
WITH campaign AS (
    SELECT c.id, c.coop_window_days AS days, co.parent_path
      FROM utm_campaign c
      JOIN res_company co ON co.id = c.coop_company_id
     WHERE c.id = ANY(%(ids)s)
),
member AS (
    SELECT r.campaign_id, COALESCE(r.is_control, FALSE) AS is_control,
           partner.commercial_partner_id AS partner_id,
           r.date::date AS since, r.date::date + campaign.days AS until
      FROM coop_campaign_recipient r
      JOIN campaign ON campaign.id = r.campaign_id
      JOIN res_partner partner ON partner.id = r.partner_id
),
bought AS (
    SELECT member.campaign_id, member.is_control, member.partner_id,
           SUM(purchase.amount) AS amount
      FROM member
      JOIN campaign ON campaign.id = member.campaign_id
      JOIN %(ledger)s AS purchase ON purchase.partner_id = member.partner_id
                                 AND purchase.date BETWEEN member.since AND member.until
      JOIN res_company co ON co.id = purchase.company_id
     WHERE starts_with(co.parent_path, campaign.parent_path)
     GROUP BY member.campaign_id, member.is_control, member.partner_id
),
period AS (
    SELECT member.campaign_id, MIN(member.since) AS since, MAX(member.until) AS until
      FROM member GROUP BY member.campaign_id
),
attributed AS (
    SELECT campaign.id AS campaign_id, purchase.amount
      FROM campaign
      JOIN period ON period.campaign_id = campaign.id
      JOIN %(ledger)s AS purchase ON purchase.date BETWEEN period.since AND period.until
      JOIN res_company co ON co.id = purchase.company_id
     WHERE starts_with(co.parent_path, campaign.parent_path)
       AND ((purchase.res_model = 'sale.order'
             AND EXISTS (SELECT 1 FROM sale_order so
                          WHERE so.id = purchase.res_id
                            AND so.campaign_id = campaign.id))
            OR EXISTS (SELECT 1 FROM %(lines)s AS line
                         JOIN loyalty_reward reward ON reward.id = line.reward_id
                         JOIN coop_campaign_loyalty_program_rel rel
                              ON rel.program_id = reward.program_id
                        WHERE rel.campaign_id = campaign.id
                          AND line.res_model = purchase.res_model
                          AND line.res_id = purchase.res_id))
),
rewarded AS (
    SELECT campaign.id AS campaign_id,
           SUM(CASE WHEN line.amount < 0 THEN -line.amount
                    ELSE line.discounted END) AS cost
      FROM campaign
      JOIN period ON period.campaign_id = campaign.id
      JOIN %(lines)s AS line ON line.date BETWEEN period.since AND period.until
      JOIN res_company co ON co.id = line.company_id
      JOIN loyalty_reward reward ON reward.id = line.reward_id
      JOIN coop_campaign_loyalty_program_rel rel
           ON rel.program_id = reward.program_id
          AND rel.campaign_id = campaign.id
     WHERE starts_with(co.parent_path, campaign.parent_path)
     GROUP BY campaign.id
)
SELECT campaign.id,
       (SELECT COUNT(*) FROM member
         WHERE member.campaign_id = campaign.id AND NOT member.is_control)
           AS recipients,
       (SELECT COUNT(*) FROM member
         WHERE member.campaign_id = campaign.id AND member.is_control) AS control,
       (SELECT COUNT(*) FROM bought
         WHERE bought.campaign_id = campaign.id AND NOT bought.is_control
           AND bought.amount > 0) AS buyers,
       (SELECT COALESCE(SUM(bought.amount), 0) FROM bought
         WHERE bought.campaign_id = campaign.id AND NOT bought.is_control) AS revenue,
       (SELECT COALESCE(SUM(bought.amount), 0) FROM bought
         WHERE bought.campaign_id = campaign.id AND bought.is_control)
           AS control_revenue,
       (SELECT COALESCE(SUM(attributed.amount), 0) FROM attributed
         WHERE attributed.campaign_id = campaign.id) AS attributed,
       (SELECT COALESCE(SUM(rewarded.cost), 0) FROM rewarded
         WHERE rewarded.campaign_id = campaign.id) AS reward_cost
  FROM campaign
""",
                ids=self.ids,
                ledger=ledger,
                lines=lines,
            )
        )
        messages = self._coop_messages()
        result = {}
        for row in rows:
            campaign = self.browse(row["id"])
            currency = campaign.coop_currency_id
            recipients, control = row["recipients"], row["control"]
            revenue = float(row["revenue"])
            control_revenue = float(row["control_revenue"])
            scaled = (
                currency.round(control_revenue * recipients / control)
                if control
                else 0.0
            )
            attributed = float(row["attributed"])
            incremental = revenue - scaled if control else attributed
            sent, message_cost = messages.get(campaign.id, (0, 0.0))
            reward_cost = float(row["reward_cost"])
            other_cost = campaign.coop_other_cost
            total = currency.round(message_cost + reward_cost + other_cost)
            net = currency.round(incremental - total)
            result[campaign.id] = {
                "coop_recipient_count": recipients,
                "coop_control_count": control,
                "coop_buyer_count": row["buyers"],
                "coop_revenue": revenue,
                "coop_control_revenue": control_revenue,
                "coop_control_revenue_scaled": scaled,
                "coop_attributed_revenue": attributed,
                "coop_incremental_revenue": currency.round(incremental),
                "coop_messages_sent": sent,
                "coop_message_cost": currency.round(message_cost),
                "coop_reward_cost": currency.round(reward_cost),
                "coop_total_cost": total,
                "coop_net_result": net,
                "coop_roi": round(100.0 * net / total, 2) if total else 0.0,
            }
        return result

    def _coop_messages(self):
        """{campaign id: (messages sent, their cost)}: the e-mails of the campaign's
        mailings at its cost of an e-mail, its SMS in gateway parts at the
        cooperative's cost of an SMS (X-7)."""
        groups = (
            self.env["mailing.trace"]
            .sudo()
            ._read_group(
                [
                    ("mass_mailing_id.campaign_id", "in", self.ids),
                    ("trace_status", "in", SENT_STATUSES),
                ],
                ["mass_mailing_id", "trace_type"],
                ["__count"],
            )
        )
        result = {}
        for mailing, trace_type, count in groups:
            campaign = mailing.campaign_id
            if trace_type == "sms":
                unit = campaign.coop_company_id.coop_sms_unit_cost * coop_sms_parts(
                    mailing.body_plaintext
                )
            else:
                unit = campaign.coop_email_cost
            sent, cost = result.get(campaign.id, (0, 0.0))
            result[campaign.id] = (sent + count, cost + count * unit)
        return result

    # ------------------------------------------------------------------
    @api.model
    def _coop_acquisition_cost_sql(self, company_ids, date_to):
        """The acquisition cost of the customers the cooperatives' campaigns brought
        (R-3), as an SQL ``SELECT company_id, partner_id, revenue, cost`` for the
        customers' cost to serve, or ``None``: a recipient (not of the control group)
        whose first purchase in the campaign's cooperative came within the attribution
        window after the campaign reached them, up to ``date_to``, was brought by it;
        the campaign's total cost is shared equally among the customers it brought."""
        campaigns = self.sudo().search([("coop_company_id", "in", list(company_ids))])
        if not campaigns:
            return None
        self.env.flush_all()
        acquired = self.env.execute_query(
            SQL(
                """
SELECT r.campaign_id, customer.commercial_partner_id, owner.company_id
  FROM coop_campaign_recipient r
  JOIN utm_campaign c ON c.id = r.campaign_id
  JOIN res_company cc ON cc.id = c.coop_company_id
  JOIN res_partner customer ON customer.id = r.partner_id
  JOIN res_partner owner ON owner.id = customer.commercial_partner_id
  JOIN LATERAL (
       SELECT MIN(purchase.date) AS day
         FROM %(ledger)s AS purchase
         JOIN res_company co ON co.id = purchase.company_id
        WHERE purchase.partner_id = customer.commercial_partner_id
          AND purchase.amount >= 0
          AND starts_with(co.parent_path, cc.parent_path)) first ON TRUE
 WHERE r.campaign_id = ANY(%(campaigns)s) AND NOT COALESCE(r.is_control, FALSE)
   AND owner.company_id IS NOT NULL
   AND first.day BETWEEN r.date::date AND r.date::date + c.coop_window_days""",
                ledger=self.env["coop.purchase"]._coop_purchase_sql(
                    company_ids, date_to=date_to
                ),
                campaigns=campaigns.ids,
            )
        )
        if not acquired:
            return None
        by_campaign = {}
        for campaign_id, partner_id, company_id in acquired:
            by_campaign.setdefault(campaign_id, []).append((partner_id, company_id))
        costs = campaigns.browse(list(by_campaign))._coop_figures()
        rows = [
            SQL(
                "(%s, %s, 0, %s)",
                company_id,
                partner_id,
                costs[campaign_id]["coop_total_cost"] / len(customers),
            )
            for campaign_id, customers in by_campaign.items()
            for partner_id, company_id in customers
        ]
        return SQL(
            "SELECT * FROM (VALUES %s) AS acquisition(company_id, partner_id, revenue,"
            " cost)",
            SQL(", ").join(rows),
        )

    def action_coop_open_recipients(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recipients of %s", self.title),
            "res_model": "coop.campaign.recipient",
            "view_mode": "list",
            "domain": [("campaign_id", "=", self.id)],
            "context": {"search_default_group_control": 1},
        }
