"""Corrections: a wrong update stays in the history, marked, and the action follows the correction."""

import re

import pytest
from django.utils import timezone

from tracker.models import StatusUpdate
from tracker.services.updates import status_update_create

from .factories import log, log_url

pytestmark = pytest.mark.django_db


def test_correction_keeps_both_updates_and_action_follows_the_correction(
    client, lead_official, action, log_data, statuses
):
    wrong = status_update_create(
        action=action,
        status=statuses["completed"],
        progress=100,
        reported_on=timezone.localdate(),
        narrative="Marked complete by mistake.",
        author=lead_official,
    )
    client.force_login(lead_official)

    form = client.get(log_url(action) + f"?corrects={wrong.pk}").content.decode()
    log(client, action, {**log_data, "progress": "45", "corrects": wrong.pk})

    assert f'<option value="{wrong.pk}" selected>' in form
    correction = StatusUpdate.objects.exclude(pk=wrong.pk).get()
    wrong.refresh_from_db()
    assert wrong.corrected_by == correction
    assert (wrong.narrative, wrong.status) == ("Marked complete by mistake.", statuses["completed"])
    assert StatusUpdate.objects.count() == 2
    action.refresh_from_db()
    assert (action.status, action.progress) == (statuses["in-progress"], 45)


def test_corrected_update_is_marked_on_the_form_history(client, lead_official, action, statuses):
    wrong = status_update_create(
        action=action,
        status=statuses["completed"],
        progress=100,
        reported_on=timezone.localdate(),
        narrative="Wrong.",
        author=lead_official,
    )
    status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=40,
        reported_on=timezone.localdate(),
        narrative="Right.",
        author=lead_official,
        corrects=wrong,
    )
    client.force_login(lead_official)

    html = client.get(log_url(action)).content.decode()

    assert "Wrong." in html and "Right." in html
    assert html.count(">Corrected</span>") == 1
    corrects = re.search(r'<select name="corrects".*?</select>', html, re.S).group(0)
    assert f'<option value="{wrong.pk}"' not in corrects  # a corrected update cannot be corrected again


@pytest.mark.django_db
def test_correct_link_shown_to_members_only_and_preselects_the_update(
    client, lead_official, reviewer, action, update_with_file
):
    link = f"{log_url(action)}?corrects={update_with_file.pk}"
    client.force_login(reviewer)
    assert link not in client.get(action.get_absolute_url()).content.decode()
    client.force_login(lead_official)
    assert link in client.get(action.get_absolute_url()).content.decode()
    form = client.get(link).context["form"]
    assert form["corrects"].value() == update_with_file.pk


@pytest.mark.django_db
def test_correction_form_starts_from_the_corrected_update(client, lead_official, action, update_with_file):
    client.force_login(lead_official)
    page = client.get(f"{log_url(action)}?corrects={update_with_file.pk}")
    form = page.context["form"]
    assert "Correct an update" in page.content.decode()
    assert (form["narrative"].value(), form["progress"].value()) == ("Draft rules published.", 40)
