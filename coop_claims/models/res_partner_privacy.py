from odoo import api, models

# texts of a claim written by or about the customer, blanked by the erasure (M-9)
CLAIM_ERASED_TEXTS = ("subject", "description", "answer", "city")
# what the person's own (portal) export shows of their claims: no internal field (C-2)
CLAIM_PORTAL_FIELDS = [
    "name",
    "subject",
    "description",
    "date_received",
    "phase",
    "company_id",
    "channel",
]


class ResPartner(models.Model):
    """Personal data of the claims, per cooperative (M-9, issue #14)."""

    _inherit = "res.partner"

    def _coop_privacy_sources(self, partners):
        return super()._coop_privacy_sources(partners) + [
            (
                "claims",
                "coop.claim",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
        ]

    @api.model
    def _coop_privacy_export_fields(self, section, portal):
        if section == "claims" and portal:
            return CLAIM_PORTAL_FIELDS
        return super()._coop_privacy_export_fields(section, portal)

    def _coop_anonymize_records(self, request):
        """Erasure of the claims of the cooperatives of the request: their texts
        (subject, description, answer, city) and their tracked old values, and the files
        sent with them. The claims, their phase, type and figures stay for the
        indicators."""
        claims = request["records"].get("claims", self.env["coop.claim"]).sudo()
        if claims:
            self.env["mail.tracking.value"].sudo().search(
                [
                    ("mail_message_id.model", "=", "coop.claim"),
                    ("mail_message_id.res_id", "in", claims.ids),
                    ("field_id.name", "in", list(CLAIM_ERASED_TEXTS)),
                ]
            ).unlink()
            self.env["ir.attachment"].sudo().search(
                [
                    ("res_model", "=", "coop.claim"),
                    ("res_id", "in", claims.ids),
                ]
            ).unlink()
            values = {
                fname: False for fname in CLAIM_ERASED_TEXTS if fname in claims._fields
            }
            values["subject"] = self.env._("Anonymised claim")
            claims._coop_with_transition().with_context(
                tracking_disable=True, mail_notrack=True
            ).write(values)
        return super()._coop_anonymize_records(request)
