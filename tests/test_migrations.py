"""The migration that replaced each series' single target by the Target table keeps the data it found."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("indicators", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_migration_carries_targets_over_and_assesses_progress():
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

    new = migrate(latest())

    Target = new.get_model("indicators", "Target")
    rows = sorted(
        (t.series.code, t.start_year, t.end_year, t.value, t.low, t.high) for t in Target.objects.all()
    )
    assert rows == [("LN-RD", None, None, None, 2, 3), ("LN-X", 2020, 2020, 120, None, None)]
    progress = dict(new.get_model("indicators", "Series").objects.values_list("code", "progress"))
    assert progress == {"LN-RD": "not_assessable", "LN-X": "target_achieved", "LN-NONE": "not_assessable"}
    assert rd.pk and dated.pk


@pytest.mark.django_db(transaction=True)
def test_migration_stops_on_an_incomplete_baseline_and_names_it():
    old = migrate(BEFORE)
    old.get_model("indicators", "Series").objects.create(
        code="LN-HALF", name="Half", unit="%", geography="L", baseline_value=5
    )

    with pytest.raises(RuntimeError, match="LN-HALF"):
        migrate(latest())

    old.get_model("indicators", "Series").objects.filter(code="LN-HALF").delete()
    migrate(latest())
