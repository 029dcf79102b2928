"""Migrations that change existing data keep what they find: each series' single target becomes rows of the
Target table; the data loaded before strategies existed becomes strategy ta9036, with nothing else changed,
and each status's `is_final` flag becomes an outcome and a progress range."""

import csv
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tracker.management.commands.load_report import DEFAULT_FOLDER

BEFORE = [("indicators", "0001_initial")]
BEFORE_STRATEGIES = [("tracker", "0008_roles_without_unused_permissions")]
AFTER_STRATEGIES = [("tracker", "0012_strategies_required_is_final_replaced")]
# serialized_rollback: migrating back and forth empties tables the other tests expect filled (groups), and
# without it the flush after one test recreates content types that the next test's restore then collides with.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_migration_stops_on_an_incomplete_baseline_then_carries_targets_over_and_assesses_progress():
    # One trip back and forth serves both cases: each trip re-renders every model state, the slowest
    # thing in the suite.
    old = migrate(BEFORE)
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
        migrate(latest())

    Series.objects.filter(code="LN-HALF").delete()
    new = migrate(latest())

    Target = new.get_model("indicators", "Target")
    rows = sorted(
        (t.series.code, t.start_year, t.end_year, t.value, t.low, t.high) for t in Target.objects.all()
    )
    assert rows == [("LN-RD", None, None, None, 2, 3), ("LN-X", 2020, 2020, 120, None, None)]
    progress = dict(new.get_model("indicators", "Series").objects.values_list("code", "progress"))
    assert progress == {"LN-RD": "not_assessable", "LN-X": "target_achieved", "LN-NONE": "not_assessable"}
    assert rd.pk and dated.pk


@pytest.fixture
def old_database():
    """A database as the first wave left it: statuses, a category, an action and their history."""
    apps = migrate(BEFORE_STRATEGIES)
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
    yield apps
    migrate(latest())


def test_existing_data_becomes_strategy_ta9036_and_statuses_get_outcomes_and_ranges(old_database):
    # Both checks read one migration of the same data: one trip, as each trip re-renders every model state.
    apps = migrate(AFTER_STRATEGIES)

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


def test_empty_database_gets_no_strategy():
    migrate(BEFORE_STRATEGIES)
    apps = migrate(AFTER_STRATEGIES)

    assert not apps.get_model("tracker", "Strategy").objects.exists()
    migrate(latest())
