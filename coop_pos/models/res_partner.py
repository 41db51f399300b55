from odoo import api, fields, models


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


class ResCountry(models.Model):
    """The till reads a country's phone code to search phones typed nationally."""

    _inherit = "res.country"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "phone_code"]
