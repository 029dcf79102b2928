"""Observation imports in batches: a few queries whatever the file's length, history with who and why, a
dry run that writes nothing, all or nothing across batches, and each series' verdict stored once."""

from decimal import Decimal

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Observation, ObservationVintage, Series
from indicators.resources import ObservationResource
from tests import factories

HEADERS = ["series", "period", "value", "source_ref", "note"]


def dataset(rows):
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append(row)
    return data


def import_rows(rows, *, dry_run=False, user=None, batch_rows=None):
    resource = ObservationResource()
    if batch_rows:
        resource.batch_rows = batch_rows
    with CaptureQueriesContext(connection) as queries:
        result = resource.import_data(
            dataset(rows), dry_run=dry_run, use_transactions=True, user=user, file_name="gdp.csv"
        )
    return result, len(queries)


def series_rows(count):
    for code in ("LN-A", "LN-B", "LN-C"):
        factories.SeriesFactory(code=code, direction="up")
    return [("LN-" + "ABC"[n % 3], str(1950 + n), f"{n}.5", "Table 1", "") for n in range(count)]


@pytest.mark.django_db
def test_import_queries_do_not_grow_with_the_rows():
    _, few = import_rows(series_rows(3), dry_run=True)
    Series.objects.all().delete()

    _, many = import_rows(series_rows(90), dry_run=True)

    assert many == few


@pytest.mark.django_db
def test_import_writes_rows_with_history_user_and_reason(administrator):
    rows = series_rows(30)

    result, _ = import_rows(rows, user=administrator, batch_rows=7)

    assert result.totals["new"] == 30 and not result.has_errors()
    assert Observation.objects.count() == 30
    history = Observation.history.all()
    assert {(h.history_type, h.history_user, h.history_change_reason) for h in history} == {
        ("+", administrator, "Imported from gdp.csv")
    }
    assert history.count() == 30


@pytest.mark.django_db
def test_import_dry_run_writes_nothing():
    series = factories.SeriesFactory(code="LN-A", direction="up")
    factories.ObservationFactory(series=series, start_year=2015, end_year=2015, value="1")
    progress = Series.objects.get().progress

    result, _ = import_rows(
        [("LN-A", "2015", "2", "", ""), ("LN-A", "2016", "3", "", "")], dry_run=True, batch_rows=1
    )

    assert [row.import_type for row in result.rows] == ["update", "new"]
    assert list(Observation.objects.values_list("start_year", "value")) == [(2015, Decimal(1))]
    assert Observation.history.filter(history_type="~").count() == 0
    assert ObservationVintage.objects.count() == 0
    assert Series.objects.get().progress == progress


@pytest.mark.django_db
def test_import_bad_row_in_a_later_batch_writes_nothing():
    rows = series_rows(30)
    rows[25] = ("LN-B", "1975", "lots", "", "")

    result, _ = import_rows(rows, batch_rows=7)

    assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [(26, ["value"])]
    assert Observation.objects.count() == 0
    assert Observation.history.count() == 0


@pytest.mark.django_db
def test_import_updates_keep_vintages_history_and_skip_unchanged(administrator):
    series = factories.SeriesFactory(code="LN-A", direction="up")
    factories.ObservationFactory(series=series, start_year=2015, end_year=2015, value="1")
    revised = factories.ObservationFactory(series=series, start_year=2016, end_year=2016, value="2")

    result, _ = import_rows(
        [("LN-A", "2015", "1", "", ""), ("LN-A", "2016", "4", "", "")],
        user=administrator,
    )

    assert [row.import_type for row in result.rows] == ["skip", "update"]
    assert [(v.observation_id, v.value) for v in ObservationVintage.objects.all()] == [
        (revised.pk, Decimal(2))
    ]
    changes = Observation.history.filter(history_type="~")
    assert [(h.id, h.value, h.history_user) for h in changes] == [(revised.pk, Decimal(4), administrator)]
    assert Series.objects.get().progress == "substantial"  # 1 -> 4 in a year, stored once at the end
