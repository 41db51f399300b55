# Coop CRM suite: the project's commands. See README.md.
PYTHON ?= python3

.PHONY: help setup demo test test-quick

help:
	@echo "make demo   set up and start Odoo with the suite on a demo database (http://localhost:8069)"
	@echo "make test   run the whole test suite on a fresh database"

setup:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt

demo: setup
	$(PYTHON) tests/runner.py demo

test: setup
	$(PYTHON) tests/runner.py test --each

# development loop: no install-alone checks, keeps the database
test-quick:
	$(PYTHON) tests/runner.py test --keep $(if $(TAGS),--tags $(TAGS))
