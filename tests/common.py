"""Base classes for the suite's cross-module tests (outside any addon)."""

from odoo.fields import Command
from odoo.tests import common


class SuiteCaseMixin:
    """Odoo tags test classes by their addon; these tests belong to no addon."""

    test_tags = {"standard", "post_install"}
    test_module = "coop_suite"
    test_sequence = 0

    @classmethod
    def __init_subclass__(cls, **kwargs):
        result = super().__init_subclass__(**kwargs)
        cls.test_class = cls.__name__
        return result


class SuiteTransactionCase(SuiteCaseMixin, common.TransactionCase):
    """A TransactionCase for tests/: rolled back after each test."""


class SuiteHttpCase(SuiteCaseMixin, common.HttpCase):
    """An HttpCase for tests/: browser tours and XML-RPC against the running server."""


def create_training_day(env, company, name, **vals):
    """A training session of ``company`` on 10 March 2025 (8:00 to 16:00 UTC, six hours
    a day), open to non-members; ``vals`` add to or replace these values."""
    return env["event.event"].create(
        {
            "name": name,
            "is_training": True,
            "open_to_non_members": True,
            "training_topic_id": env.ref("coop_training.topic_accounting").id,
            "company_id": company.id,
            "coop_company_ids": [Command.set(company.ids)],
            "date_tz": "UTC",
            "training_hours_per_day": 6.0,
            "date_begin": "2025-03-10 08:00:00",
            "date_end": "2025-03-10 16:00:00",
            **vals,
        }
    )


def create_attendance(env, session, partners):
    """``partners`` registered for the one-day ``session`` and present that day;
    returns their registrations, in the order of ``partners``."""
    registrations = env["event.registration"].create(
        [{"event_id": session.id, "partner_id": partner.id} for partner in partners]
    )
    env["coop.training.attendance"].create(
        [
            {"registration_id": registration.id, "day": "2025-03-10"}
            for registration in registrations
        ]
    )
    return registrations
