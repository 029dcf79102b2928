"""What the database holds, to compare before and after a backup's round trip, and what a request wrote."""

import contextlib
import re

from django.apps import apps
from django.db import connection

# Written by signing in and by every request of a signed-in user, and the cache's table where no Redis is
# configured (drawn charts are cached there); not data.
NOT_DATA = {"django_session", "tracker_cache"}


def database_snapshot() -> dict[str, list[tuple]]:
    """Every row of every table that Django manages, in primary-key order."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in NOT_DATA or not model._meta.managed:
            continue
        if model._meta.auto_created:
            # A many-to-many table: its pairs (their row numbers are renumbered whenever a set is saved).
            names = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
            rows = sorted(model._base_manager.values_list(*names))
        else:
            rows = list(model._base_manager.order_by("pk").values_list())
        snapshot[model._meta.db_table] = rows
    return snapshot


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])


WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextlib.contextmanager
def tables_written():
    """The tables that the statements run inside the block wrote to, less those that are not data (a list,
    filled as the block ends): stricter than comparing snapshots (a write that changed nothing counts too),
    and cheap enough for every request."""
    tables, written = set(), []

    def record(execute, sql, params, many, context):
        if match := WRITE.match(sql):
            tables.add(match[2])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield written
    written.extend(sorted(tables - NOT_DATA))
