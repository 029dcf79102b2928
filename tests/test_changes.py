"""What changed lately (issue 10): the page and the Atom feed with a per-user token, filterable by strategy
and category."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.changes import feed_token
from tracker.models import Review, ReviewMessage
from tracker.services.rounds import review_message_create, round_open

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lately(action, statuses, lead_official, reviewer):
    """An update of 1.1 (plan-a, category 1), a review of it, then a question; and an update of another
    strategy's action."""
    earlier = timezone.now() - datetime.timedelta(hours=2)
    update = factories.status_update(
        action, statuses["in-progress"], author=lead_official, agency=action.lead_agency
    )
    round = round_open(round=factories.RoundFactory(strategy=action.strategy, name="2026 Q1"))
    Review.objects.create(
        round=round,
        action=action,
        reviewer=reviewer,
        rating="off_track",
        evidence="verified",
        created_at=earlier,
        updated_at=earlier + datetime.timedelta(hours=1),
    )
    review_message_create(update=update, author=reviewer, kind="question", text="Which approvals?")
    other_category = factories.CategoryFactory(strategy=factories.StrategyFactory(code="plan-b"), code="7")
    elsewhere = factories.ActionFactory(code="7.1", category=other_category, title="Elsewhere")
    factories.status_update(elsewhere, statuses["completed"])
    return {"update": update, "round": round, "elsewhere": elsewhere}


def test_change_page_lists_updates_reviews_and_questions_newest_first(reviewer_client, lately):
    response = reviewer_client.get(reverse("tracker:change-list"))

    assert [(item.kind, item.action.code) for item in response.context["items"]] == [
        ("update", "7.1"),
        ("question", "1.1"),
        ("update", "1.1"),
        ("review", "1.1"),  # last changed an hour ago
    ]


def test_change_page_filters_by_strategy_and_category(reviewer_client, lately, action):
    response = reviewer_client.get(reverse("tracker:change-list"), {"strategy": "plan-b"})
    assert [item.action.code for item in response.context["items"]] == ["7.1"]

    response = reviewer_client.get(
        reverse("tracker:change-list"), {"strategy": "plan-a", "category": action.category.code}
    )
    assert {item.kind for item in response.context["items"]} == {"update", "review", "question"}
    assert all(item.action == action for item in response.context["items"])


def test_feed_with_the_users_token_is_atom_of_the_same_changes(client, reviewer, lately):
    url = reverse("tracker:change-feed", args=[feed_token(reviewer)])

    response = client.get(url, {"strategy": "plan-a"})  # no session: the token is the key

    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 3
    assert "Which approvals?" in body
    assert "Elsewhere" not in body


def test_feed_refuses_a_wrong_token_and_one_from_before_a_password_change(client, reviewer, lately):
    token = feed_token(reviewer)
    assert client.get(reverse("tracker:change-feed", args=["1-" + "0" * 32])).status_code == 404
    assert client.get(reverse("tracker:change-feed", args=["nonsense"])).status_code == 404

    reviewer.set_password("a new password 123")
    reviewer.save()

    assert client.get(reverse("tracker:change-feed", args=[token])).status_code == 404
    assert client.get(reverse("tracker:change-feed", args=[feed_token(reviewer)])).status_code == 200


def test_change_page_links_the_users_feed(reviewer_client, reviewer):
    page = reviewer_client.get(reverse("tracker:change-list")).content.decode()
    assert reverse("tracker:change-feed", args=[feed_token(reviewer)]) in page


@pytest.mark.parametrize("rows", [1, 30])
def test_change_page_queries_do_not_grow(
    reviewer_client, django_assert_num_queries, reviewer, statuses, rows
):
    round = round_open(round=factories.RoundFactory())
    for number in range(rows):
        action = factories.ActionFactory(code=f"1.{number}")
        update = factories.status_update(action, statuses["in-progress"], agency=action.lead_agency)
        Review.objects.create(
            round=round, action=action, reviewer=reviewer, rating="on_track", evidence="verified"
        )
        ReviewMessage.objects.create(update=update, author=reviewer, kind="question", text="Why?")

    # session, user, updates, reviews, messages, strategies for the filter, the groups, the menu
    with django_assert_num_queries(8):
        response = reviewer_client.get(reverse("tracker:change-list"))

    assert len(response.context["items"]) == min(3 * rows, 50)  # the newest 50
