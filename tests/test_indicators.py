"""Indicators as evidence: revised figures keep their earlier values, stored verdicts follow every write,
staleness, evidence that disagrees with an action's status, and the open-data exports and import."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from indicators.exports import parse_sdmx_period
from indicators.models import Observation, ObservationVintage, Series
from indicators.progress import Point
from indicators.services import observation_save, series_assessment, series_progress_refresh

from . import factories
from .test_admin import admin_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


def content(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def gdp():
    series = factories.SeriesFactory(
        code="LN-GDP", name="Gross domestic product, Liaoning", unit="RMB billion"
    )
    for year, value in ((2014, "2862.6"), (2015, "2866.9"), (2016, "2203.7")):
        factories.ObservationFactory(
            series=series, start_year=year, end_year=year, value=value, source_ref="Table 1"
        )
    return series


# Revisions


def test_revision_keeps_both_values_and_both_dates():
    series = gdp()
    observation = series.observations.get(start_year=2015)
    first_recorded = observation.recorded_at
    observation.value, observation.decimals, observation.source_ref = Decimal("2801.1"), 1, "Yearbook 2017"

    vintage = observation_save(observation=observation)

    observation.refresh_from_db()
    assert (observation.display_value, observation.source_ref) == (Decimal("2801.1"), "Yearbook 2017")
    assert (vintage.display_value, vintage.source_ref) == (Decimal("2866.9"), "Table 1")
    assert vintage.recorded_at == first_recorded
    assert vintage.replaced_at == observation.recorded_at
    assert observation.recorded_at >= first_recorded


def test_changing_only_the_printed_decimals_is_no_revision():
    observation = gdp().observations.get(start_year=2015)
    observation.value, observation.decimals = Decimal("2866.90"), 2

    assert observation_save(observation=observation) is None
    assert ObservationVintage.objects.count() == 0


def test_series_page_shows_earlier_values(reviewer_client):
    series = gdp()
    observation = series.observations.get(start_year=2015)
    observation.value = Decimal("2801.1")
    observation_save(observation=observation)

    page = reviewer_client.get(series.get_absolute_url()).content.decode()

    today = formats.date_format(timezone.localdate())
    assert f"Revised from 2866.9 on {today} (recorded {today}; source Table 1)." in page


def test_admin_change_of_a_value_keeps_the_earlier_one(admin_client_):
    observation = gdp().observations.get(start_year=2015)
    url = reverse("admin:indicators_observation_change", args=[observation.pk])
    revision = admin_client_.get(url).context["adminform"].form["revision"].value()

    response = admin_client_.post(
        url,
        {
            "series": observation.series.pk,
            "start_year": 2015,
            "end_year": 2015,
            "value": "2801.1",
            "source_ref": "Yearbook 2017",
            "note": "",
            "revision": revision,
            "vintages-TOTAL_FORMS": "0",
            "vintages-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert [(v.display_value, v.source_ref) for v in observation.vintages.all()] == [
        (Decimal("2866.9"), "Table 1")
    ]


def test_import_of_a_revised_value_keeps_the_earlier_one(admin_client_):
    gdp()

    _, done = admin_import(
        admin_client_,
        "admin:indicators_observation_import",
        "series,period,value,source_ref,note\n"
        "LN-GDP,2015,2801.1,Yearbook 2017,\n"
        "LN-GDP,2016,2203.7,Table 1,\n",
    )

    assert done is not None and done.status_code == 302
    assert [(v.observation.period, v.display_value) for v in ObservationVintage.objects.all()] == [
        ("2015", Decimal("2866.9"))
    ]


# Stored verdicts follow every write


def test_progress_follows_admin_and_import_writes(admin_client_):
    series = gdp()  # 2862.6 (2014) -> 2203.7 (2016): falling, the series should rise
    series_progress_refresh(series_ids=[series.pk])
    assert Series.objects.get(pk=series.pk).progress == "deterioration"

    admin_import(
        admin_client_,
        "admin:indicators_observation_import",
        "series,period,value,source_ref,note\nLN-GDP,2017,3300,Table 1,\n",
    )
    assert Series.objects.get(pk=series.pk).progress == "substantial"  # 2862.6 -> 3300 in 3 years: +4.9 %

    latest = series.observations.get(start_year=2017)
    admin_client_.post(reverse("admin:indicators_observation_delete", args=[latest.pk]), {"post": "yes"})
    assert Series.objects.get(pk=series.pk).progress == "deterioration"

    admin_import(
        admin_client_,
        "admin:indicators_target_import",
        "series,period,value,low,high,source,note\nLN-GDP,,2000,,,¶1,\n",
    )
    assert Series.objects.get(pk=series.pk).progress == "target_achieved"


# Staleness


def test_staleness_follows_the_setting(reviewer_client, settings):
    gdp()  # latest 2016
    this_year = timezone.localdate().year

    settings.INDICATORS_STALE_YEARS = this_year - 2016
    fresh = reviewer_client.get(reverse("indicators:series-list")).context["series_list"][0]
    settings.INDICATORS_STALE_YEARS = this_year - 2017
    stale = reviewer_client.get(reverse("indicators:series-list"), {"stale": "on"}).context["series_list"]

    assert fresh.is_stale is False
    assert [series.code for series in stale] == ["LN-GDP"]
    assert stale[0].is_stale is True


def test_dashboard_counts_stale_series(reviewer_client):
    gdp()
    factories.ObservationFactory(
        series=factories.SeriesFactory(code="NEW"),
        start_year=timezone.localdate().year,
        end_year=timezone.localdate().year,
    )

    response = reviewer_client.get(
        factories.url("strategy-detail", strategy=factories.StrategyFactory().code)
    )

    assert (response.context["series_total"], response.context["series_stale"]) == (2, 1)
    assert "1 of 2 series have nothing from" in response.content.decode()


# Evidence disagrees


@pytest.mark.parametrize(
    ("status", "progress", "direction", "flagged"),
    [
        ("in-progress", "deterioration", "up", True),  # on track, yet the series falls
        ("completed", "deterioration", "down", True),
        ("delayed", "substantial", "up", True),  # the reverse: behind, yet the series moves fast
        ("delayed", "target_achieved", "range", True),
        ("in-progress", "substantial", "up", False),
        ("delayed", "deterioration", "up", False),
        ("in-progress", "deterioration", "none", False),  # context only: not meant to move
        ("not-started", "deterioration", "up", False),
    ],
)
def test_evidence_disagrees_flag_on_action_page(
    reviewer_client, action, statuses, reason, status, progress, direction, flagged
):
    series = factories.SeriesFactory(code="EVIDENCE", name="Exports, Liaoning", direction=direction)
    Series.objects.filter(pk=series.pk).update(progress=progress)
    factories.ActionSeriesFactory(action=action, series=series)
    extra = {"reason": reason, "reason_text": "Late."} if statuses[status].needs_reason else {}
    factories.status_update(action, statuses[status], **extra)

    page = reviewer_client.get(action.get_absolute_url()).content.decode()
    dashboard = reviewer_client.get(factories.url("strategy-detail")).content.decode()

    assert ("Evidence disagrees with the reported status" in page) is flagged
    assert ("Evidence disagrees on 1 link" in dashboard) is flagged


# Open data


def test_sdmx_csv_of_a_series_parses_back_to_its_observations(reviewer_client):
    series = factories.SeriesFactory(code="CN-GDP-GROWTH", geography="China", unit="%")
    factories.ObservationFactory(series=series, start_year=1991, end_year=2000, value="9", note="peak growth")
    factories.ObservationFactory(series=series, start_year=2016, end_year=2016, value="6.70", decimals=2)

    response = reviewer_client.get(reverse("indicators:series-export-one", args=[series.code, "sdmx"]))

    rows = list(csv.DictReader(io.StringIO(content(response))))
    assert list(rows[0]) == [
        "DATAFLOW",
        "INDICATOR",
        "REF_AREA",
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "COMMENT",
    ]
    assert [row["TIME_PERIOD"] for row in rows] == ["1991/2000", "2016"]
    parsed = [
        (row["INDICATOR"], *parse_sdmx_period(row["TIME_PERIOD"]), Decimal(row["OBS_VALUE"])) for row in rows
    ]
    stored = [(o.series.code, o.start_year, o.end_year, o.display_value) for o in series.observations.all()]
    assert parsed == stored
    assert {row["DATAFLOW"] for row in rows} == {"POLICY_TRACKER:INDICATORS(1.0)"}
    assert {(row["REF_AREA"], row["UNIT_MEASURE"]) for row in rows} == {("China", "%")}
    assert response["Content-Disposition"].startswith('attachment; filename="CN-GDP-GROWTH-')


def test_csv_export_imported_into_an_empty_database_gives_the_same_file(reviewer_client, admin_client_):
    gdp()
    factories.ObservationFactory(
        series=factories.SeriesFactory(code="SPAN", name="=cmd"),
        start_year=2008,
        end_year=2014,
        value="12.50",
        decimals=2,
    )
    url = reverse("indicators:series-export", args=["csv"])
    first = content(reviewer_client.get(url))
    Observation.objects.all().delete()

    _, done = admin_import(admin_client_, "admin:indicators_observation_import", first)

    assert done is not None and done.status_code == 302
    assert content(reviewer_client.get(url)) == first
    assert "SPAN,2008-2014,12.50," in first and "'=cmd" in first  # printed decimals kept; formula neutralised


def test_admin_import_of_observations_is_all_or_nothing_with_row_and_column(admin_client_):
    gdp()
    header = "series,period,value,source_ref,note\n"

    bad_value, done = admin_import(
        admin_client_,
        "admin:indicators_observation_import",
        header + "LN-GDP,2017,3300,Table 1,\nLN-GDP,2018,lots,Table 1,\n",
    )
    assert done is None
    assert "Row 2, column value: “lots” is not a number." in bad_value.content.decode()
    bad_series, done = admin_import(
        admin_client_, "admin:indicators_observation_import", header + "LN-GDP,2017,3300,,\nNOPE,2018,1,,\n"
    )
    assert done is None
    assert "Row 2, column series: Unknown indicator series code “NOPE”." in bad_series.content.decode()
    assert Observation.objects.count() == 3


def test_export_is_filtered_like_the_series_list(reviewer_client):
    gdp()
    other = factories.SeriesFactory(code="OTHER", name="Exports", direction="none")
    factories.ObservationFactory(series=other, start_year=2015, end_year=2015, value="1")

    every = content(reviewer_client.get(reverse("indicators:series-export", args=["csv"])))
    context_only = content(
        reviewer_client.get(reverse("indicators:series-export", args=["csv"]), {"direction": "none"})
    )

    assert {row["series"] for row in csv.DictReader(io.StringIO(every))} == {"LN-GDP", "OTHER"}
    assert {row["series"] for row in csv.DictReader(io.StringIO(context_only))} == {"OTHER"}


def test_json_export_carries_targets_baseline_progress_and_earlier_values(reviewer_client):
    series = gdp()
    Series.objects.filter(pk=series.pk).update(
        baseline_period="2014", baseline_value="2862.6", baseline_source="Table 1"
    )
    factories.TargetFactory(series=series, value="3000", start_year=2020, end_year=2020, source="¶1")
    observation = series.observations.get(start_year=2015)
    observation.value = Decimal("2801.1")
    observation_save(observation=observation)

    document = json.loads(
        content(reviewer_client.get(reverse("indicators:series-export-one", args=["LN-GDP", "json"])))
    )

    (exported,) = document["series"]
    assert exported["baseline"] == {"period": "2014", "value": "2862.6", "source": "Table 1"}
    assert exported["targets"] == [
        {"period": "2020", "value": "3000", "low": None, "high": None, "source": "¶1", "note": ""}
    ]
    assert exported["progress"] == "deterioration"
    revised = exported["observations"][1]
    assert (revised["period"], revised["value"]) == ("2015", "2801.1")
    assert [earlier["value"] for earlier in revised["earlier_values"]] == ["2866.9"]


def test_exports_need_a_reader(client):
    gdp()

    for url in (
        reverse("indicators:series-export", args=["csv"]),
        reverse("indicators:series-export-one", args=["LN-GDP", "json"]),
    ):
        assert client.get(url).status_code == 302


def test_unknown_export_format_not_found(reviewer_client):
    gdp()

    assert reviewer_client.get(reverse("indicators:series-export", args=["xml"])).status_code == 404
    assert (
        reviewer_client.get(reverse("indicators:series-export-one", args=["LN-GDP", "xml"])).status_code
        == 404
    )


# Progress on the series page


@pytest.mark.parametrize(
    ("values", "sentence"),
    [
        ([], "No verdict: it has no observation."),
        ([(2016, "1")], "No verdict: it has fewer than two observations since the baseline."),
        (
            [(2015, "100"), (2016, "110")],
            "From 100 % (2015) to 110 (2016) is +10.0 % a year, in the desired direction;",
        ),
    ],
)
def test_series_page_states_the_verdict_in_one_sentence(reviewer_client, values, sentence):
    series = factories.SeriesFactory(code="S")
    for year, value in values:
        factories.ObservationFactory(series=series, start_year=year, end_year=year, value=value)

    page = reviewer_client.get(series.get_absolute_url()).content.decode()

    assert sentence in page


def test_series_page_states_a_dated_target_in_the_sentence(reviewer_client):
    series = factories.SeriesFactory(code="S")
    for year, value in ((2015, "100"), (2017, "121")):
        factories.ObservationFactory(series=series, start_year=year, end_year=year, value=value)
    factories.TargetFactory(series=series, value="146.41", start_year=2019, end_year=2019)

    page = reviewer_client.get(series.get_absolute_url()).content.decode()

    assert "reaching 146.41 by 2019 needs +10.0 % a year: 1.00 of the pace needed" in page
    assert "Substantial progress" in page


def test_chart_svg_of_the_whole_report_never_fails(reviewer_client, report):
    for series in Series.objects.all():
        response = reviewer_client.get(reverse("indicators:series-chart", args=[series.code]))
        assert response.status_code == (200 if series.observations.count() > 1 else 404), series.code


def test_report_charts_and_cards(report):
    # Which charts changed form: 31 single figures become cards, 1 series without figures says so.
    forms = {"chart": 0, "card": 0, "none": 0}
    for series in Series.objects.prefetch_related("observations"):
        count = len(series.observations.all())
        forms["chart" if count > 1 else "card" if count == 1 else "none"] += 1
    assert forms == {"chart": 31, "card": 31, "none": 1}


def test_assessment_measures_from_a_baseline_given_for_a_strategy():
    # A strategy may measure the same series from its own base year (issue 9 stores those baselines).
    series = gdp()  # 2862.6 (2014), 2866.9 (2015), 2203.7 (2016)

    own = series_assessment(series)
    strategy = series_assessment(series, baseline=Point(2010, 2010, Decimal("2000")))

    assert own.progress == "deterioration"
    assert strategy.base == Point(2010, 2010, Decimal("2000"))
    assert strategy.observed_rate == pytest.approx((2203.7 / 2000) ** (1 / 6) - 1)
    assert strategy.progress == "substantial"  # +1.6 % a year
