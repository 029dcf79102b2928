"""The REST API's reads: codes in addresses and payloads, the action list page's filters, cursor pages,
constant query counts, and the same read rule as the pages (TRACKER_PUBLIC)."""

import datetime

import pytest
from django.utils import timezone

from indicators.models import Observation
from indicators.services import observation_save
from tracker.models import Action

from . import factories
from .test_pages import many_actions

API = "/api/v1"


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def codes(response):
    return [row["code"] for row in results(response)]


def test_api_action_payload_names_everything_by_code(reviewer_client, update_with_file, action):
    series = factories.SeriesFactory(code="LN-GDP")
    factories.ActionSeriesFactory(action=action, series=series, expected_effect="Rises")

    response = reviewer_client.get(f"{API}/strategies/plan-a/actions/1.1/")

    assert response.status_code == 200
    assert response.json() == {
        "strategy": "plan-a",
        "code": "1.1",
        "category": action.category.code,
        "title_en": action.title,
        "title_zh_hans": None,
        "description_en": "What the action does.",
        "description_zh_hans": None,
        "source_paragraphs": "¶113",
        "start_date": None,
        "due_date": None,
        "lead_agency": "LEAD",
        "supporting_agencies": ["SUPPORT"],
        "responsibility_basis": "named",
        "status": "in-progress",
        "progress": 40,
        "last_reported_on": timezone.localdate().isoformat(),
        "is_overdue": False,
        "series": [{"series": "LN-GDP", "expected_effect_en": "Rises", "expected_effect_zh_hans": None}],
        "page": "http://testserver/s/plan-a/actions/1.1/",
    }


def test_api_status_update_payload(reviewer_client, update_with_file, lead_official):
    lead_official.first_name, lead_official.last_name = "Wang", "Li"
    lead_official.save()

    rows = results(reviewer_client.get(f"{API}/strategies/plan-a/actions/1.1/updates/"))

    assert rows == [
        {
            "strategy": "plan-a",
            "action": "1.1",
            "status": "in-progress",
            "progress": 40,
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Draft rules published.",
            "evidence_url": "",
            "evidence_file": f"http://testserver/evidence/{update_with_file.pk}/",
            "evidence_filename": "Draft rules.pdf",
            "reason": None,
            "reason_text": "",
            "agency": "LEAD",
            "author": "Wang Li",
            "created_at": rows[0]["created_at"],
            "corrected": False,
            "corrects_reported_on": None,
        }
    ]
    assert results(reviewer_client.get(f"{API}/updates/")) == rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["1.1", "1.2", "2.1", "2.2"]),
        ({"category": ["1"]}, ["1.1", "1.2"]),
        ({"status": ["in-progress", "none"]}, ["1.1", "2.2"]),
        ({"agency": "A", "role": "lead"}, ["1.1", "2.2"]),
        ({"overdue": "on"}, ["1.1"]),
        ({"stale": "365"}, ["2.2"]),
        ({"q": "harbour"}, ["2.2"]),
    ],
)
def test_api_actions_take_the_action_list_filters(reviewer_client, catalogue, query, expected):
    response = reviewer_client.get(f"{API}/strategies/plan-a/actions/", query)
    page = reviewer_client.get(factories.url("action-list"), {**query, "per_page": 50})

    assert sorted(codes(response)) == expected
    assert sorted(row.record.code for row in page.context["table"].page.object_list) == expected


def test_api_all_actions_filter_by_strategy(reviewer_client, catalogue):
    other = factories.CategoryFactory(strategy=factories.StrategyFactory(code="plan-b"), code="1")
    factories.ActionFactory(category=other, code="1.1")

    everything = results(reviewer_client.get(f"{API}/actions/"))
    plan_b = results(reviewer_client.get(f"{API}/actions/", {"strategy": "plan-b"}))

    assert len(everything) == 5
    assert [(row["strategy"], row["code"]) for row in plan_b] == [("plan-b", "1.1")]


def test_api_bad_filter_is_a_400_naming_it(reviewer_client, catalogue):
    response = reviewer_client.get(f"{API}/strategies/plan-a/actions/", {"stale": "zero", "agency": "NOPE"})

    assert response.status_code == 400
    assert set(response.json()) == {"stale", "agency"}


def test_api_unknown_codes_are_404(reviewer_client, action):
    for address in [
        "/strategies/nope/",
        "/strategies/nope/actions/",
        "/strategies/plan-a/actions/9.9/",
        "/strategies/plan-a/actions/9.9/updates/",
        "/strategies/plan-a/categories/99/",
        "/agencies/NOPE/",
        "/series/NOPE/",
        "/series/NOPE/observations/",
    ]:
        assert reviewer_client.get(API + address).status_code == 404, address


def test_api_cursor_pages_cover_every_action_once(reviewer_client, statuses):
    many_actions(7, statuses)

    seen, url = [], f"{API}/actions/?page_size=3"
    while url:
        body = reviewer_client.get(url).json()
        seen += [row["code"] for row in body["results"]]
        url = body["next"]

    assert sorted(seen) == sorted(Action.objects.values_list("code", flat=True))
    assert len(seen) == 7


