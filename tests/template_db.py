"""One migrated test database for every pytest-xdist worker.

Each worker used to build its test database by running every migration (about ten seconds of CPU each, most
of it Django rendering the migration states). Under xdist the controller now starts this module in a process
of its own as soon as it is configured: it runs the migrations once, into a template (a SQLite file, or a
PostgreSQL database named after the test database), while the workers start and collect the tests. Each
worker then makes its test database as a copy of the template (SQLite's backup API into the worker's in-memory
database, PostgreSQL's CREATE DATABASE ... TEMPLATE) and lets Django's own create_test_db carry on as usual:
its migrate finds every migration applied, and it serializes the contents for serialized_rollback as before.

Run alone (python -m tests.template_db TARGET STATUS) it builds the template, then writes "ok" or the error to
the STATUS file, which the workers wait for.
"""

import os
import sqlite3
import sys
import time
import traceback
from contextlib import closing
from pathlib import Path

WAIT_SECONDS = 900


def template_target(database: dict, directory: Path, run: str) -> str:
    """Where the template goes for this database settings: a file, or a PostgreSQL database name."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return str(directory / "template.sqlite3")
    test_name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
    return f"{test_name}_template_{run}"[:63]


def build(target: str) -> None:
    """Create the test database at `target` and run every migration into it, as Django's test runner does."""
    import django
    from django.db import connection

    django.setup()
    connection.settings_dict["TEST"]["NAME"] = target
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()


def drop(database: dict, target: str) -> None:
    """Remove a PostgreSQL template (a SQLite one goes with its temporary folder)."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return
    from django.db import connection

    with connection.creation._nodb_cursor() as cursor:
        # FORCE: a builder stopped half-way may not have been seen to leave yet.
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(target)} WITH (FORCE)")


def wait(status: Path) -> None:
    """Until the builder has written its status; raises with its error if it failed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not status.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the template test database was not ready after {WAIT_SECONDS} s ({status})")
        time.sleep(0.05)
    text = status.read_text(encoding="utf-8")
    if text != "ok":
        raise RuntimeError(f"building the template test database failed:\n{text}")


def create_from(connection, target: str, status: Path):
    """A replacement for connection.creation._create_test_db: the test database as a copy of the template."""
    creation = connection.creation
    original = creation._create_test_db

    def _create_test_db(verbosity, autoclobber, keepdb=False):
        if keepdb:  # --reuse-db: the database kept from the last run, as pytest-django does it
            return original(verbosity, autoclobber, keepdb)
        wait(status)
        name = creation._get_test_db_name()
        if connection.vendor == "sqlite":
            # The in-memory database lives while a connection to it is open: this one stays open for the
            # session, and Django's own connection opens on the copy.
            copy = sqlite3.connect(name, uri=True, check_same_thread=False)
            with closing(sqlite3.connect(target)) as source:
                source.backup(copy)
            creation._template_copy = copy
            return name
        quote = connection.ops.quote_name
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
            cursor.execute(f"CREATE DATABASE {quote(name)} WITH TEMPLATE {quote(target)}")
        return name

    return _create_test_db


def report(status: Path, text: str) -> None:
    """Written whole or not at all, so a worker never reads half of it."""
    partial = status.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, status)


def main(target: str, status: str) -> None:
    try:
        build(target)
    except BaseException:
        report(Path(status), traceback.format_exc() or "failed")
        raise
    report(Path(status), "ok")


if __name__ == "__main__":
    main(*sys.argv[1:])
