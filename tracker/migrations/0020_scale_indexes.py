"""Indexes for issue 15 (scale): the data-quality checks of actions and the groups of My actions.

action_lead_agency_idx holds what the groups of My actions ask of an agency's lead actions (due date, last
update, status), so that each group's count reads that agency's index rows alone (queries.agency_action_groups,
ActionQuerySet.for_agencies_parts).

action_status_progress_idx finds the actions whose progress lies outside their status's range (two ranges
of each status, ActionQuerySet.progress_outside_status_range). PostgreSQL estimates those ranges as if status
and progress were unrelated (thousands of rows where there are none, then a parallel sort of them); the
statistics object action_status_progress_stats tells it which pairs occur (a status allows a few progress
values), so that it reads the few rows from the index. Up to STATISTICS_TARGET pairs are kept: statuses are
few and progress runs from 0 to 100. SQLite has no such statistics.
"""

from django.db import migrations, models

STATISTICS_TARGET = 1000


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE STATISTICS IF NOT EXISTS action_status_progress_stats (mcv) ON status_id, progress "
        "FROM tracker_action"
    )
    schema_editor.execute(f"ALTER STATISTICS action_status_progress_stats SET STATISTICS {STATISTICS_TARGET}")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP STATISTICS IF EXISTS action_status_progress_stats")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_series_chinese_unit"),
        ("tracker", "0019_list_figures"),
    ]

    operations = [
        # Data quality: the first actions without a description in list order, and their count.
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=(models.Q(description_en="") | models.Q(description_en__isnull=True))
                & (models.Q(description_zh_hans="") | models.Q(description_zh_hans__isnull=True)),
                fields=["strategy", "category", "code"],
                name="action_without_description_idx",
            ),
        ),
        # Data quality: the actions whose progress lies outside their status's range.
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["status", "progress"], name="action_status_progress_idx"),
        ),
        # My actions: the count of each group of an agency's lead actions, from the index alone.
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["lead_agency", "due_date", "last_reported_on", "status"],
                include=["id"],
                name="action_lead_agency_idx",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics, elidable=False),
    ]
