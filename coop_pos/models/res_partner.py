from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    """A customer created at the till belongs to the point of sale's cooperative, as a
    customer created elsewhere in the suite (P-1): the till opens the customer form with
    ``coop_pos_config_id`` in its context. The phone is normalised (E.164) and checked
    by coop_crm_base, whose message the till shows."""

    _inherit = "res.partner"

    coop_pos_member = fields.Boolean(
        string="Active member (till)",
        compute="_compute_coop_pos_member",
        help="Active member of the cooperative the point of sale works for.",
    )

    @api.depends_context("company")
    def _compute_coop_pos_member(self):
        """P-3: whether each customer is an active member of the current cooperative,
        for the till's cashier (who may not read memberships): one grouped read for all
        the customers the till loads."""
        rows = (
            self.env["coop.membership"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "active"),
                    ("company_id", "=", self.env.company.id),
                ],
                ["partner_id"],
            )
        )
        members = {partner.id for (partner,) in rows}
        for partner in self:
            partner.coop_pos_member = partner.id in members

    @api.model_create_multi
    def create(self, vals_list):
        config_id = self.env.context.get("coop_pos_config_id")
        if config_id:
            # the user must be allowed to read this point of sale (its company's rules)
            config = self.env["pos.config"].browse(int(config_id)).exists()
            config.check_access("read")
            company = config.company_id
            if company.coop_private_customers:
                # the till's customer form sends its empty company field too
                for vals in vals_list:
                    if not vals.get("company_id"):
                        vals["company_id"] = company.id
        return super().create(vals_list)

    @api.model
    def _load_pos_data_fields(self, config_id):
        """The till knows whether a customer is an active member of its cooperative
        (the point of sale works in its session's company) (P-3)."""
        return [*super()._load_pos_data_fields(config_id), "coop_pos_member"]

    # ------------------------------------------------------------------
    @api.model
    def _coop_cost_to_serve_sources(self, company_ids, date_to):
        """R-3: the rewards and vouchers a customer used at the till, as on sale
        orders (coop_loyalty): the discount of a reward line (added back to the
        revenue, the ledger counting it as a lower sale) or the value of a free
        product; eWallets and gift cards are means of payment, except the vouchers a
        cooperative card converts its points into."""
        rewards = SQL(
            """
SELECT po.company_id, cp.commercial_partner_id AS partner_id, %(amounts)s
  FROM pos_order_line pol
  JOIN pos_order po ON po.id = pol.order_id
  JOIN res_partner cp ON cp.id = po.partner_id
 WHERE po.state IN ('paid', 'done', 'invoiced') AND po.company_id = ANY(%(company_ids)s)
   AND po.date_order < %(day_after)s AND %(line_filter)s AND %(is_reward)s""",
            amounts=self._coop_reward_amounts_sql(
                SQL("pol"), SQL("po"), SQL("pol.qty")
            ),
            company_ids=company_ids,
            day_after=datetime.combine(date_to + timedelta(days=1), time.min),
            line_filter=self.env["coop.purchase"]._coop_purchase_pos_line_filter(),
            is_reward=self._coop_reward_line_sql(SQL("pol")),
        )
        return super()._coop_cost_to_serve_sources(company_ids, date_to) + [rewards]


class ResCountry(models.Model):
    """The till reads a country's phone code to search phones typed nationally."""

    _inherit = "res.country"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "phone_code"]