def test_api_series_targets_and_observations(reviewer_client):
    series = factories.SeriesFactory(code="LN-GDP", baseline_period="2015", baseline_value="10.50")
    factories.TargetFactory(series=series, start_year=2020, end_year=2020, value="12.0")
    observation = Observation(series=series, start_year=2016, end_year=2016, value="11.20", decimals=2)
    observation_save(observation=observation)
    observation.value, observation.decimals = "11.30", 2
    observation_save(observation=observation)

    detail = reviewer_client.get(f"{API}/series/LN-GDP/").json()
    targets = results(reviewer_client.get(f"{API}/series/LN-GDP/targets/"))
    observations = results(reviewer_client.get(f"{API}/series/LN-GDP/observations/"))
    one = reviewer_client.get(f"{API}/series/LN-GDP/observations/2016/").json()

    assert (detail["code"], detail["baseline_period"], detail["baseline_value"]) == ("LN-GDP", "2015", "10.5")
    assert targets == [
        {
            "series": "LN-GDP",
            "period": "2020",
            "value": "12",
            "low": None,
            "high": None,
            "source": "¶1",
            "note": "",
        }
    ]
    assert [(row["period"], row["value"]) for row in observations] == [("2016", "11.30")]
    assert [earlier["value"] for earlier in observations[0]["earlier_values"]] == ["11.20"]
    assert one == observations[0]


def test_api_vocabularies_and_agencies(reviewer_client, statuses, reason, action):
    assert codes(reviewer_client.get(f"{API}/statuses/")) == [
        "not-started",
        "in-progress",
        "delayed",
        "completed",
        "discontinued",
    ]
    assert codes(reviewer_client.get(f"{API}/reasons/")) == ["funding"]
    assert sorted(codes(reviewer_client.get(f"{API}/agencies/"))) == ["LEAD", "SUPPORT"]
    assert reviewer_client.get(f"{API}/agencies/LEAD/").json()["name_en"] == "Lead department"
    assert codes(reviewer_client.get(f"{API}/strategies/")) == ["plan-a"]
    assert reviewer_client.get(f"{API}/strategies/plan-a/").json()["title_en"] == "Strategy plan-a"
    category = action.category.code
    assert codes(reviewer_client.get(f"{API}/strategies/plan-a/categories/")) == [category]
    assert reviewer_client.get(f"{API}/strategies/plan-a/categories/{category}/").json()["code"] == category


# Query counts: the same with 1 and with 30 objects. Eight of them are the session, the user and the
# throttle's counter in the cache table (Redis in production); the rest are the endpoint's own.


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(
    ("address", "queries"),
    [
        (
            "/actions/",
            12,
        ),  # + actions, supporting agencies, linked series; the filter's strategy and statuses
        ("/strategies/plan-a/actions/", 12),  # + the strategy instead of the filter's strategy check
        ("/updates/", 9),
        ("/strategies/plan-a/actions/1.1/updates/", 10),  # + the action
        ("/agencies/", 9),
        ("/strategies/", 9),
        ("/strategies/plan-a/categories/", 10),  # + the strategy
        ("/statuses/", 9),
    ],
)
def test_api_tracker_list_query_count_does_not_grow(
    reviewer_client, statuses, django_assert_num_queries, count, address, queries
):
    many_actions(count, statuses)
    action = Action.objects.get(code="1.1")
    for number in range(count):
        factories.status_update(action, statuses["in-progress"], progress=40)
        factories.CategoryFactory(code=f"c{number}")
        factories.StrategyFactory(code=f"s{number}")
        factories.StatusFactory(code=f"status-{number}")
    reviewer_client.get(API + address)  # the throttle's first count

    with django_assert_num_queries(queries):
        response = reviewer_client.get(API + address)

    assert len(response.json()["results"]) >= count


def many_series(count):
    for number in range(count):
        series = factories.SeriesFactory(code=f"S-{number}")
        factories.TargetFactory(series=series, start_year=2030, end_year=2030, value="1")
        observation = Observation(series=series, start_year=2016, end_year=2016, value="1.5", decimals=1)
        observation_save(observation=observation)
        observation.value = "1.6"
        observation_save(observation=observation)  # an earlier value


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(
    ("address", "queries"),
    [("/series/", 9), ("/series/S-0/targets/", 10), ("/series/S-0/observations/", 11)],
)
def test_api_indicator_list_query_count_does_not_grow(
    reviewer_client, django_assert_num_queries, count, address, queries
):
    many_series(count)
    series = factories.SeriesFactory(code="S-0")
    for year in range(2017, 2017 + count):
        observation = Observation(series=series, start_year=year, end_year=year, value="2.5", decimals=1)
        observation_save(observation=observation)
        factories.TargetFactory(series=series, start_year=year + 100, end_year=year + 100, value="1")
    reviewer_client.get(API + address)

    with django_assert_num_queries(queries):
        response = reviewer_client.get(API + address)

    assert len(response.json()["results"]) >= count


# Who may read


def test_api_anonymous_is_refused_with_401(client, action):
    response = client.get(f"{API}/actions/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_api_public_mode_opens_reads_to_anonymous_only(client, action, statuses, settings):
    settings.TRACKER_PUBLIC = True

    assert codes(client.get(f"{API}/actions/")) == ["1.1"]
    response = client.post(
        f"{API}/strategies/plan-a/actions/1.1/updates/",
        {"status": "in-progress"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not action.updates.exists()


def test_api_days_are_dates(reviewer_client, action, statuses):
    factories.status_update(
        action, statuses["delayed"], reported_on=timezone.localdate() - datetime.timedelta(3)
    )

    row = results(reviewer_client.get(f"{API}/actions/"))[0]

    assert row["last_reported_on"] == (timezone.localdate() - datetime.timedelta(3)).isoformat()
