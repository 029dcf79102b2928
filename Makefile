# Policy Tracker: `make run` sets up and serves; `make test` runs the suite (on PostgreSQL when DATABASE_URL is set).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000
WORKERS ?= 3

.PHONY: run serve test setup lint format bench bench-smoke clean

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
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_report --demo

run: setup
	$(BIN)/python manage.py runserver $(HOST)

# The signing key of `make serve` when SECRET_KEY is not given: generated once, kept out of git.
.secret_key:
	umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# Production settings (DEBUG off) behind gunicorn, static files from WhiteNoise. Without an environment of its
# own it serves the same SQLite database as `make run` (demo accounts included, if `make run` made them) on
# plain HTTP, with mail printed to the log; see "Production" in the README for a real deployment.
serve: export DEBUG = false
serve: export SECRET_KEY_FILE ?= .secret_key
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend
serve: $(STAMP) .secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_report
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST) --workers $(WORKERS) --access-logfile - --no-control-socket \
		--forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# One test process per core and one more, as the browser tests wait on Chromium (TEST_WORKERS=0 for one
# process); work is stolen from busy workers, as test times vary.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
test: $(STAMP)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

# The benchmark of issue 15 at sizes S and L on PostgreSQL (one database per size, named after this one with
# _s and _l appended, created when missing and kept for the next run); writes docs/benchmarks.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tracker_bench
bench: $(STAMP)
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench $(BENCH_ARGS)

# The same measurements once each on a tiny size in temporary SQLite files: checks that they run, times nothing.
bench-smoke: $(STAMP)
	$(BIN)/python -m bench --sqlite --sizes XS --repeat 1 --export-repeat 1 --import-rows 100 --write ""

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .secret_key
