from odoo import _, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_check_customer_for(self, company, what):
        """Refuse a ``what`` (a membership, a claim, a card...) of ``company`` for these
        partners when they belong to another cooperative (X-1, X-6).

        The one check of the suite, called by ``create``/``write`` before Odoo's generic
        company check. Order matters: a partner the user cannot read gives an error that
        names nothing (no name, no cooperative); a readable partner of another
        cooperative (a union manager's case) gives a message that names the customer's
        cooperative and says what to do.
        """
        user = self.env.user
        if (
            company
            and not self.env.su
            and not (
                company in user.company_ids
                or company.sudo().parent_ids & user.company_ids
            )
        ):
            # a cooperative the user does not work for (nor its union): name nothing of
            # it
            raise AccessError(
                _(
                    "You cannot make a %(what)s for a cooperative you do not work for.",
                    what=what,
                )
            )
        company = company.sudo()
        for partner in self:
            if not partner.exists():
                raise UserError(_("This customer does not exist (any more)."))
            if not self.env.su and not partner.has_access("read"):
                raise AccessError(
                    _(
                        "You cannot use this customer for a %(what)s: it is not one "
                        "of the customers of your cooperative.",
                        what=what,
                    )
                )
            owner = partner.sudo().company_id
            if not owner or not company:
                continue
            if owner == company or owner in company.parent_ids:
                # the cooperative's own customers, and customers shared at union level
                continue
            raise UserError(
                _(
                    "%(customer)s is a customer of %(owner)s, not of %(company)s: a "
                    "%(what)s of %(company)s cannot be made for them. Create the "
                    "customer at union level (without a cooperative) to share them, "
                    "or create them in %(company)s.",
                    customer=partner.display_name,
                    owner=owner.display_name,
                    company=company.display_name,
                    what=what,
                )
            )
        return True
