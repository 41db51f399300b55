from odoo import api, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _coop_not_customer_queries(self):
        """M-3 (issue #21): the partners who are only trainers are no customers: named
        trainer of a session, without a sale order (other than cancelled) nor a
        membership. A trainer who buys or is a member stays in the Customers list."""
        field = self.env["event.event"]._fields["trainer_ids"]
        trainers = SQL(
            "(SELECT %s FROM %s)",
            SQL.identifier(field.relation, field.column2, to_flush=field),
            SQL.identifier(field.relation),
        )
        buyers = (
            self.env["sale.order"]
            .sudo()
            ._search([("state", "!=", "cancel")])
            .subselect("partner_id")
        )
        members = (
            self.env["coop.membership"]
            .sudo()
            .with_context(active_test=False)
            ._search([])
            .subselect("partner_id")
        )
        only_trainers = (
            self.sudo()
            .with_context(active_test=False)
            ._search(
                [
                    ("id", "in", trainers),
                    ("id", "not in", buyers),
                    ("id", "not in", members),
                ]
            )
            .subselect()
        )
        return [*super()._coop_not_customer_queries(), only_trainers]

    def _coop_privacy_sources(self, partners):
        """M-9, issue #14: the training registrations are kept by the cooperative of
        their session."""
        return super()._coop_privacy_sources(partners) + [
            (
                "registrations",
                "event.registration",
                [("partner_id", "in", partners.ids)],
                "company_id",
            ),
        ]

    @api.model
    def _coop_privacy_chatter_sections(self):
        # a registration's chatter tracks the participant's contact details
        return super()._coop_privacy_chatter_sections() | {"registrations"}

    def _coop_anonymize_records(self, request):
        """M-9, issue #14: erasure blanks the contact details copied on the
        registrations of the cooperatives of the request (name, e-mail, phone, company
        name).

        Registrations, attendance and hours stay for the training reports.
        """
        registrations = request["records"].get(
            "registrations", self.env["event.registration"]
        )
        for registration in registrations.sudo():
            registration.with_context(tracking_disable=True, mail_notrack=True).write(
                {
                    "name": self.env._("Anonymised participant %s", registration.id),
                    "email": False,
                    "phone": False,
                    "company_name": False,
                }
            )
        return super()._coop_anonymize_records(request)

    @api.model
    def _coop_privacy_export_fields(self, section, portal):
        if section == "registrations" and portal:
            return [
                "event_id",
                "name",
                "email",
                "phone",
                "company_name",
                "state",
                "date_closed",
                "create_date",
                "training_hours",
                "training_days_attended",
                "coop_membership_id",
            ]
        return super()._coop_privacy_export_fields(section, portal)
