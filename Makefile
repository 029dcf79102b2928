# Policy Tracker: `make run` sets up and serves; `make test` runs the suite (on PostgreSQL when DATABASE_URL is set).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: run test setup lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "setuptools>=64,<81" wheel
	@# XStatic-Bootstrap is published only as a source archive whose build needs setuptools' pkg_resources,
	@# which newer setuptools dropped: build it with the setuptools just installed.
	$(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation "XStatic-Bootstrap>=5.3,<5.4"
	$(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_report --demo

run: setup
	$(BIN)/python manage.py runserver $(HOST)

test: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m tests.benchmark

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
