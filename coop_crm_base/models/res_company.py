from odoo import api, fields, models


class ResCompany(models.Model):
    """A cooperative running on the database; a union is a parent company (M-1)."""

    _inherit = "res.company"

    coop_registration_number = fields.Char(
        related="partner_id.coop_registration_number", readonly=False
    )
    coop_sector_id = fields.Many2one(related="partner_id.coop_sector_id", readonly=False)
    coop_region_id = fields.Many2one(related="partner_id.coop_region_id", readonly=False)
    coop_creation_date = fields.Date(related="partner_id.coop_creation_date", readonly=False)
    coop_is_union = fields.Boolean(
        string="Is a union",
        compute="_compute_coop_is_union",
        help="A union is a company whose member cooperatives are its branches.",
    )
    coop_member_count = fields.Integer(
        string="Members", compute="_compute_coop_member_count",
        help="Active members of the cooperative (of all its branches for a union).",
    )
    coop_share_unit_value = fields.Monetary(
        string="Share value",
        default=100.0,
        help="Nominal value of one share (part sociale), proposed on new memberships.",
    )
    coop_private_customers = fields.Boolean(
        string="Customers private to the cooperative",
        default=True,
        help="Customers created by a user of this cooperative belong to it and are "
        "never shown to the other cooperatives of the union.",
    )

    @api.depends("child_ids")
    def _compute_coop_is_union(self):
        for company in self:
            company.coop_is_union = bool(company.child_ids)

    def _compute_coop_member_count(self):
        counts = dict(
            self.env["coop.membership"].sudo()._read_group(
                [("state", "=", "active"), ("company_id", "child_of", self.ids)],
                ["company_id"],
                ["__count"],
            )
        )
        for company in self:
            company.coop_member_count = sum(
                count
                for branch, count in counts.items()
                if (branch.parent_path or "").startswith(company.sudo().parent_path or "/")
            )

    def action_open_coop_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_crm_base.action_coop_membership"
        )
        action["domain"] = [("company_id", "child_of", self.id)]
        action["context"] = {"search_default_active": 1}
        return action
