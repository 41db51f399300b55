from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from .crm_team import SALES_CHANNELS

SURVEY_BATCH = 200


class SaleOrder(models.Model):
    """Satisfaction survey sent after an order (M-7)."""

    _inherit = "sale.order"

    coop_survey_input_ids = fields.One2many(
        "survey.user_input",
        "coop_sale_order_id",
        string="Satisfaction answers",
    )
    coop_survey_sent = fields.Boolean(
        "Satisfaction survey sent",
        copy=False,
        index=True,
        readonly=True,
    )

    coop_sales_channel = fields.Selection(
        SALES_CHANNELS,
        string="Sales channel",
        compute="_compute_coop_sales_channel",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="Where the sale was made; given by the sales team, it can be changed.",
    )

    @api.depends("team_id")
    def _compute_coop_sales_channel(self):
        """The channel of the order's sales team; an order whose team has none keeps
        the channel it was given."""
        for order in self:
            order.coop_sales_channel = (
                order.team_id.coop_sales_channel or order.coop_sales_channel
            )

    def _coop_is_delivered(self):
        """All goods lines delivered (the delivered quantity comes from stock or is
        entered by hand); services and notes do not count."""
        self.ensure_one()
        lines = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        )
        return all(line.qty_delivered >= line.product_uom_qty for line in lines)

    @api.model
    def _cron_send_satisfaction_surveys(self):
        """Send the cooperative's satisfaction survey after its orders (M-7).

        For each cooperative that enabled it: confirmed orders whose confirmation is at
        least ``coop_survey_delay_days`` old, not surveyed yet, delivered when the
        cooperative asks for delivery; the customer must have given email consent.
        Works by batches of :data:`SURVEY_BATCH` orders.
        """
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("coop_survey_after_order", "=", True),
                    ("coop_satisfaction_survey_id", "!=", False),
                ]
            )
        )
        now = fields.Datetime.now()
        for company in companies:
            orders = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("coop_survey_sent", "=", False),
                    (
                        "date_order",
                        "<=",
                        now - relativedelta(days=company.coop_survey_delay_days),
                    ),
                ],
                limit=SURVEY_BATCH,
                order="date_order",
            )
            if company.coop_survey_trigger == "delivered":
                orders = orders.filtered(lambda order: order._coop_is_delivered())
            orders._coop_send_satisfaction_survey()

    def _coop_send_satisfaction_survey(self):
        """Create an answer of the company's survey for each order and send its link
        to the customer on their channel, e-mail or SMS (X-7); a customer who cannot
        be reached gets no answer, and the order is listed as not sent; mark the
        orders as surveyed."""
        Log = self.env["coop.message.log"]
        subject = _("Satisfaction survey")
        for order in self:
            customer = order.partner_id
            company = order.company_id
            # chosen once: to make the answer or not, then to send it on
            choice = customer._coop_message_channels(
                company, channels=("email", "sms")
            )[customer.id]
            channel, detail = choice
            if channel == "none":
                Log._coop_log_not_sent(order, customer, company, subject, detail)
                continue
            survey = company.coop_satisfaction_survey_id.sudo()
            answer = survey._create_answer(
                partner=customer,
                check_attempts=False,
                coop_sale_order_id=order.id,
                coop_company_id=company.id,
            )
            answer._coop_send_to_person(
                customer,
                subject,
                mail_template="coop_crm_base.mail_template_coop_satisfaction_invite",
                sms_template="coop_crm_base.sms_template_coop_satisfaction_invite",
                channels=("email", "sms"),
                choice=choice,
            )
        self.sudo().write({"coop_survey_sent": True})
