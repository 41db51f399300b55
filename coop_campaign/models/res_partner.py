from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _coop_cost_to_serve_sources(self, company_ids, date_to):
        """R-3: a customer a campaign brought carries their share of the campaign's
        cost in their cost to serve (``utm.campaign._coop_acquisition_cost_sql``)."""
        sources = super()._coop_cost_to_serve_sources(company_ids, date_to)
        acquisition = self.env["utm.campaign"]._coop_acquisition_cost_sql(
            company_ids, date_to
        )
        return sources + [acquisition] if acquisition else sources
