from odoo import models

# consent of the suite for each kind of mailing (M-9)
CONSENT_CHANNEL = {"mail": "email", "sms": "sms"}


class MailingMailing(models.Model):
    """A mailing of a cooperative's campaign to its customers (R-1): only the
    customers who consented to the mailing's channel, less the campaign's control
    group; the customers it reached are kept on the campaign."""

    _inherit = "mailing.mailing"

    def _coop_campaign(self):
        """The cooperative campaign of this mailing to customers, if it is one."""
        self.ensure_one()
        campaign = self.campaign_id
        if (
            campaign.coop_company_id
            and self.mailing_model_real == "res.partner"
            and self.mailing_type in CONSENT_CHANNEL
        ):
            return campaign
        return self.env["utm.campaign"]

    def _get_recipients(self):
        res_ids = super()._get_recipients()
        campaign = self._coop_campaign()
        if not campaign or not res_ids:
            return res_ids
        channel = CONSENT_CHANNEL[self.mailing_type]
        # the cooperative's customers who consented to the channel and are not on
        # Odoo's blacklist of the channel
        partners = (
            self.env["res.partner"]
            .browse(res_ids)
            .filtered_domain([("company_id", "child_of", campaign.coop_company_id.id)])
            ._coop_with_consent(channel)
            .filtered(
                lambda p: not (
                    p.phone_sanitized_blacklisted
                    if channel == "sms"
                    else p.is_blacklisted
                )
            )
        )
        return partners.ids and campaign._coop_leave_out_control(partners, self).ids

    def _action_send_mail(self, res_ids=None):
        res = super()._action_send_mail(res_ids=res_ids)
        for mailing in self:
            campaign = mailing._coop_campaign()
            if campaign:
                campaign._coop_record_recipients(mailing)
        return res
