"""The action list reads a bounded number of rows however many actions match: its count stops at
tracker.tables.MATCH_CAP (the page says "more than"), its pages stop there too, and in the default order its
page is picked category by category (PostgreSQL), in the same order as a sort of every row would give."""

import pytest

from tracker import tables
from tracker.models import Action

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
    monkeypatch.setattr(tables, "MATCH_CAP", 15)

    _codes, response = listed_codes(reviewer_client, per_page=10)

    assert "15 actions match." in response.content.decode()
    assert response.context["table"].paginator.num_pages == 2


def test_action_list_count_beyond_cap_says_more_than(reviewer_client, spread, monkeypatch):
    monkeypatch.setattr(tables, "MATCH_CAP", 12)

    _codes, response = listed_codes(reviewer_client, per_page=10)

    content = response.content.decode()
    assert "More than 12 actions match: sort or narrow the filters to see others" in content
    assert "actions match." not in content.replace("More than 12 actions match:", "")
    assert response.context["table"].paginator.num_pages == 2


def test_action_list_page_beyond_cap_shows_last_page_within_cap(reviewer_client, spread, monkeypatch):
    monkeypatch.setattr(tables, "MATCH_CAP", 12)
    everything = sorted_codes(Action.objects.all())

    codes, response = listed_codes(reviewer_client, per_page=10, page=99)

    assert response.context["table"].page.number == 2
    assert codes == everything[10:20]
