"""The action list reads a bounded number of rows however many actions match: its count stops at
core.paging.COUNT_CAP (the page says "more than"), its pages stop there too, and in the default order its
page is picked category by category (PostgreSQL), in the same order as a sort of every row would give."""

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators import queries
from indicators.queries import list_queryset, row_page, series_rows
from tracker import queries as tracker_queries
from tracker import tables
from tracker.models import Action, Agency
from tracker.views import quality

from . import factories


@pytest.fixture
def spread(db):
    """Three categories whose ids are not in the order of their codes, with actions whose codes sort
    differently as text and as numbers."""
    strategy = factories.StrategyFactory()
    categories = [factories.CategoryFactory(strategy=strategy, code=code) for code in ("3", "1", "2")]
    agency = factories.AgencyFactory(code="LEAD")
    for category in categories:
        for number in (1, 2, 10, 11, 3):
            factories.ActionFactory(
                category=category,
                code=f"{category.code}.{number}",
                lead_agency=agency,
                title=f"Harbour works {category.code}.{number}" if number % 2 else f"Road {number}",
            )
    return strategy


def listed_codes(client, **params):
    response = client.get(factories.url("action-list"), params)
    return [row.record.code for row in response.context["table"].page.object_list], response


def sorted_codes(queryset):
    return [action.code for action in queryset.order_by("strategy__code", "category__code", "code")]


def test_action_list_pages_follow_category_then_code_order(reviewer_client, spread):
    everything = sorted_codes(Action.objects.all())

    first, _response = listed_codes(reviewer_client, per_page=10)
    second, _response = listed_codes(reviewer_client, per_page=10, page=2)

    assert first + second == everything[:20]
    assert everything[:3] == ["1.1", "1.10", "1.11"]


def test_action_list_search_pages_follow_category_then_code_order(reviewer_client, spread):
    matching = sorted_codes(Action.objects.filter(title__icontains="harbour"))

    codes, response = listed_codes(reviewer_client, q="harbour", per_page=10)

    assert codes == matching[:10]
    assert f"{len(matching)} actions match." in response.content.decode()


def test_action_list_category_filter_keeps_order(reviewer_client, spread):
    codes, _response = listed_codes(reviewer_client, category=["2", "3"], per_page=25)

    assert codes == sorted_codes(Action.objects.filter(category__code__in=["2", "3"]))


def test_action_list_other_sort_still_sorts_every_row(reviewer_client, spread):
    codes, _response = listed_codes(reviewer_client, sort="-code", per_page=10)

    assert codes == [action.code for action in Action.objects.order_by("-code")[:10]]


def test_action_list_count_exact_at_cap(reviewer_client, spread, monkeypatch):
    monkeypatch.setattr(tables, "COUNT_CAP", 15)

    _codes, response = listed_codes(reviewer_client, per_page=10)

    assert "15 actions match." in response.content.decode()
    assert response.context["table"].paginator.num_pages == 2


def test_action_list_count_beyond_cap_says_more_than(reviewer_client, spread, monkeypatch):
    monkeypatch.setattr(tables, "COUNT_CAP", 12)

    _codes, response = listed_codes(reviewer_client, per_page=10)

    content = response.content.decode()
    assert "More than 12 actions match: sort or narrow the filters to see others" in content
    assert "actions match." not in content.replace("More than 12 actions match:", "")
    assert response.context["table"].paginator.num_pages == 2


def test_action_list_page_beyond_cap_shows_last_page_within_cap(reviewer_client, spread, monkeypatch):
    monkeypatch.setattr(tables, "COUNT_CAP", 12)
    everything = sorted_codes(Action.objects.all())

    codes, response = listed_codes(reviewer_client, per_page=10, page=99)

    assert response.context["table"].page.number == 2
    assert codes == everything[10:20]


def make_series(count):
    for number in range(count):
        series = factories.SeriesFactory(code=f"S{number:02d}")
        for year in (2015, 2020, 2018):
            factories.ObservationFactory(series=series, start_year=year, end_year=year, value=f"{year}.5")


def test_series_page_count_exact_up_to_cap(db, rf):
    make_series(5)

    page = row_page(list_queryset(), rf.get("/"), per_page=2, cap=5)

    assert (page.count, page.capped, page.num_pages) == (5, False, 3)


def test_series_page_count_beyond_cap_stops_there(db, rf):
    make_series(7)

    page = row_page(list_queryset(), rf.get("/", {"page": 9}), per_page=2, cap=5)

    assert (page.count, page.capped, page.num_pages, page.number) == (6, True, 3, 3)
    assert [series.code for series in page.rows] == ["S04", "S05"]


def test_series_summary_reads_first_and_latest_years(db):
    make_series(1)

    (row,) = series_rows(list_queryset())

    assert (row.years, row.latest_period, str(row.latest_figure)) == ("2015–2020", "2020", "2020.5")


def test_series_list_says_more_than_cap(reviewer_client, monkeypatch):
    make_series(3)
    monkeypatch.setattr(queries.row_page, "__kwdefaults__", {**queries.row_page.__kwdefaults__, "cap": 2})

    response = reviewer_client.get(reverse("indicators:series-list"))

    assert "More than 2 series: narrow the filters to see others" in response.content.decode()


def test_data_quality_rows_follow_category_then_code_order(client, administrator, spread, monkeypatch):
    monkeypatch.setattr(quality, "ROWS_PER_CHECK", 7)
    Action.objects.filter(code__in=["3.1", "1.10", "2.2", "1.3"]).update(description_en="")
    everything = sorted_codes(Action.objects.all())
    client.force_login(administrator)

    response = client.get(reverse("tracker:data-quality"))

    checks = {check["key"]: check for check in response.context["checks"]}
    shown = {key: ([row.code for row in check["rows"]], check["count"]) for key, check in checks.items()}
    # No action has a linked series or an update: each check's first rows in category, then code order.
    assert shown["actions-without-series"] == (everything[:7], 15)
    assert shown["stale-actions"] == (everything[:7], 15)
    assert shown["actions-without-description"] == (["1.10", "1.3", "2.2", "3.1"], 4)


def test_my_actions_groups_follow_category_then_code_order(spread):
    agency = Agency.objects.get(code="LEAD")
    today = timezone.localdate()
    # None is due; the actions updated today are in no group before "other", the rest are stale.
    Action.objects.filter(code__in=["3.2", "1.11", "2.1", "1.3", "2.10"]).update(last_reported_on=today)
    # One more stale action, which the agency supports and another leads: counted with those it leads.
    supported = factories.ActionFactory(category=Action.objects.get(code="1.1").category, code="1.0")
    factories.ActionSupportFactory(action=supported, agency=agency)
    stale = sorted_codes(Action.objects.filter(last_reported_on__isnull=True))
    other = sorted_codes(Action.objects.filter(last_reported_on=today))

    groups = tracker_queries.agency_action_groups({agency.pk}, due_soon_days=30, limit=4)

    shown = {key: ([action.code for action in group.rows], group.count) for key, group in groups.items()}
    assert shown == {
        "overdue": ([], 0),
        "due_soon": ([], 0),
        "stale": (stale[:4], 11),
        "other": (other[:4], 5),
    }
    assert (stale[0], other[:4]) == ("1.0", ["1.11", "1.3", "2.1", "2.10"])
