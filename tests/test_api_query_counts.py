"""Query counts of the API's tracker lists: the same with 1 and with 30 objects of each kind, on records made
once per number for this module's tests. Eight queries of each are the session, the user and the throttle's
counter in the cache table (Redis in production); the rest are the endpoint's own."""

import pytest

from tracker.models import Action

from . import conftest, factories
from .test_api import API
from .test_pages import many_actions


@pytest.fixture(scope="module")
def objects(request, django_db_setup, django_db_blocker):
    """`request.param` actions (plan-a, category 1, each with an update) and as many more updates of 1.1,
    categories, strategies and statuses; made once for the tests that ask for the same number."""
    count = request.param
    with conftest.shared_records(django_db_blocker):
        statuses = factories.seed_statuses()
        many_actions(count, statuses)
        action = Action.objects.get(code="1.1")
        for number in range(count):
            factories.status_update(action, statuses["in-progress"], progress=40)
            factories.CategoryFactory(code=f"c{number}")
            factories.StrategyFactory(code=f"s{number}")
            factories.StatusFactory(code=f"status-{number}")
        yield count


@pytest.mark.parametrize("objects", [1, 30], indirect=True)
@pytest.mark.parametrize(
    ("address", "queries"),
    [
        # + actions, supporting agencies, linked series; the filter's strategy and statuses
        ("/actions/", 12),
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
    reviewer_client, django_assert_num_queries, objects, address, queries
):
    reviewer_client.get(API + address)  # the throttle's first count

    with django_assert_num_queries(queries):
        response = reviewer_client.get(API + address)

    assert len(response.json()["results"]) >= objects
