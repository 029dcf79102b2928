"""Observation imports in batches: a few queries whatever the file's length, history with who and why, a
dry run that writes nothing, all or nothing across batches, and each series' verdict stored once."""

import gc
from decimal import Decimal

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export import exceptions

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


@pytest.mark.django_db
def test_import_names_each_bad_cell_by_row_and_column_and_writes_nothing():
    series = factories.SeriesFactory(code="LN-A", direction="up")
    factories.ObservationFactory(series=series, start_year=2014, end_year=2014, value="1")
    rows = [
        ("LN-A", "2015", "2.5", "Table 1", ""),
        ("LN-A", "2016", "lots", "", ""),
        ("NOPE", "2017", "1", "", ""),
        ("", "2018", "1", "", ""),
        ("LN-A", "2015Q1", "1", "", ""),
        ("LN-A", "1800", "1", "", ""),
        ("LN-A", "2019", "", "", ""),
        ("LN-A", "2015", "3", "", ""),
        ("LN-A", "2020", "1.1234567", "x" * 201, ""),
        ("LN-A", "2014", "2", "", ""),
    ]

    result, _ = import_rows(rows)

    assert {row.number: row.error_dict for row in result.invalid_rows} == {
        2: {"value": ["“lots” is not a number."]},
        3: {"series": ["Unknown indicator series code “NOPE”."]},
        4: {"series": ["This field cannot be blank."]},
        5: {"period": ["“2015Q1” is not a period: write a year such as 2015 or a span such as 2008-2014."]},
        6: {"period": ["A period lies between the years 1900 and 2200."]},
        7: {"value": ["A value is required."]},
        8: {"period": ["Row 1 already gives this record; each may appear only once."]},
        9: {
            "value": ["Ensure that there are no more than 6 decimal places."],
            "source_ref": ["Ensure this value has at most 200 characters (it has 201)."],
        },
    }
    assert [row.import_type for row in result.rows] == ["new", *["invalid"] * 8, "update"]
    assert list(Observation.objects.values_list("start_year", "value")) == [(2014, Decimal(1))]
    assert Observation.history.filter(history_type__in=["+", "~"]).count() == 1  # the factory's own
    assert ObservationVintage.objects.count() == 0


@pytest.mark.django_db
def test_a_text_cell_its_widget_refuses_is_named_by_row_and_column(monkeypatch):
    factories.SeriesFactory(code="LN-A", direction="up")
    widget = ObservationResource().fields["note"].widget

    def clean(value, row=None, **kwargs):
        if value == "bad":
            raise ValueError("Not a note.")
        return value

    # Today's text widgets take any text; a widget that refuses some is reported as a bad value is.
    monkeypatch.setattr(type(widget), "clean", staticmethod(clean))

    result, _ = import_rows([("LN-A", "2015", "1", "", "fine"), ("LN-A", "2016", "1", "", "bad")])

    assert {row.number: row.error_dict for row in result.invalid_rows} == {2: {"note": ["Not a note."]}}
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_import_lists_each_change_and_keeps_the_revised_value_as_a_vintage(administrator):
    series = factories.SeriesFactory(code="LN-A", direction="up")
    old = factories.ObservationFactory(
        series=series, start_year=2015, end_year=2015, value="2.50", decimals=2, source_ref="Table 1"
    )
    recorded_at = old.recorded_at

    result, _ = import_rows([("LN-A", "2015", "2.75", "Table 2", "")], user=administrator)

    assert [(row.number, row.label, row.changes) for row in result.rows] == [
        (1, "LN-A 2015", [("value", "2.50", "2.75"), ("source_ref", "Table 1", "Table 2")])
    ]
    assert [(v.value, v.decimals, v.source_ref, v.recorded_at) for v in ObservationVintage.objects.all()] == [
        (Decimal("2.5"), 2, "Table 1", recorded_at)
    ]
    old.refresh_from_db()
    assert (old.display_value, old.source_ref) == (Decimal("2.75"), "Table 2")
    change = Observation.history.get(history_type="~")
    assert (change.history_user, change.history_change_reason) == (administrator, "Imported from gdp.csv")


@pytest.mark.django_db
def test_import_reads_numbers_as_an_excel_sheet_gives_them():
    factories.SeriesFactory(code="LN-A", direction="up")

    result, _ = import_rows([("LN-A", 2015, 3.5, None, None), ("LN-A", "2008-2014", 12, "Table 1", "")])

    assert not result.has_errors() and not result.has_validation_errors()
    assert list(Observation.objects.values_list("start_year", "end_year", "value", "decimals", "note")) == [
        (2008, 2014, Decimal(12), 0, ""),
        (2015, 2015, Decimal("3.5"), 1, ""),
    ]


@pytest.mark.django_db
def test_import_with_raise_errors_raises_at_the_first_bad_row():
    factories.SeriesFactory(code="LN-A", direction="up")

    with pytest.raises(exceptions.ImportError) as error:
        ObservationResource().import_data(
            dataset([("LN-A", "2015", "1", "", ""), ("LN-A", "2016", "lots", "", "")]), raise_errors=True
        )

    assert error.value.number == 2
    assert Observation.objects.count() == 0


def observation_inserts(queries) -> int:
    return sum(query["sql"].startswith('INSERT INTO "indicators_observation"') for query in queries)


@pytest.mark.django_db
def test_import_queries_are_the_same_for_10_and_1000_rows(administrator):
    counts = []
    for count in (10, 1000):
        Series.objects.all().delete()
        codes = [factories.SeriesFactory(code=f"LN-{n}", direction="up").code for n in range(5)]
        rows = [(codes[n % 5], str(1900 + n // 5), f"{n}.5", "", "") for n in range(count)]
        _, checked = import_rows(rows, dry_run=True)
        with CaptureQueriesContext(connection) as queries:
            result = ObservationResource().import_data(
                dataset(rows), use_transactions=True, user=administrator
            )
        assert result.totals["new"] == count == Observation.objects.count()
        assert set(Series.objects.values_list("progress", flat=True)) == {"substantial"}
        # SQLite takes at most 999 values a statement, so that it splits the INSERT of 1,000 rows.
        counts.append((checked, len(queries) - observation_inserts(queries)))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_import_turns_the_garbage_collector_back_on_whatever_the_outcome():
    factories.SeriesFactory(code="LN-A", direction="up")
    missing_column = tablib.Dataset(headers=["series", "period"])
    missing_column.append(("LN-A", "2015"))

    import_rows([("LN-A", "2015", "1", "", ""), ("LN-A", "2016", "lots", "", "")])
    refused = ObservationResource().import_data(missing_column)

    assert [str(error.error) for error in refused.base_errors] == [
        "Missing column(s): value, source_ref, note."
    ]
    assert gc.isenabled()
