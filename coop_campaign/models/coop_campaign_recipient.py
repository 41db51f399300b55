from odoo import fields, models


class CoopCampaignRecipient(models.Model):
    """Who a campaign reached, and who it left out on purpose (R-1).

    A row per customer of a campaign: a recipient of one of its mailings (from the
    mailing's traces: sent, not cancelled), or a member of its control group, drawn at
    random among the customers a mailing was about to reach and never sent any of the
    campaign's mailings. Written by the mailings only (read-only to users): the
    comparison of the two groups is the campaign's return.
    """

    _name = "coop.campaign.recipient"
    _description = "Campaign recipient"
    _order = "campaign_id, date, id"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one(
        "utm.campaign", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company",
        "Cooperative",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True, ondelete="cascade"
    )
    mailing_id = fields.Many2one(
        "mailing.mailing",
        "Mailing",
        readonly=True,
        ondelete="set null",
        help="The mailing that reached the customer, or that left them out.",
    )
    is_control = fields.Boolean(
        "Control group",
        readonly=True,
        default=False,
        help="Left out at random: the customer received none of the campaign's "
        "mailings, so that what they bought tells what the others would have bought "
        "without the campaign.",
    )
    date = fields.Datetime(
        readonly=True,
        help="When the customer was reached, or left out: the attribution window "
        "starts then.",
    )

    _sql_constraints = [  # noqa: RUF012 (Odoo reads it from the class)
        (
            "campaign_partner_unique",
            "UNIQUE(campaign_id, partner_id)",
            "A customer is in a campaign once.",
        )
    ]
