"""Base classes for the suite's cross-module tests (outside any addon)."""

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
