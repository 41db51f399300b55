# Coop CRM suite: the project's commands. See README.md.
PYTHON ?= python3

.PHONY: help check setup demo test test-quick test-odoo-suites wheels lint pot

help:
	@echo "make demo   set up and start Odoo with the suite on a demo database (http://localhost:8069)"
	@echo "make test   run the whole test suite on a fresh database"
	@echo "            (with Odoo's own tests of the modules the suite extends, compared"
	@echo "            with the same Odoo without the suite)"
	@echo "make setup  only the set-up (Odoo 18.0 under var/ when python3 has none)"
	@echo "make wheels one wheel per addon into var/dist"
	@echo "make lint   the OCA's checks (.pre-commit-config.yaml) on every file of the repository"
	@echo "make pot    export each addon's i18n/<addon>.pot from a database with the addons"
	@echo "            installed (POT_DATABASE, default coop_demo: run make demo first) and"
	@echo "            merge it into fr.po and ar.po"

# stops at once, saying what to install, when Odoo 18.0 or PostgreSQL is missing
check:
	@$(PYTHON) tests/runner.py check

# the suite's Python requirements; on a machine where python3 cannot import Odoo 18.0 and
# ODOO_PATH is not set, first Odoo itself under var/ (a shallow clone of ODOO_REPO at
# ODOO_REF, default Odoo's official repository at 18.0, and a virtual environment
# var/venv that every command then uses). Remove var/ to undo. See tests/bootstrap.py.
setup:
	$(PYTHON) tests/runner.py setup

demo: setup
	$(PYTHON) tests/runner.py demo

# the lint first (make lint's checks; a failing hook fails the run), each addon installed
# alone, then the suite's tests on a fresh database
test: setup
	$(PYTHON) tests/runner.py test --each

# one wheel per addon (odoo-addon-<addon>, built by whool from the manifest as the OCA does)
# into var/dist; install them next to Odoo with pip install --no-deps var/dist/*.whl
wheels:
	$(PYTHON) -m pip wheel --quiet --disable-pip-version-check --no-deps -w var/dist \
		./coop_crm_base ./coop_loyalty ./coop_claims ./coop_training ./coop_pos \
		./coop_pos_claims ./coop_campaign

# the OCA's checks of .pre-commit-config.yaml (ruff, pylint-odoo, prettier, the manifest and
# .po checks...) on every tracked file; their fixers rewrite files in place (see the diff shown).
# pre-commit goes into the Python in use (var/venv when `make setup` made one); each hook's
# tools come from PyPI and the npm registry into pre-commit's cache (~/.cache/pre-commit),
# no hook repository is cloned.
LINT_PYTHON = $(if $(wildcard var/venv/bin/python),var/venv/bin/python,$(PYTHON))
lint:
	$(LINT_PYTHON) -m pip install --quiet --disable-pip-version-check "pre-commit>=3.7"
	$(LINT_PYTHON) -m pre_commit run --all-files --show-diff-on-failure

# development loop: no install-alone checks, keeps the database
test-quick:
	$(PYTHON) tests/runner.py test --keep $(if $(TAGS),--tags $(TAGS))

# development loop: only Odoo's own tests of the modules the suite extends (loyalty,
# sale_loyalty, event, survey, calendar, mass_mailing, mass_mailing_sms, mass_mailing_sale,
# utm: tests/core_suites.py), with the suite (kept database coop_test) and without it
# (coop_test_odoo), compared
test-odoo-suites:
	$(PYTHON) tests/runner.py odoo-suites --update $(if $(TAGS),--odoo-tags $(TAGS))

# each addon's .pot exported from a running Odoo's database holding the addons at this
# code (make demo's coop_demo by default), merged into fr.po and ar.po; the test command
# fails when a .pot is stale or a French or Arabic term is missing (tests/test_translations.py)
POT_DATABASE ?= coop_demo
pot: setup
	$(PYTHON) i18n/translations.py export --database $(POT_DATABASE)
