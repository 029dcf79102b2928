"""Officials log progress: the form, every rule as a message next to its field, and CSRF."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from tracker.models import Action, StatusUpdate
from tracker.services.updates import status_update_create

from . import factories
from .factories import log, log_url

pytestmark = pytest.mark.django_db


def test_log_form_offers_statuses_with_default_progress_and_loads_script(
    client, lead_official, action, statuses
):
    client.force_login(lead_official)

    html = client.get(log_url(action)).content.decode()

    assert (
        f'<option value="{statuses["delayed"].pk}" data-default-progress="50" data-min-progress="0" '
        'data-max-progress="99" data-needs-reason="true">' in html
    )
    assert (
        f'<option value="{statuses["completed"].pk}" data-default-progress="100" data-min-progress="100" '
        'data-max-progress="100">' in html
    )
    assert "Progress 1–99%, by default 50%." in html  # what each status allows, beside the form
    assert "/static/tracker/status_update_form.js" in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html  # the date of the update defaults to today
    assert "<script>" not in html  # no inline script: a strict CSP stays possible


def test_log_form_prefills_current_status_and_progress(client, lead_official, action, statuses):
    status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=70,
        reported_on=timezone.localdate(),
        narrative="Most of it done.",
        author=lead_official,
    )
    client.force_login(lead_official)

    html = client.get(log_url(action)).content.decode()

    assert f'<option value="{statuses["in-progress"].pk}" selected data-default-progress="50" ' in html
    assert re.search(r'<input type="number" name="progress" value="70"', html)


def test_log_progress_success_heads_history_and_moves_action(
    client, lead_official, action, log_data, statuses
):
    status_update_create(
        action=action,
        status=statuses["not-started"],
        progress=0,
        reported_on=timezone.localdate() - datetime.timedelta(5),
        narrative="Nothing yet.",
        author=lead_official,
    )
    client.force_login(lead_official)

    response = log(client, action, log_data)

    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your update on action 1.1 has been logged."
    ]
    latest = action.updates.latest_first().first()
    assert (latest.status, latest.progress, latest.narrative, latest.author, latest.agency) == (
        statuses["in-progress"],
        60,
        "The working group met and agreed the plan.",
        lead_official,
        action.lead_agency,
    )
    action.refresh_from_db()
    assert (action.status, action.progress, action.last_reported_on) == (
        statuses["in-progress"],
        60,
        timezone.localdate(),
    )
    assert action.updates.count() == 2


def test_log_progress_supporting_official_reports_for_their_agency(
    client, supporting_official, supporting_agency, action, log_data
):
    client.force_login(supporting_official)

    log(client, action, log_data)

    assert StatusUpdate.objects.get().agency == supporting_agency


def test_log_progress_empty_progress_takes_status_default(client, lead_official, action, log_data, statuses):
    client.force_login(lead_official)

    log(client, action, {**log_data, "status": statuses["completed"].pk, "progress": ""})

    action.refresh_from_db()
    assert (action.status, action.progress) == (statuses["completed"], 100)


def test_log_progress_with_reason_when_status_needs_one(
    client, lead_official, action, log_data, statuses, reason
):
    client.force_login(lead_official)

    log(
        client,
        action,
        {
            **log_data,
            "status": statuses["delayed"].pk,
            "reason": reason.pk,
            "reason_text": "Budget not released.",
        },
    )

    update = StatusUpdate.objects.get()
    assert (update.status, update.reason, update.reason_text) == (
        statuses["delayed"],
        reason,
        "Budget not released.",
    )


def test_log_progress_ignores_fields_the_form_does_not_offer(
    client, lead_official, other_official, other_agency, action, log_data
):
    elsewhere = factories.ActionFactory(code="7.7", lead_agency=other_agency)
    client.force_login(lead_official)

    log(
        client,
        action,
        {
            **log_data,
            "author": other_official.pk,
            "agency": other_agency.pk,
            "action": elsewhere.pk,
            "created_at": "2001-01-01T00:00:00Z",
        },
    )

    update = StatusUpdate.objects.get()
    assert (update.action, update.author, update.agency) == (action, lead_official, action.lead_agency)
    assert update.created_at.year == timezone.localdate().year
    assert elsewhere.updates.count() == 0


def _future():
    return (timezone.localdate() + datetime.timedelta(1)).isoformat()


INVALID_POSTS = [
    ("status missing", {"status": ""}, "status", "This field is required."),
    ("status unknown", {"status": "99999"}, "status", "Select a valid choice."),
    (
        "progress above 100",
        {"progress": "101"},
        "progress",
        "Ensure this value is less than or equal to 100.",
    ),
    ("progress below 0", {"progress": "-1"}, "progress", "Ensure this value is greater than or equal to 0."),
    ("progress not a number", {"progress": "half"}, "progress", "Enter a whole number."),
    (
        "progress outside the status's range",
        {"status": "completed", "progress": "40"},
        "progress",
        "“Completed” means progress of exactly 100%.",
    ),
    (
        "progress at the end of a range it excludes",
        {"progress": "100"},
        "progress",
        "“In progress (on track)” allows progress from 1% to 99%.",
    ),
    ("date missing", {"reported_on": ""}, "reported_on", "This field is required."),
    ("date not a date", {"reported_on": "soon"}, "reported_on", "Enter a valid date."),
    ("date in the future", {"reported_on": _future}, "reported_on", "cannot be in the future"),
    (
        "date before the start",
        {"reported_on": "2019-12-31"},
        "reported_on",
        "cannot be before the action starts",
    ),
    ("narrative missing", {"narrative": ""}, "narrative", "This field is required."),
    ("narrative blank", {"narrative": "   \n "}, "narrative", "This field is required."),
    (
        "narrative too long",
        {"narrative": "x" * 4001},
        "narrative",
        "At most 4,000 characters, and this has 4,001",
    ),
    (
        "reason text too long",
        {"status": "delayed", "reason": "funding", "reason_text": "y" * 1001},
        "reason_text",
        "At most 1,000 characters, and this has 1,001",
    ),
    ("link not a URL", {"evidence_url": "not a link"}, "evidence_url", "Enter a valid URL."),
    ("reason missing", {"status": "delayed", "reason_text": "Budget."}, "reason", "needs a reason"),
    ("reason text missing", {"status": "delayed", "reason": "funding"}, "reason_text", "Explain the reason"),
    ("correction of another action", {"corrects": "other-action"}, "corrects", "Select a valid choice."),
    ("correction of a corrected update", {"corrects": "corrected"}, "corrects", "Select a valid choice."),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [case[1:] for case in INVALID_POSTS],
    ids=[case[0] for case in INVALID_POSTS],
)
def test_log_progress_invalid_input_shows_message_and_writes_nothing(
    client, lead_official, action, log_data, statuses, reason, changes, field, message
):
    Action.objects.filter(pk=action.pk).update(start_date=datetime.date(2020, 1, 1))
    earlier = status_update_create(
        action=action,
        status=statuses["not-started"],
        progress=0,
        reported_on=datetime.date(2020, 6, 1),
        narrative="First.",
        author=lead_official,
    )
    status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=5,
        reported_on=datetime.date(2020, 7, 1),
        narrative="Corrects the first.",
        author=lead_official,
        corrects=earlier,
        correction_reason="The first was wrong.",
    )
    elsewhere = status_update_create(
        action=factories.ActionFactory(code="8.8"),
        status=statuses["not-started"],
        progress=0,
        reported_on=timezone.localdate(),
        narrative="Other action.",
        author=lead_official,
    )
    symbolic = {
        "delayed": statuses["delayed"].pk,
        "completed": statuses["completed"].pk,
        "funding": reason.pk,
        "other-action": elsewhere.pk,
        "corrected": earlier.pk,
    }
    changes = {
        key: value() if callable(value) else symbolic.get(value, value) for key, value in changes.items()
    }
    before = (
        StatusUpdate.objects.count(),
        Action.objects.values_list("status", "progress", "last_reported_on"),
    )
    before = (before[0], list(before[1]))
    client.force_login(lead_official)

    response = log(client, action, {**log_data, **changes})

    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(rf'<div class="invalid-feedback d-block" id="id_{field}_error">(.*?)</div>', html, re.S)
    assert error, f"no message next to {field}"
    assert escape(message) in error.group(1) or message in error.group(1)
    assert 'aria-invalid="true"' in html
    assert "Nothing was saved." in html
    after = (
        StatusUpdate.objects.count(),
        list(Action.objects.values_list("status", "progress", "last_reported_on")),
    )
    assert after == before


def test_log_progress_without_csrf_token_is_refused(lead_official, action, log_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_official)

    response = client.post(log_url(action), log_data)

    assert response.status_code == 403
    assert StatusUpdate.objects.count() == 0


def test_log_progress_with_csrf_token_from_the_form_succeeds(lead_official, action, log_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_official)
    form = client.get(log_url(action)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    response = client.post(log_url(action), {**log_data, "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert StatusUpdate.objects.count() == 1
