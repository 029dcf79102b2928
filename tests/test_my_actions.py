"""My actions: what an official's agencies owe, in groups, with the latest update of each."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from tracker.models import Action
from tracker.services.updates import status_update_create

from . import factories
from .factories import log_url

pytestmark = pytest.mark.django_db


def section(html, key):
    """The HTML of one group of My actions."""
    match = re.search(rf'<section[^>]*id="{key}".*?</section>', html, re.S)
    assert match, key
    return match.group(0)


def test_my_actions_groups_overdue_due_soon_stale_and_rest(client, lead_official, lead_agency, statuses):
    today = timezone.localdate()
    overdue = factories.ActionFactory(
        code="1.1", lead_agency=lead_agency, due_date=today - datetime.timedelta(1)
    )
    due_soon = factories.ActionFactory(
        code="1.2", lead_agency=lead_agency, due_date=today + datetime.timedelta(30)
    )
    stale = factories.ActionFactory(
        code="1.3", lead_agency=lead_agency, due_date=today + datetime.timedelta(90)
    )
    fresh = factories.ActionFactory(
        code="1.4", lead_agency=lead_agency, due_date=today + datetime.timedelta(90)
    )
    finished = factories.ActionFactory(
        code="1.5", lead_agency=lead_agency, due_date=today - datetime.timedelta(1)
    )
    supported = factories.ActionFactory(code="2.1", due_date=today + datetime.timedelta(90))
    factories.ActionSupportFactory(action=supported, agency=lead_agency)
    factories.ActionFactory(code="3.1", due_date=today - datetime.timedelta(1))  # another agency's
    for action, status in [(fresh, "in-progress"), (supported, "in-progress"), (finished, "completed")]:
        status_update_create(
            action=action,
            status=statuses[status],
            progress=statuses[status].default_progress,
            reported_on=today,
            narrative="Recent news.",
            author=lead_official,
        )
    Action.objects.filter(pk=stale.pk).update(last_reported_on=today - datetime.timedelta(91))
    client.force_login(lead_official)

    html = client.get(reverse("tracker:my-actions")).content.decode()

    def codes(key):
        # The table's rows (phones get the same actions as cards, before the table).
        table = section(html, key).partition("<table")[2]
        return re.findall(r'<span class="fw-semibold">([\d.]+)</span>', table)

    assert codes("overdue") == [overdue.code]
    assert codes("due-soon") == [due_soon.code]
    assert codes("stale") == [stale.code]
    assert codes("other") == [fresh.code, finished.code, supported.code]
    assert "3.1" not in html


def test_my_actions_stale_days_is_configurable(client, settings, lead_official, action):
    settings.TRACKER_STALE_DAYS = 10
    Action.objects.filter(pk=action.pk).update(last_reported_on=timezone.localdate() - datetime.timedelta(11))
    client.force_login(lead_official)

    html = client.get(reverse("tracker:my-actions")).content.decode()

    assert "No update for 10 days" in html
    assert action.code in section(html, "stale")


def test_my_actions_row_shows_last_update_and_log_button(client, supporting_official, action, statuses):
    status_update_create(
        action=action,
        status=statuses["delayed"],
        progress=30,
        reported_on=timezone.localdate(),
        narrative="Funding was approved late.",
        author=supporting_official,
        reason=factories.ReasonCodeFactory(),
        reason_text="Budget cycle.",
    )
    client.force_login(supporting_official)

    html = client.get(reverse("tracker:my-actions")).content.decode()

    assert "Funding was approved late." in html
    assert f"{formats.date_format(timezone.localdate())}</span> · support-official" in html
    assert re.search(r'<span class="badge status-badge status-amber"[^>]*>.*?</span> Delayed</span>', html)
    assert f'href="{log_url(action)}"' in html
    assert "Supports" in html


def test_my_actions_without_membership_explains_and_lists_nothing(client, reviewer, action):
    client.force_login(reviewer)

    response = client.get(reverse("tracker:my-actions"))

    assert response.status_code == 200
    assert "You are not a member of any agency" in response.content.decode()
    assert action.title not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_my_actions_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, lead_official, lead_agency, statuses, rows
):
    for number in range(rows):
        action = factories.ActionFactory(code=f"5.{number + 1}", lead_agency=lead_agency)
        factories.ActionSupportFactory(action=action)
        status_update_create(
            action=action,
            status=statuses["in-progress"],
            progress=50,
            reported_on=timezone.localdate(),
            narrative="Going well.",
            author=lead_official,
        )
    client.force_login(lead_official)

    # session, user, the user's agencies, actions, overdue, due soon, stale, latest updates, groups,
    # the two permission queries of the navigation, agency names, the strategies for the menu, open rounds
    with django_assert_num_queries(12):
        response = client.get(reverse("tracker:my-actions"))

    assert response.content.decode().count('class="btn btn-sm btn-primary text-nowrap"') == rows
