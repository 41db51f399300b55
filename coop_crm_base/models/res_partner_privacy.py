import json

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

# personal fields blanked by the erasure (M-9), besides the name
ERASED_FIELDS = [
    "email", "phone", "mobile", "street", "street2", "zip", "city", "state_id", "country_id",
    "vat", "website", "function", "title", "comment", "ref", "image_1920", "industry_id",
    "coop_profession", "coop_household_size", "coop_income_band", "coop_housing_type",
    "coop_business_size", "coop_preferred_channel", "category_id",
    "coop_consent_email", "coop_consent_sms", "coop_consent_phone", "coop_consent_whatsapp",
    "coop_consent_post",
]
EXPORT_SKIPPED_TYPES = ("binary", "one2many")


class ResPartner(models.Model):
    """Personal data export and erasure of a customer (M-9)."""

    _inherit = "res.partner"

    coop_anonymized_date = fields.Datetime("Anonymised on", readonly=True, copy=False)

    # ------------------------------------------------------------------ helpers
    def _coop_check_privacy_rights(self):
        if not self.env.su and not self.env.user.has_group("coop_crm_base.group_coop_manager"):
            raise AccessError(_("Only a cooperative manager can export or erase personal data."))
        self.check_access("write")

    def _coop_privacy_partners(self):
        """The partner and its contacts (archived ones included)."""
        return self.with_context(active_test=False).search(
            [("id", "child_of", self.ids)]
        )

    def _coop_privacy_messages(self, partners, interactions):
        """Chatter messages of the partners, written by them or sent to them."""
        return self.env["mail.message"].sudo().search([
            "|", "|", "|",
            "&", ("model", "=", "res.partner"), ("res_id", "in", partners.ids),
            "&", ("model", "=", "coop.interaction"), ("res_id", "in", interactions.ids),
            ("author_id", "in", partners.ids),
            ("partner_ids", "in", partners.ids),
        ])

    @staticmethod
    def _coop_export_values(records):
        """Readable stored values of ``records`` (no binaries, no one2many)."""
        if not records:
            return []
        fnames = [
            fname for fname, desc in records.fields_get(attributes=["type", "store"]).items()
            if desc.get("store") and desc["type"] not in EXPORT_SKIPPED_TYPES
        ]
        return records.read(fnames)

    # ------------------------------------------------------------------ export
    def _coop_personal_data(self):
        """Everything the database holds about the partner, as a JSON-ready dict."""
        self.ensure_one()
        partners = self._coop_privacy_partners()
        interactions = self.env["coop.interaction"].search([("partner_id", "in", partners.ids)])
        # the partner is readable (checked): its orders too, even without a sales group
        orders = self.env["sale.order"].sudo().search([("partner_id", "in", partners.ids)])
        messages = self._coop_privacy_messages(partners, interactions)
        attachments = self.env["ir.attachment"].sudo().search([
            "|", "&", ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("id", "in", messages.attachment_ids.ids),
        ])
        survey_answers = self.env["survey.user_input"].sudo().search(
            [("partner_id", "in", partners.ids)])
        return {
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "partner": self._coop_export_values(self)[0],
            "contacts": self._coop_export_values(partners - self),
            "memberships": self._coop_export_values(
                self.env["coop.membership"].search([("partner_id", "in", partners.ids)])),
            "interactions": self._coop_export_values(interactions),
            "sale_orders": [{
                "name": order.name,
                "date_order": fields.Datetime.to_string(order.date_order),
                "state": order.state,
                "company": order.company_id.name,
                "currency": order.currency_id.name,
                "amount_untaxed": order.amount_untaxed,
                "amount_total": order.amount_total,
                "lines": [{
                    "product": line.product_id.display_name,
                    "description": line.name,
                    "quantity": line.product_uom_qty,
                    "price_subtotal": line.price_subtotal,
                } for line in order.order_line],
            } for order in orders],
            "survey_answers": [{
                "survey": answer.survey_id.title,
                "state": answer.state,
                "date": fields.Datetime.to_string(answer.end_datetime or answer.create_date),
                "answers": [{
                    "question": line.question_id.title,
                    "answer": line.value_text_box if line.answer_type == "text_box"
                    else line.display_name,
                } for line in answer.user_input_line_ids],
            } for answer in survey_answers],
            "messages": [{
                "date": fields.Datetime.to_string(message.date),
                "model": message.model,
                "res_id": message.res_id,
                "author": message.author_id.display_name or message.email_from,
                "subject": message.subject,
                "body": html2plaintext(message.body or ""),
            } for message in messages],
            "attachments": [{
                "name": attachment.name,
                "mimetype": attachment.mimetype,
                "file_size": attachment.file_size,
                "create_date": fields.Datetime.to_string(attachment.create_date),
            } for attachment in attachments],
        }

    def action_coop_export_personal_data(self):
        """Export the partner's personal data as a JSON file and download it (M-9)."""
        self.ensure_one()
        self._coop_check_privacy_rights()
        payload = json.dumps(self._coop_personal_data(), indent=2, ensure_ascii=False,
                             default=str)
        attachment = self.env["ir.attachment"].create({
            "name": f"personal_data_partner_{self.id}.json",
            "mimetype": "application/json",
            "raw": payload.encode(),
            "res_model": self._name,
            "res_id": self.id,
        })
        self.message_post(body=_("Personal data exported by %(user)s.",
                                 user=self.env.user.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ erasure
    def action_coop_anonymize(self):
        """Erase the personal data of the partners and their contacts, keep the sales.

        Sale orders, their amounts and memberships stay attached to the (anonymised)
        partner, so turnover, statistics and indicators do not change. Blanked: the
        name (replaced by "Anonymised customer <id>"), contact details, address, profile,
        consents, tags; emptied: the chatter messages on the partner and its interactions
        and those written by or sent to it (with their tracking values); removed: its
        attachments, followers and bank accounts; the interactions keep their channel and
        date but lose subject and outcome; survey answers keep their scores but lose their
        free texts and email.
        """
        self._coop_check_privacy_rights()
        partners = self._coop_privacy_partners()
        if any(partner.user_ids.filtered(lambda u: not u.share) for partner in partners):
            raise UserError(_("The partner of an internal user cannot be anonymised."))
        no_track = dict(tracking_disable=True, mail_notrack=True, mail_create_nolog=True)
        interactions = self.env["coop.interaction"].sudo().search(
            [("partner_id", "in", partners.ids)])
        messages = self._coop_privacy_messages(partners, interactions)
        attachments = self.env["ir.attachment"].sudo().search([
            "|", "&", ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("id", "in", messages.attachment_ids.ids),
        ])
        messages.tracking_value_ids.unlink()
        self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
        messages.write({"body": "", "subject": False, "email_from": False,
                        "attachment_ids": [fields.Command.clear()]})
        attachments.unlink()
        interactions.with_context(**no_track).write({
            "subject": _("Anonymised"), "outcome": False,
        })
        self.env["mail.followers"].sudo().search([("partner_id", "in", partners.ids)]).unlink()
        # survey answers: scores stay (satisfaction indicators), free texts go
        survey_answers = self.env["survey.user_input"].sudo().search(
            [("partner_id", "in", partners.ids)])
        survey_answers.user_input_line_ids.filtered(
            lambda line: line.answer_type in ("char_box", "text_box")).unlink()
        survey_answers.write({"email": False, "nickname": False})
        partners.bank_ids.sudo().unlink()
        blank = {fname: False for fname in ERASED_FIELDS if fname in self._fields}
        now = fields.Datetime.now()
        for partner in partners:
            partner.sudo().with_context(**no_track).write(dict(
                blank, name=_("Anonymised customer %s", partner.id),
                coop_anonymized_date=now,
            ))
        partners._coop_anonymize_related()
        return True

    def _coop_anonymize_related(self):
        """Hook: erase what other addons keep about these partners (claims, trainings)."""
        return True
