"""Migrations that change existing data keep what they find: each series' single target becomes rows of the
Target table; the data loaded before strategies existed becomes strategy ta9036, with nothing else changed,
and each status's `is_final` flag becomes an outcome and a progress range. Migrated back, each gives back what
it found."""

import csv
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend
from django.utils import timezone

from tracker.management.commands.load_report import DEFAULT_FOLDER

BEFORE_TARGETS = [("indicators", "0001_initial")]
TARGETS = [("indicators", "0003_copy_targets_assess_progress")]
BEFORE_STRATEGIES = [("tracker", "0008_roles_without_unused_permissions")]
AFTER_STRATEGIES = [("tracker", "0012_strategies_required_is_final_replaced")]


@pytest.fixture
def scratch(django_db_setup, django_db_blocker, tmp_path):
    """An empty database of the test's own, standing in for `default` while the test runs, migrated forward
    only: each test takes it from nothing to the migration before the one it tests, writes the data it needs,
    then applies the migrations it tests. The session's test database is never migrated back and forth (each
    such trip re-rendered every model state through every migration: the slowest thing in the suite)."""
    real = connections["default"]
    settings = {**real.settings_dict}
    postgresql = real.vendor == "postgresql"
    settings["NAME"] = (
        f"{settings['NAME']}_migrations" if postgresql else str(tmp_path / "migrations.sqlite3")
    )
    with django_db_blocker.unblock():
        if postgresql:
            with real._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        database: BaseDatabaseWrapper = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
        # The migrations' own code writes through the default alias, as `manage.py migrate` has it do.
        connections["default"] = database
        ContentType.objects.clear_cache()
        try:
            yield database
        finally:
            database.close()
            connections["default"] = real
            ContentType.objects.clear_cache()
            if postgresql:
                with real._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE "{settings["NAME"]}"')


def migrate(database, targets):
    """Apply the migrations up to `targets` and answer the models as they stand there."""
    executor = MigrationExecutor(database)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_migration_stops_on_an_incomplete_baseline_then_carries_targets_over_and_assesses_progress(scratch):
    old = migrate(scratch, BEFORE_TARGETS)
    Series = old.get_model("indicators", "Series")
    Observation = old.get_model("indicators", "Observation")
    rd = Series.objects.create(code="LN-RD", name="R&D", unit="%", geography="L", target_low=2, target_high=3)
    dated = Series.objects.create(
        code="LN-X", name="X", unit="%", geography="L", target_value=120, target_year=2020, direction="up"
    )
    Series.objects.create(code="LN-NONE", name="None", unit="%", geography="L")
    for year, value in ((2015, 100), (2017, 121)):
        Observation.objects.create(series=dated, start_year=year, end_year=year, value=value)
    Series.objects.create(code="LN-HALF", name="Half", unit="%", geography="L", baseline_value=5)

    with pytest.raises(RuntimeError, match="LN-HALF"):
        migrate(scratch, TARGETS)

    Series.objects.filter(code="LN-HALF").delete()
    new = migrate(scratch, TARGETS)

    Target = new.get_model("indicators", "Target")
    rows = sorted(
        (t.series.code, t.start_year, t.end_year, t.value, t.low, t.high) for t in Target.objects.all()
    )
    assert rows == [("LN-RD", None, None, None, 2, 3), ("LN-X", 2020, 2020, 120, None, None)]
    progress = dict(new.get_model("indicators", "Series").objects.values_list("code", "progress"))
    assert progress == {"LN-RD": "not_assessable", "LN-X": "target_achieved", "LN-NONE": "not_assessable"}

    # Back again: each series gets its single target back.
    fields = ("code", "target_value", "target_low", "target_high", "target_year")
    back = migrate(scratch, BEFORE_TARGETS).get_model("indicators", "Series").objects.values_list(*fields)
    assert sorted(back) == [
        ("LN-NONE", None, None, None, None),
        ("LN-RD", None, 2, 3, None),
        ("LN-X", 120, None, None, 2020),
    ]
    assert rd.pk and dated.pk


