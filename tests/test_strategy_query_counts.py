"""Query counts of the strategy pages do not grow with the number of strategies: 1 (or 2, where one strategy
would be redirected) against 30, on records made once per number for this module's tests."""

import pytest
from django.urls import reverse

from tracker.models import Strategy
from tracker.queries import strategy_figures

from . import conftest, factories


@pytest.fixture(scope="module")
def strategies(request, django_db_setup, django_db_blocker):
    """`request.param` strategies (s0, s1, ...), each with a category and two actions with an update; made
    once for the tests of this module that ask for the same number (parametrized indirectly)."""
    with conftest.shared_records(django_db_blocker):
        statuses = factories.seed_statuses()
        for number in range(request.param):
            strategy = factories.StrategyFactory(code=f"s{number}")
            category = factories.CategoryFactory(strategy=strategy, code="1")
            for code in ("1.1", "1.2"):
                action = factories.ActionFactory(category=category, code=code)
                factories.status_update(action, statuses["in-progress"], progress=number % 99 + 1)
        yield request.param


@pytest.mark.parametrize("strategies", [1, 30], indirect=True)
def test_strategy_figures_query_count_does_not_grow(db, django_assert_num_queries, strategies):
    # strategies, statuses, their categories, each category's latest update and overdue this month, the
    # counted rows of those categories
    with django_assert_num_queries(5):
        figures = strategy_figures(Strategy.objects.all())

    assert [(row.total, row.counted) for row in figures] == [(2, 2)] * strategies


@pytest.mark.parametrize("strategies", [2, 30], indirect=True)
def test_overview_query_count_does_not_grow(reviewer_client, django_assert_num_queries, strategies):
    # session, user, strategies, statuses, their categories, each category's latest update and overdue
    # this month, the counted rows of those categories, the user's groups and the strategies for the menu
    with django_assert_num_queries(9):
        response = reviewer_client.get(reverse("tracker:home"))

    assert len(response.context["strategies"]) == strategies


@pytest.mark.parametrize("strategies", [1, 30], indirect=True)
def test_strategy_pages_query_count_does_not_grow_with_strategies(
    reviewer_client, django_assert_num_queries, strategies
):
    # The dashboard reads counted figures (tests/test_pages.py names its queries).
    with django_assert_num_queries(15):
        reviewer_client.get(reverse("tracker:strategy-detail", args=["s0"]))
    with django_assert_num_queries(10):
        reviewer_client.get(reverse("tracker:action-list", args=["s0"]))
    # The category list reads counted figures (two queries: the counts, then each category's latest update).
    with django_assert_num_queries(9):
        reviewer_client.get(reverse("tracker:category-list", args=["s0"]))


@pytest.mark.parametrize("strategies", [2, 30], indirect=True)
def test_all_actions_query_count_does_not_grow(reviewer_client, django_assert_num_queries, strategies):
    with django_assert_num_queries(11):
        response = reviewer_client.get(reverse("tracker:all-actions"), {"per_page": 100})

    assert response.context["table"].paginator.count == 2 * strategies


@pytest.mark.parametrize("strategies", [1, 30], indirect=True)
def test_all_actions_of_one_strategy_query_count_does_not_grow(
    reviewer_client, django_assert_num_queries, strategies
):
    # One strategy chosen: its categories are offered too.
    with django_assert_num_queries(13):
        response = reviewer_client.get(reverse("tracker:all-actions"), {"strategy": "s0", "per_page": 100})

    assert response.context["table"].paginator.count == 2
