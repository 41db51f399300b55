# Coop CRM suite: the project's commands. See README.md.
PYTHON ?= python3

.PHONY: help check setup demo test test-quick test-odoo-suites

help:
	@echo "make demo   set up and start Odoo with the suite on a demo database (http://localhost:8069)"
	@echo "make test   run the whole test suite on a fresh database"
	@echo "            (with Odoo's own tests of the modules the suite extends, compared"
	@echo "            with the same Odoo without the suite)"

# stops at once, saying what to install, when Odoo 18.0 or PostgreSQL is missing
check:
	@$(PYTHON) tests/runner.py check

# OCA report_xlsx (an Odoo addon on PyPI, used by coop_crm_base's XLSX exports): its
# metadata requires the `odoo` distribution, which a source install of Odoo may not
# register, hence --no-deps (its only Python need, xlsxwriter, is in requirements.txt).
setup:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps \
		"odoo-addon-report_xlsx>=18.0,<18.1"

demo: check setup
	$(PYTHON) tests/runner.py demo

test: check setup
	$(PYTHON) tests/runner.py test --each

# development loop: no install-alone checks, keeps the database
test-quick:
	$(PYTHON) tests/runner.py test --keep $(if $(TAGS),--tags $(TAGS))

# development loop: only Odoo's own tests of loyalty, sale_loyalty, event, survey and
# calendar, with the suite (kept database coop_test) and without it (coop_test_odoo), compared
test-odoo-suites:
	$(PYTHON) tests/runner.py odoo-suites --update $(if $(TAGS),--odoo-tags $(TAGS))
