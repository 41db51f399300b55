import json
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, email_normalize_all, html2plaintext
from odoo.tools.sql import escape_psql

# personal fields blanked by the erasure (M-9), besides the name
ERASED_FIELDS = [
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "vat",
    "website",
    "function",
    "title",
    "comment",
    "ref",
    "image_1920",
    "industry_id",
    "coop_profession",
    "coop_household_size",
    "coop_income_band",
    "coop_housing_type",
    "coop_business_size",
    "coop_preferred_channel",
    "category_id",
    "coop_consent_email",
    "coop_consent_sms",
    "coop_consent_phone",
    "coop_consent_whatsapp",
    "coop_consent_post",
    "coop_consent_method",
    "coop_region_id",
]
EXPORT_SKIPPED_TYPES = ("binary", "one2many")
NO_TRACK = dict(tracking_disable=True, mail_notrack=True, mail_create_nolog=True)


class ResPartner(models.Model):
    """Personal data export and erasure of a customer (M-9), per cooperative
    (issue #14).

    A request covers the records of the cooperatives it is made for (its *scope*): the
    cooperatives active in the session of the user who asks (a union manager: with their
    branches), or every cooperative for the person's own request from the portal. The
    records each cooperative keeps about the person are listed by
    ``_coop_privacy_sources`` (each addon adds its own: claims, cards, registrations);
    a record belongs to the scope when its cooperative does.

    The person themselves (name, contact details, chatter of the partner, portal login,
    blacklist rows) belong to the request when no cooperative outside the scope keeps a
    record about them, or the partner is private to a cooperative of the scope: a
    cooperative never erases the identity of a person another cooperative still serves.
    """

    _inherit = "res.partner"

    coop_anonymized_date = fields.Datetime("Anonymised on", readonly=True, copy=False)
    coop_erased_company_ids = fields.Many2many(
        "res.company",
        "coop_partner_erased_company_rel",
        "partner_id",
        "company_id",
        string="Erased by",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Cooperatives that erased their records about this person: the "
        "person is erased once no other cooperative keeps records about them.",
    )

    # ------------------------------------------------------------------ scope
    def _coop_check_privacy_rights(self):
        if not self.env.su and not self.env.user.has_group(
            "coop_crm_base.group_coop_manager"
        ):
            raise AccessError(
                _("Only a cooperative manager can export or erase personal data.")
            )
        self.check_access("write")

    @api.model
    def _coop_privacy_scope(self):
        """The cooperatives a request of the current user covers; None: all of them.

        Superuser code (the person's own portal request) covers every cooperative; a
        user covers the cooperatives active in their session (checked by Odoo against
        their allowed companies), and a union manager their branches too, as their
        record rules do. Never taken from the context sent by a client.
        """
        if self.env.su:
            return None
        companies = self.env.companies
        if self.env.user.has_group("coop_crm_base.group_union_manager"):
            companies = (
                self.env["res.company"]
                .sudo()
                .search([("id", "child_of", companies.ids)])
            )
        return companies.sudo()

    def _coop_privacy_partners(self):
        """The partner and its contacts (archived ones included) the user may read."""
        return self.with_context(active_test=False).search(
            [("id", "child_of", self.ids)]
        )

    def _coop_privacy_sources(self, partners):
        """[(section, model, domain on ``partners``, company field path)]: the records
        the cooperatives keep about the partners. Addons extend this list (claims,
        trainings, cards); a model that is not installed is skipped."""
        return [
            (
                "memberships",
                "coop.membership",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                "interactions",
                "coop.interaction",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                "sale_orders",
                "sale.order",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                "survey_answers",
                "survey.user_input",
                [("partner_id", "in", partners.ids)],
                "coop_company_id",
            ),
            (
                "appointments",
                "calendar.event",
                [("coop_partner_id", "in", partners.ids)],
                "coop_company_id"
                if "coop_company_id" in self.env["calendar.event"]._fields
                else "coop_interaction_ids.company_id",
            ),
            (
                "cards",
                "loyalty.card",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
            (
                # X-7 (issue #18): what was sent to the person, on which channel
                "messages_sent",
                "coop.message.log",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
        ]

    def _coop_privacy_request(self, companies):
        """What a request of ``companies`` (None: all) covers for these partners.

        Returns a dict: ``partners``, ``identity`` (True when the partners themselves
        are covered, see the class docstring), ``records`` {section: records as
        superuser}, ``documents`` {model: set of ids} of those records.
        """
        partners = self
        records, foreign = {}, self.env["res.company"].sudo()
        for section, model, domain, cfield in self._coop_privacy_sources(partners):
            if model not in self.env:
                continue
            found = (
                self.env[model].sudo().with_context(active_test=False).search(domain)
            )
            if companies is None:
                records[section] = found
                continue
            mine, unowned = found.browse(), found.browse()
            for record in found:
                owners = record.mapped(cfield)
                if not owners:
                    unowned |= record
                elif owners - companies:
                    foreign |= owners - companies
                else:
                    mine |= record
            records[section] = (mine, unowned)
        owners = partners.sudo().company_id
        # the cooperatives that erased their own records no longer keep the person
        foreign -= partners.sudo().coop_erased_company_ids
        identity = (
            companies is None
            or (bool(owners) and not (owners - companies))
            or not foreign
        )
        if companies is not None:
            # records of no cooperative go with the person only
            records = {
                section: mine | unowned if identity else mine
                for section, (mine, unowned) in records.items()
            }
        documents = defaultdict(set)
        for found in records.values():
            documents[found._name].update(found.ids)
        return {
            "partners": partners,
            "identity": identity,
            "records": records,
            "documents": documents,
            "companies": companies,
        }

    def _coop_privacy_filter_documents(self, request, pairs):
        """The (model, res_id) pairs of ``pairs`` that the request covers."""
        companies, partners = request["companies"], request["partners"]
        if companies is None:
            return set(pairs)
        kept = set()
        by_model = defaultdict(set)
        for model, res_id in pairs:
            if not model or not res_id:
                if request["identity"]:
                    kept.add((model, res_id))
            elif res_id in request["documents"].get(model, ()):
                kept.add((model, res_id))
            elif model == "res.partner" and res_id in partners.ids:
                if request["identity"]:
                    kept.add((model, res_id))
            else:
                by_model[model].add(res_id)
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            Model = self.env[model].sudo().with_context(active_test=False)
            if "company_id" not in Model._fields:
                if request["identity"]:
                    kept.update((model, res_id) for res_id in ids)
                continue
            for record in Model.browse(ids).exists():
                company = record.company_id
                if (company and not (company - companies)) or (
                    not company and request["identity"]
                ):
                    kept.add((model, record.id))
        return kept

    @staticmethod
    def _coop_privacy_emails(partners):
        return {
            email
            for partner in partners.sudo()
            for email in email_normalize_all(partner.email or "")
        }

    def _coop_privacy_messages(self, request):
        """Chatter messages of the request: on the partners (with the person), on the
        records the request covers, written by the partners or sent to them."""
        partners = request["partners"]
        domain = [
            "|",
            "|",
            "&",
            ("model", "=", "res.partner"),
            ("res_id", "in", partners.ids),
            ("author_id", "in", partners.ids),
            ("partner_ids", "in", partners.ids),
        ]
        personal = self._coop_privacy_chatter_sections()
        for section, found in request["records"].items():
            if section in personal and found:
                domain = [
                    "|",
                    "&",
                    ("model", "=", found._name),
                    ("res_id", "in", found.ids),
                ] + domain
        for email in self._coop_privacy_emails(partners):
            domain = ["|", ("email_from", "ilike", escape_psql(email))] + domain
        # X-7 (issue #18): the messages the suite sent to the person, or the notes
        # saying why it did not (they name the person), as its log records them
        logged = (
            self.env["coop.message.log"]
            .sudo()
            .search([("partner_id", "in", partners.ids), ("message_id", "!=", False)])
            .message_id
        )
        if logged:
            domain = ["|", ("id", "in", logged.ids)] + domain
        messages = self.env["mail.message"].sudo().search(domain)
        kept = self._coop_privacy_filter_documents(
            request, {(m.model, m.res_id) for m in messages}
        )
        return messages.filtered(lambda m: (m.model, m.res_id) in kept)

    @api.model
    def _coop_privacy_chatter_sections(self):
        """Sections whose records' whole chatter is about the person (and is erased with
        it); elsewhere only the messages written by or sent to the person are."""
        return {"interactions", "appointments"}

    def _coop_privacy_mails(self, request, messages):
        """Outgoing mails kept in mail.mail: of the messages, or to the partners."""
        partners = request["partners"]
        domain = [
            "|",
            ("mail_message_id", "in", messages.ids),
            ("recipient_ids", "in", partners.ids),
        ]
        for email in self._coop_privacy_emails(partners):
            domain = ["|", ("email_to", "ilike", escape_psql(email))] + domain
        mails = self.env["mail.mail"].sudo().search(domain)
        kept = self._coop_privacy_filter_documents(
            request, {(m.model, m.res_id) for m in mails}
        )
        return mails.filtered(lambda m: (m.model, m.res_id) in kept)

    def _coop_privacy_ratings(self, request):
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search([("partner_id", "in", request["partners"].ids)])
        )
        kept = self._coop_privacy_filter_documents(
            request, {(r.res_model, r.res_id) for r in ratings}
        )
        return ratings.filtered(lambda r: (r.res_model, r.res_id) in kept)

    def _coop_privacy_attachments(self, request, messages):
        domain = [("id", "in", messages.attachment_ids.ids)]
        if request["identity"]:
            domain = [
                "|",
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "in", request["partners"].ids),
            ] + domain
        return self.env["ir.attachment"].sudo().search(domain)

    @staticmethod
    def _coop_export_values(records, only=None):
        """Readable stored values of ``records`` (no binaries, no one2many), of the
        fields ``only`` when given."""
        if not records:
            return []
        fnames = [
            fname
            for fname, desc in records.fields_get(attributes=["type", "store"]).items()
            if desc.get("store")
            and desc["type"] not in EXPORT_SKIPPED_TYPES
            and (only is None or fname in only)
        ]
        return records.read(fnames)

    # ------------------------------------------------------------------ export
    def _coop_personal_data(self, companies=None, portal=False):
        """Everything the cooperatives ``companies`` (None: all) hold about the partner,
        as a JSON-ready dict. ``portal``: the person's own request, internal notes left
        out."""
        self.ensure_one()
        partners = self if portal else self._coop_privacy_partners()
        request = partners._coop_privacy_request(companies)
        records = request["records"]
        messages = self._coop_privacy_messages(request)
        if portal:
            # the notes on the person's own partner are theirs; elsewhere, what was
            # written to or by them, not the staff's internal notes
            messages = messages.filtered(
                lambda m: (m.model == "res.partner" and m.res_id in partners.ids)
                or not (
                    m.is_internal
                    or m.subtype_id.internal
                    or m.message_type == "user_notification"
                )
            )
        attachments = self._coop_privacy_attachments(request, messages)
        ratings = self._coop_privacy_ratings(request)
        orders = records.get("sale_orders", self.env["sale.order"])
        survey_answers = records.get("survey_answers", self.env["survey.user_input"])
        data = {
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "partner": self._coop_export_values(self)[0],
            "contacts": self._coop_export_values(partners - self),
            "sale_orders": [
                {
                    "name": order.name,
                    "date_order": fields.Datetime.to_string(order.date_order),
                    "state": order.state,
                    "company": order.company_id.name,
                    "currency": order.currency_id.name,
                    "amount_untaxed": order.amount_untaxed,
                    "amount_total": order.amount_total,
                    "lines": [
                        {
                            "product": line.product_id.display_name,
                            "description": line.name,
                            "quantity": line.product_uom_qty,
                            "price_subtotal": line.price_subtotal,
                        }
                        for line in order.order_line
                    ],
                }
                for order in orders
            ],
            "survey_answers": [
                {
                    "survey": answer.survey_id.title,
                    "state": answer.state,
                    "date": fields.Datetime.to_string(
                        answer.end_datetime or answer.create_date
                    ),
                    "answers": [
                        {
                            "question": line.question_id.title,
                            "answer": line.value_text_box
                            if line.answer_type == "text_box"
                            else line.display_name,
                        }
                        for line in answer.user_input_line_ids
                    ],
                }
                for answer in survey_answers
            ],
            "ratings": [
                {
                    "document": rating.res_name,
                    "rating": rating.rating,
                    "feedback": rating.feedback,
                    "date": fields.Datetime.to_string(rating.create_date),
                }
                for rating in ratings
            ],
            "messages": [
                {
                    "date": fields.Datetime.to_string(message.date),
                    "model": message.model,
                    "res_id": message.res_id,
                    "author": message.author_id.display_name or message.email_from,
                    "subject": message.subject,
                    "body": html2plaintext(message.body or ""),
                }
                for message in messages
            ],
            "attachments": [
                {
                    "name": attachment.name,
                    "mimetype": attachment.mimetype,
                    "file_size": attachment.file_size,
                    "create_date": fields.Datetime.to_string(attachment.create_date),
                }
                for attachment in attachments
            ],
        }
        for section, found in records.items():
            if section not in data:
                data[section] = self._coop_export_values(
                    found, self._coop_privacy_export_fields(section, portal)
                )
        return data

    @api.model
    def _coop_privacy_export_fields(self, section, portal):
        """Fields exported of a section's records; None: every stored field. Addons
        leave out the internal fields of their records from the person's own (portal)
        export."""
        return None

    def action_coop_export_personal_data(self):
        """Export the partner's personal data kept by the user's cooperatives as a JSON
        file and download it (M-9, issue #14)."""
        self.ensure_one()
        self._coop_check_privacy_rights()
        data = self._coop_personal_data(companies=self._coop_privacy_scope())
        payload = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"personal_data_partner_{self.id}.json",
                "mimetype": "application/json",
                "raw": payload.encode(),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.message_post(
            body=_("Personal data exported by %(user)s.", user=self.env.user.name)
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ erasure
    def action_coop_anonymize(self):
        """Erase the personal data the user's cooperatives keep about the partners and
        their contacts, keep the sales (M-9, issue #14).

        Sale orders, their amounts, cards and memberships stay attached to the partner,
        so turnover, statistics and indicators do not change. In the records of the
        cooperatives of the request: chatter messages written by or sent to the person
        and those of their interactions are emptied (with their tracking values), the
        mails kept in mail.mail lose body and recipients, their attachments and
        followers go, interactions and appointments lose their texts, survey answers
        and ratings their free texts; each addon erases its own records (claim texts,
        registrations). When the request covers the person themselves (see the class
        docstring): name (replaced by "Anonymised customer <id>"), contact details,
        address, profile, consents, tags, bank accounts, the chatter of the partner,
        the portal login (archived, login replaced) and the blacklist rows of their
        e-mail and phone go too. Otherwise the person stays as the other cooperatives
        know them, and the user is told so (without naming those cooperatives).
        """
        self._coop_check_privacy_rights()
        companies = self._coop_privacy_scope()
        partners = self._coop_privacy_partners()
        if any(
            partner.user_ids.filtered(lambda u: not u.share) for partner in partners
        ):
            raise UserError(_("The partner of an internal user cannot be anonymised."))
        request = partners._coop_privacy_request(companies)
        records = request["records"]
        messages = self._coop_privacy_messages(request)
        mails = self._coop_privacy_mails(request, messages)
        messages |= mails.mail_message_id
        attachments = self._coop_privacy_attachments(request, messages)
        messages.tracking_value_ids.unlink()
        mails.write(
            {
                "body_html": False,
                "email_to": False,
                "email_cc": False,
                "recipient_ids": [fields.Command.clear()],
                "headers": False,
            }
        )
        messages.write(
            {
                "body": "",
                "subject": False,
                "email_from": False,
                "attachment_ids": [fields.Command.clear()],
            }
        )
        self.env["mail.notification"].sudo().search(
            [
                ("mail_message_id", "in", messages.ids),
                ("failure_reason", "!=", False),
            ]
        ).write({"failure_reason": False})  # bounce texts quote the address
        attachments.unlink()
        records["interactions"].with_context(**NO_TRACK).write(
            {
                "subject": _("Anonymised"),
                "outcome": False,
            }
        )
        appointments = records.get("appointments", self.env["calendar.event"])
        appointments.with_context(**NO_TRACK, no_mail_to_attendees=True).write(
            {
                "name": _("Anonymised appointment"),
                "description": False,
                "coop_summary": False,
            }
        )
        self._coop_privacy_ratings(request).write({"feedback": False})
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search([("partner_id", "in", partners.ids)])
        )
        kept = self._coop_privacy_filter_documents(
            request, {(f.res_model, f.res_id) for f in followers}
        )
        followers.filtered(lambda f: (f.res_model, f.res_id) in kept).unlink()
        # survey answers: scores stay (satisfaction indicators), free texts go
        survey_answers = records["survey_answers"]
        survey_answers.user_input_line_ids.filtered(
            lambda line: line.answer_type in ("char_box", "text_box")
        ).unlink()
        survey_answers.write({"email": False, "nickname": False})
        partners._coop_anonymize_records(request)
        if not request["identity"]:
            partners.sudo().write(
                {
                    "coop_erased_company_ids": [
                        fields.Command.link(company.id) for company in companies
                    ]
                }
            )
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "message": _(
                        "The records of your cooperative about this customer are "
                        "erased. The customer is also known to another cooperative: "
                        "their name and contact details stay until the union or that "
                        "cooperative erases them."
                    ),
                },
            }
        self._coop_anonymize_identity(partners)
        return True

    def _coop_anonymize_identity(self, partners):
        """Erase the person: login, blacklist rows, bank accounts, the partner's
        fields."""
        emails = self._coop_privacy_emails(partners)
        phones = {
            number
            for partner in partners.sudo()
            for number in (
                partner.phone,
                partner.mobile,
                partner._phone_format(number=partner.phone) if partner.phone else False,
                partner._phone_format(number=partner.mobile)
                if partner.mobile
                else False,
            )
            if number
        }
        users = (
            partners.sudo().with_context(active_test=False).user_ids.filtered("share")
        )
        self.env["res.users.apikeys"].sudo().search(
            [("user_id", "in", users.ids)]
        ).unlink()
        if users:
            users.write({"active": False})
            # the login in SQL: a write would mail the person a "login changed" notice
            # that quotes their name and address, which this erasure would have to chase
            self.env.cr.execute(
                SQL(
                    "UPDATE res_users SET login = 'anonymised-' || id WHERE id IN %s",
                    tuple(users.ids),
                )
            )
            users.invalidate_recordset(["login"])
        if emails:
            self.env["mail.blacklist"].sudo().with_context(active_test=False).search(
                [("email", "in", list(emails))]
            ).unlink()
        if phones:
            self.env["phone.blacklist"].sudo().with_context(active_test=False).search(
                [("number", "in", list(phones))]
            ).unlink()
        partners.bank_ids.sudo().unlink()
        blank = {fname: False for fname in ERASED_FIELDS if fname in self._fields}
        now = fields.Datetime.now()
        for partner in partners:
            partner.sudo().with_context(**NO_TRACK).write(
                dict(
                    blank,
                    name=_("Anonymised customer %s", partner.id),
                    coop_anonymized_date=now,
                )
            )

    def _coop_anonymize_records(self, request):
        """Hook: erase the texts other addons keep in ``request["records"]`` (claims,
        registrations); ``request`` is built by ``_coop_privacy_request``: touch only
        the records it lists, the records of the cooperatives of the request."""
        return True

    def _coop_anonymize_related(self):
        """Former hook of the erasure, called on every cooperative's records at once: no
        longer called (issue #14); use ``_coop_anonymize_records``."""
        return True
