import datetime

import pytest
from django.utils import timezone

from tracker.filters import ActionFilter
from tracker.models import Action

from . import factories


def codes(data):
    """The codes of the actions the action list's filters keep for this query string."""
    filterset = ActionFilter(data, queryset=Action.objects.with_related())
    return sorted(filterset.qs.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, ["1.1", "1.2", "2.1", "2.2"]),
        ({"category": ["1"]}, ["1.1", "1.2"]),
        ({"category": ["1", "2"]}, ["1.1", "1.2", "2.1", "2.2"]),
        ({"status": ["delayed"]}, ["2.1"]),
        ({"status": ["in-progress", "none"]}, ["1.1", "2.2"]),
        ({"agency": "A"}, ["1.1", "2.1", "2.2"]),
        ({"agency": "A", "role": "any"}, ["1.1", "2.1", "2.2"]),
        ({"agency": "A", "role": "lead"}, ["1.1", "2.2"]),
        ({"agency": "A", "role": "supporting"}, ["2.1"]),
        ({"agency": "B", "role": "supporting"}, ["1.1"]),
        ({"overdue": "on"}, ["1.1"]),
        ({"stale": "90"}, ["2.1", "2.2"]),
        ({"stale": "365"}, ["2.2"]),
        ({"q": "harbour"}, ["2.2"]),
        ({"q": "2."}, ["2.1", "2.2"]),
        ({"q": "red tape"}, ["1.2"]),
    ],
)
def test_action_filter_alone_keeps_expected_actions(catalogue, data, expected):
    assert codes(data) == expected


def test_action_filter_due_between_dates_keeps_actions_due_in_range(catalogue):
    today = timezone.localdate()
    after = (today - datetime.timedelta(days=30)).isoformat()
    before = (today + datetime.timedelta(days=400)).isoformat()

    assert codes({"due_after": after}) == ["2.1", "2.2"]
    assert codes({"due_before": before}) == ["1.1", "1.2", "2.1"]
    assert codes({"due_after": after, "due_before": before}) == ["2.1"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"category": ["1"], "status": ["in-progress"]}, ["1.1"]),
        ({"category": ["2"], "status": ["delayed", "completed"]}, ["2.1"]),
        ({"agency": "A", "role": "lead", "overdue": "on"}, ["1.1"]),
        ({"agency": "A", "stale": "90"}, ["2.1", "2.2"]),
        ({"category": ["2"], "q": "ports"}, ["2.1"]),
    ],
)
def test_action_filter_combined_keeps_actions_matching_all(catalogue, data, expected):
    assert codes(data) == expected


def test_action_filter_invalid_value_is_ignored_and_reported(catalogue):
    filterset = ActionFilter({"stale": "soon", "category": ["1"]}, queryset=Action.objects.all())

    assert sorted(filterset.qs.values_list("code", flat=True)) == ["1.1", "1.2"]
    assert "stale" in filterset.errors


def test_action_list_filters_from_the_query_string(client, reviewer, catalogue):
    client.force_login(reviewer)

    response = client.get(factories.url("action-list"), {"category": "2", "status": "none"})

    rows = [row.record.code for row in response.context["table"].paginated_rows]
    assert rows == ["2.2"]
    assert response.context["filter"].form["category"].value() == ["2"]
    assert 'value="2" class="form-check-input" id="id_category_1" checked' in response.content.decode()


def test_action_list_sorts_by_column(client, reviewer, catalogue):
    client.force_login(reviewer)

    response = client.get(factories.url("action-list"), {"sort": "-progress"})

    rows = [row.record.code for row in response.context["table"].paginated_rows]
    assert rows == ["1.2", "2.1", "1.1", "2.2"]


def test_action_list_paginates_with_chosen_page_size(client, reviewer, catalogue):
    client.force_login(reviewer)

    response = client.get(factories.url("action-list"), {"per_page": "10", "page": "1"})
    small = client.get(factories.url("action-list"), {"per_page": "3"})  # not offered: the default

    assert len(response.context["table"].page.object_list) == 4
    assert small.context["per_page"] == 25


def test_action_list_counts_active_filters(client, reviewer, catalogue):
    client.force_login(reviewer)

    none = client.get(factories.url("action-list"), {"role": "lead", "per_page": "10"})
    two = client.get(factories.url("action-list"), {"category": ["1", "2"], "overdue": "on"})

    assert none.context["active_filters"] == 0
    assert two.context["active_filters"] == 2
