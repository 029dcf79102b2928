"""The REST API's reads: codes in addresses and payloads, the action list page's filters, cursor pages,
constant query counts, and the same read rule as the pages (TRACKER_PUBLIC)."""

import datetime

import pytest
from django.utils import timezone

from indicators.models import Observation
from indicators.services import observation_save
from tracker.models import Action, ReportingRound, Review
from tracker.services.rounds import review_save, round_close, round_open

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


# Reporting rounds and reviews


@pytest.fixture
def reviewed_round(action, statuses, lead_official, reviewer):
    """An open round of plan-a with the lead agency's report on 1.1 and the reviewer's assessment of it."""
    round = round_open(round=factories.RoundFactory(strategy=action.strategy, name="2026 Q1"))
    factories.status_update(
        action, statuses["in-progress"], progress=40, author=lead_official, agency=action.lead_agency
    )
    review_save(
        round=round,
        action=action,
        reviewer=reviewer,
        rating="minor_delay",
        evidence="partly",
        comment="Drafted.",
    )
    return ReportingRound.objects.get(pk=round.pk)


def test_api_round_payloads(reviewer_client, reviewed_round, reviewer):
    reviewer.first_name, reviewer.last_name = "Chen", "Ming"
    reviewer.save()
    round = reviewed_round
    expected = {
        "id": round.pk,
        "strategy": "plan-a",
        "name_en": "2026 Q1",
        "name_zh_hans": None,
        "period_start": round.period_start.isoformat(),
        "period_end": round.period_end.isoformat(),
        "opens_on": round.opens_on.isoformat(),
        "deadline": round.deadline.isoformat(),
        "state": "open",
        "opened_at": reviewer_client.get(f"{API}/strategies/plan-a/rounds/{round.pk}/").json()["opened_at"],
        "closed_at": None,
        "is_sample": False,
        "report_count": 1,
        "review_count": 1,
        "page": f"http://testserver/s/plan-a/rounds/{round.pk}/",
    }

    assert expected["opened_at"] is not None
    assert reviewer_client.get(f"{API}/strategies/plan-a/rounds/{round.pk}/").json() == expected
    assert results(reviewer_client.get(f"{API}/strategies/plan-a/rounds/")) == [expected]
    rows = results(reviewer_client.get(f"{API}/strategies/plan-a/rounds/{round.pk}/reviews/"))
    assert rows == [
        {
            "round": round.pk,
            "action": "1.1",
            "rating": "minor_delay",
            "evidence": "partly",
            "comment": "Drafted.",
            "reviewer": "Chen Ming",
            "created_at": rows[0]["created_at"],
            "updated_at": rows[0]["updated_at"],
            "report_submitted_at": rows[0]["report_submitted_at"],
            "report_late": False,
        }
    ]
    assert rows[0]["report_submitted_at"] is not None


def test_api_review_without_report_and_closed_round(reviewer_client, action, reviewer, administrator):
    round = round_open(round=factories.RoundFactory(strategy=action.strategy))
    review_save(round=round, action=action, reviewer=reviewer, rating="off_track", evidence="not_supported")
    round_close(round=round, user=administrator)

    row = results(reviewer_client.get(f"{API}/strategies/plan-a/rounds/{round.pk}/reviews/"))[0]
    detail = reviewer_client.get(f"{API}/strategies/plan-a/rounds/{round.pk}/").json()

    assert (row["rating"], row["report_submitted_at"], row["report_late"]) == ("off_track", None, None)
    assert (detail["state"], detail["report_count"], detail["review_count"]) == ("closed", 0, 1)
    assert detail["closed_at"] is not None


@pytest.mark.parametrize(
    "address",
    [
        "/strategies/plan-a/rounds/999/",
        "/strategies/plan-a/rounds/999/reviews/",
        "/strategies/nope/rounds/",
        "/strategies/plan-b/rounds/{round}/",  # a round is found only under its own strategy
        "/strategies/plan-b/rounds/{round}/reviews/",
    ],
)
def test_api_unknown_rounds_are_404(reviewer_client, reviewed_round, address):
    factories.StrategyFactory(code="plan-b")

    response = reviewer_client.get(API + address.format(round=reviewed_round.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(
    ("address", "queries"),
    [
        ("/strategies/plan-a/rounds/", 10),  # + the strategy, the rounds with their counts
        ("/strategies/plan-a/rounds/{round}/", 9),
        ("/strategies/plan-a/rounds/{round}/reviews/", 10),  # + the round, the reviews with their reports
    ],
)
def test_api_round_query_count_does_not_grow(
    reviewer_client,
    action,
    statuses,
    lead_official,
    reviewer,
    django_assert_num_queries,
    count,
    address,
    queries,
):
    round = round_open(round=factories.RoundFactory(strategy=action.strategy))
    for number in range(count):
        factories.RoundFactory(strategy=action.strategy)  # planned rounds
        other = factories.ActionFactory(
            category=action.category, code=f"5.{number}", lead_agency=action.lead_agency
        )
        factories.status_update(
            other, statuses["in-progress"], author=lead_official, agency=action.lead_agency
        )
        Review.objects.create(
            round=round,
            action=other,
            reviewer=factories.UserFactory(),
            rating="on_track",
            evidence="verified",
        )
    address = API + address.format(round=round.pk)
    reviewer_client.get(address)  # the throttle's first count

    with django_assert_num_queries(queries):
        response = reviewer_client.get(address)

    body = response.json()
    if "results" in body:
        assert len(body["results"]) >= count
    else:
        assert (body["report_count"], body["review_count"]) == (count, count)


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


def test_api_rounds_follow_the_read_rule(client, reviewed_round, settings):
    addresses = [
        f"{API}/strategies/plan-a/rounds/",
        f"{API}/strategies/plan-a/rounds/{reviewed_round.pk}/",
        f"{API}/strategies/plan-a/rounds/{reviewed_round.pk}/reviews/",
    ]
    assert [client.get(address).status_code for address in addresses] == [401, 401, 401]

    settings.TRACKER_PUBLIC = True

    assert [client.get(address).status_code for address in addresses] == [200, 200, 200]
    assert [client.post(address, {}).status_code for address in addresses] == [401, 401, 401]


def test_api_days_are_dates(reviewer_client, action, statuses):
    factories.status_update(
        action, statuses["delayed"], reported_on=timezone.localdate() - datetime.timedelta(3)
    )

    row = results(reviewer_client.get(f"{API}/actions/"))[0]

    assert row["last_reported_on"] == (timezone.localdate() - datetime.timedelta(3)).isoformat()
