"""The demo's sample rounds (issue 10): made only by `load_report --demo`, marked as sample wherever they
show, and deleted whole by `load_report --remove-samples`, which leaves the report's own data as it was."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from tracker.models import (
    Action,
    ReportingRound,
    Review,
    ReviewMessage,
    RoundReport,
    RoundSnapshot,
    StatusUpdate,
    Strategy,
)

pytestmark = pytest.mark.django_db


def test_demo_adds_one_closed_and_one_open_sample_round(demo):
    rounds = list(ReportingRound.objects.order_by("state").values_list("state", "is_sample"))
    assert rounds == [("closed", True), ("open", True)]
    assert StatusUpdate.objects.filter(is_sample=True).count() == 7
    assert not StatusUpdate.objects.filter(is_sample=False).exists()
    assert Review.objects.count() == 4
    assert ReviewMessage.objects.get().is_sample
    assert RoundSnapshot.objects.count() == Action.objects.count()


def test_demo_twice_adds_nothing_more(demo, settings):
    settings.DEBUG = True  # demo accounts are refused otherwise
    call_command("load_report", "--demo", verbosity=0)
    assert ReportingRound.objects.count() == 2


def test_without_demo_there_are_no_samples(report):
    assert not ReportingRound.objects.exists()
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize(
    "page", ["round-list", "round-detail", "round-report", "action-detail", "change-list"]
)
def test_every_page_showing_samples_says_so(client, demo, page):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    open_round = ReportingRound.objects.get(state="open")
    sample_action = StatusUpdate.objects.filter(is_sample=True).first().action
    url = {
        "round-list": reverse("tracker:round-list", args=["ta9036"]),
        "round-detail": open_round.get_absolute_url(),
        "round-report": reverse("tracker:round-report", args=["ta9036", open_round.pk]),
        "action-detail": sample_action.get_absolute_url(),
        "change-list": reverse("tracker:change-list"),
    }[page]

    content = client.get(url).content.decode()

    assert "sample-banner" in content
    assert "sample-label" in content


SUMMARY_PAGES = {
    "overview": reverse("tracker:home"),
    "dashboard": reverse("tracker:strategy-detail", args=["ta9036"]),
    "action-list": reverse("tracker:action-list", args=["ta9036"]),
    "all-actions": reverse("tracker:all-actions"),
    "category-list": reverse("tracker:category-list", args=["ta9036"]),
}


@pytest.mark.parametrize("page", SUMMARY_PAGES)
def test_pages_counting_sample_statuses_carry_the_banner_until_samples_are_removed(client, demo, page):
    """The dashboard and the lists count sample updates' statuses, so they carry the banner too."""
    client.force_login(get_user_model().objects.get(username="reviewer"))

    with_samples = client.get(SUMMARY_PAGES[page], follow=True).content.decode()
    call_command("load_report", "--remove-samples", verbosity=0)
    without = client.get(SUMMARY_PAGES[page], follow=True).content.decode()

    assert ("sample-banner" in with_samples, "sample-banner" in without) == (True, False)
    assert not Strategy.objects.filter(has_samples=True).exists()


def test_remove_samples_deletes_them_all_and_restores_the_actions(demo):
    before = dict(Action.objects.values_list("pk", "title"))

    call_command("load_report", "--remove-samples", verbosity=0)

    for model in (ReportingRound, RoundReport, RoundSnapshot, Review, ReviewMessage, StatusUpdate):
        assert not model.objects.exists(), model
    assert not Action.objects.filter(status__isnull=False).exists()
    assert set(Action.objects.values_list("progress", flat=True)) == {0}
    assert dict(Action.objects.values_list("pk", "title")) == before
