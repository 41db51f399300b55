from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _mail_get_alias_domains(self, default_company=False):
        """The alias domain of each contact's company, read whatever the companies the
        user may read (R-1, X-1).

        With the suite a contact belongs to the cooperative it was created in, an
        employee's contact included, which every employee reads (Odoo's rule on
        contacts): Odoo's composer reads the alias domain of each recipient's company
        as the sender, so a mailing of one cooperative's user that reaches a colleague
        of another cooperative stopped on that company (Odoo's own mass mailing tests).
        The companies are read as Odoo's mail thread does (sudo); the domains are
        returned in the caller's environment."""
        domains = super(ResPartner, self.sudo())._mail_get_alias_domains(
            default_company=default_company or self.env.company
        )
        return {
            partner_id: domain.with_env(self.env)
            for partner_id, domain in domains.items()
        }

    @api.model
    def _coop_cost_to_serve_sources(self, company_ids, date_to):
        """R-3: a customer a campaign brought carries their share of the campaign's
        cost in their cost to serve (``utm.campaign._coop_acquisition_cost_sql``)."""
        sources = super()._coop_cost_to_serve_sources(company_ids, date_to)
        acquisition = self.env["utm.campaign"]._coop_acquisition_cost_sql(
            company_ids, date_to
        )
        return sources + [acquisition] if acquisition else sources
