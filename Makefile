# IKZ Cockpit: `make run` serves the Partheland demo, `make test` runs every test.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
# Where the SQLite database, uploads and the generated secret key live.
export IKZ_DATA_DIR ?= $(CURDIR)/data
# Where `make run` serves, e.g. make run PORT=8080.
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes side by side (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto
# The PostgreSQL server the second test run uses (trust auth, as set up for development).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/ikz

MO := src/ikz/locale/de/LC_MESSAGES/django.mo
PO := src/ikz/locale/de/LC_MESSAGES/django.po

.PHONY: install run test test-sqlite test-postgres lint fmt messages bench

install: $(BIN)/.installed $(MO) node_modules/.package-lock.json

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# KERN UX, htmx and axe-core, exactly as the lock file names them; served by the app
# (settings.STATICFILES_DIRS), never from a CDN.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(MO): $(PO) $(BIN)/.installed
	cd src/ikz && ../../$(BIN)/ikz compilemessages --locale de --locale en

# Extract new strings into the .po files after changing user-facing text.
messages: $(BIN)/.installed
	cd src/ikz && ../../$(BIN)/ikz makemessages --locale de --locale en --no-obsolete

run: install
	$(BIN)/ikz migrate --noinput
	$(BIN)/ikz load_demo
	@echo "IKZ Cockpit serves http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	IKZ_DEBUG=1 $(BIN)/ikz runserver $(HOST):$(PORT)

test: test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest -n $(TEST_WORKERS)

# pytest-django creates (and with --create-db recreates) the test database test_ikz, one
# per worker (test_ikz_gw0, …).
test-postgres: install
	IKZ_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -n $(TEST_WORKERS) --create-db

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Speed of every page and of the report path on SQLite and PostgreSQL at scale 1 and 30
# (databases built once under build/bench/); prints a table, writes docs/benchmarks.*.
bench: install
	$(BIN)/python bench/run.py