@pytest.fixture
def old_database(scratch):
    """A database as the first wave left it: statuses, a category, an action and their history."""
    apps = migrate(scratch, BEFORE_STRATEGIES)
    Status = apps.get_model("tracker", "Status")
    HistoricalStatus = apps.get_model("tracker", "HistoricalStatus")
    now = timezone.now()
    for code, default, final in [
        ("not-started", 0, False),
        ("in-progress", 50, False),
        ("delayed", 50, False),
        ("completed", 100, True),
        ("discontinued", 0, True),
        ("planning", 20, False),  # added by an administrator
    ]:
        row = Status.objects.create(
            code=code, name=code, definition="d", default_progress=default, colour="grey", is_final=final
        )
        HistoricalStatus.objects.create(
            id=row.pk, code=code, name=code, definition="d", default_progress=default, colour="grey",
            is_final=final, order=0, needs_reason=False, history_date=now, history_type="~",
        )  # fmt: skip
    # Earlier, an administrator had given "Not started" a default its shipped range would not hold.
    HistoricalStatus.objects.create(
        id=Status.objects.get(code="not-started").pk, code="not-started", name="Not started", definition="d",
        default_progress=10, colour="grey", is_final=False, order=0, needs_reason=False,
        history_date=now - datetime.timedelta(days=1), history_type="+",
    )  # fmt: skip
    category = apps.get_model("tracker", "Category").objects.create(code="1", name="Economic Structure")
    agency = apps.get_model("tracker", "Agency").objects.create(
        code="LPDF", name="Finance", level="provincial"
    )
    action = apps.get_model("tracker", "Action").objects.create(
        category=category,
        code="1.1",
        title="Raise R&D",
        lead_agency=agency,
        due_date=datetime.date(2030, 1, 1),
    )
    apps.get_model("tracker", "HistoricalAction").objects.create(
        id=action.pk, category_id=category.pk, code="1.1", title="Raise R&D", lead_agency_id=agency.pk,
        responsibility_basis="named", history_date=now, history_type="+",
    )  # fmt: skip
    return scratch


def test_existing_data_becomes_strategy_ta9036_and_statuses_get_outcomes_and_ranges(old_database):
    apps = migrate(old_database, AFTER_STRATEGIES)

    Strategy = apps.get_model("tracker", "Strategy")
    strategy = Strategy.objects.get()
    with (DEFAULT_FOLDER / "strategy.csv").open(encoding="utf-8") as file:
        shipped = next(csv.DictReader(file))
    # The same as the shipped strategy.csv, so that the next load finds nothing to keep or change.
    assert {
        name: str(getattr(strategy, name) or "")
        if name != "published_on"
        else strategy.published_on.isoformat()
        for name in shipped
    } == shipped
    assert strategy.title == strategy.title_en
    category = apps.get_model("tracker", "Category").objects.get()
    action = apps.get_model("tracker", "Action").objects.get()
    assert (category.strategy_id, category.code, category.name) == (strategy.pk, "1", "Economic Structure")
    assert (action.strategy_id, action.category_id, action.code, action.title, action.due_date) == (
        strategy.pk,
        category.pk,
        "1.1",
        "Raise R&D",
        datetime.date(2030, 1, 1),
    )
    history = apps.get_model("tracker", "HistoricalAction").objects.get()
    assert history.strategy_id == strategy.pk  # the next edit's history shows no strategy change
    assert apps.get_model("tracker", "HistoricalStrategy").objects.get().history_type == "+"

    expected = {
        "not-started": ("open", 0, 0, 0),
        "in-progress": ("open", 1, 50, 99),
        "delayed": ("open", 0, 50, 99),
        "completed": ("achieved", 100, 100, 100),
        "discontinued": ("dropped", 0, 0, 100),
        "planning": ("open", 0, 20, 100),
    }
    fields = ("code", "outcome", "min_progress", "default_progress", "max_progress")
    statuses = apps.get_model("tracker", "Status").objects.values_list(*fields)
    assert sorted(statuses) == sorted((code, *values) for code, values in expected.items())
    history = apps.get_model("tracker", "HistoricalStatus").objects.values_list(*fields)
    # The latest record of each equals the status; the earlier "Not started" at 10% gets the widest range.
    assert sorted(history) == sorted([*statuses, ("not-started", "open", 0, 10, 100)])

    # Back again: each status is final as before, the action keeps its category, the strategy is gone.
    apps = migrate(old_database, BEFORE_STRATEGIES)
    finals = apps.get_model("tracker", "Status").objects.filter(is_final=True).values_list("code", flat=True)
    assert sorted(finals) == ["completed", "discontinued"]
    action = apps.get_model("tracker", "Action").objects.get()
    assert (action.category.code, action.code, action.title) == ("1", "1.1", "Raise R&D")


def test_empty_database_gets_no_strategy(scratch):
    apps = migrate(scratch, AFTER_STRATEGIES)

    assert not apps.get_model("tracker", "Strategy").objects.exists()
