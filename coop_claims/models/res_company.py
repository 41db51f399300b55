from odoo import fields, models


class ResCompany(models.Model):
    """Claim settings of a cooperative (C-1, C-3, C-4)."""

    _inherit = "res.company"

    coop_claim_answer_days = fields.Integer(
        string="Claim answer deadline (working days)",
        default=5,
        help="Working days, on the cooperative's working calendar, within which a "
        "claim must be answered.",
    )
    coop_claim_flag_count = fields.Integer(
        string="Claims flag: count in 12 months",
        default=3,
        help="A customer is flagged when their claims over the last 12 months exceed "
        "this count (0 disables the count criterion).",
    )
    coop_claim_flag_share = fields.Float(
        string="Claims flag: share of orders (%)",
        default=30.0,
        help="A customer is flagged when their claims over the last 12 months exceed "
        "this share of their purchases (confirmed orders and invoices without order) "
        "over the same months (0 disables it).",
    )
    coop_claim_rate_basis = fields.Selection(
        [("orders", "Orders"), ("customers", "Customers"), ("units", "Units sold")],
        string="Claim rate basis",
        default="orders",
        required=True,
        help="Denominator of the claim rate indicator.",
    )
    coop_claim_web_rate_limit = fields.Integer(
        string="Web claims per address and hour",
        default=5,
        help="The public claim form accepts at most this many claims an hour "
        "from one e-mail address or phone number (0: no limit).",
    )
    coop_claim_escalation_user_id = fields.Many2one(
        "res.users",
        string="Claims escalation manager",
        help="Manager who receives an activity when a claim is overdue, when the "
        "claim's team has no leader.",
    )
