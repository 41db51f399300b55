"""Cross-module tests of the suite, run by pytest-odoo against the test database.

tests/runner.py passes ``--odoo-config`` and ``--odoo-database``; the four
addons are installed with their demo data before these tests run.
"""
