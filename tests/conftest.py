"""Cross-module tests of the suite, run by pytest-odoo against the test database.

tests/runner.py passes ``--odoo-config``, ``--odoo-database`` and ``--odoo-http``
(pytest-odoo then starts Odoo's HTTP server, which ``HttpCase`` tests need); the
four addons are installed with their demo data before these tests run.
"""
