"""Indexes for issue 15 (scale): the figures of a strategy's actions from one narrow index, and trigram indexes
for the action list's text search on PostgreSQL.

ActionQuerySet.search() asks `UPPER(column::text) LIKE UPPER('%text%')` of the code, the titles and the
descriptions (Django's icontains); each index below holds that expression, so PostgreSQL can answer the search
from the indexes (a bitmap OR of the five) instead of reading every action. pg_trgm is a trusted extension
(PostgreSQL 13 and later): the database's owner may create it. SQLite has no such index and scans, which suits
its sizes.
"""

from django.db import migrations, models

COLUMNS = ["code", "title_en", "title_zh_hans", "description_en", "description_zh_hans"]


def index_name(column):
    return f"action_{column}_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        # For ActionQuerySet.search(): UPPER(column::text) LIKE UPPER('%text%').
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(column)} ON tracker_action "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_remove_series_target_fields"),
        ("tracker", "0014_reporting_rounds"),
    ]

    operations = [
        # ActionQuerySet.figure_counts (dashboard, category list and page, overview) and the
        # action list's count: an index-only scan.
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["strategy", "category", "status", "lead_agency", "progress", "due_date", "last_reported_on"],
                name="action_figures_idx",
            ),
        ),
        # The keys of a page of the action list in its default order (tables.KeysFirstData).
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["strategy", "category", "code", "id"], name="action_list_order_idx"),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
