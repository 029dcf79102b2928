"""Corrections: a wrong update stays in the history, marked, and the action follows the correction."""

import re

import pytest
from django.utils import timezone

from tracker.models import StatusUpdate
from tracker.services.updates import status_update_create

from .factories import log, log_url

pytestmark = pytest.mark.django_db


def test_correction_keeps_both_updates_and_action_follows_the_correction(
    client, lead_official, action, log_data, statuses, completed_by_mistake
):
    wrong = completed_by_mistake
    client.force_login(lead_official)

    form = client.get(log_url(action) + f"?corrects={wrong.pk}").content.decode()
    log(
        client,
        action,
        {**log_data, "progress": "45", "corrects": wrong.pk, "correction_reason": "Not finished after all."},
    )

    assert f'<option value="{wrong.pk}" selected>' in form
    correction = StatusUpdate.objects.exclude(pk=wrong.pk).get()
    assert correction.correction_reason == "Not finished after all."
    wrong.refresh_from_db()
    assert wrong.corrected_by == correction
    assert (wrong.narrative, wrong.status) == ("Marked complete by mistake.", statuses["completed"])
    assert StatusUpdate.objects.count() == 2
    action.refresh_from_db()
    assert (action.status, action.progress) == (statuses["in-progress"], 45)


def test_corrected_update_is_marked_on_the_form_history(
    client, lead_official, action, statuses, corrected_update
):
    wrong = corrected_update
    other = status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=50,
        reported_on=timezone.localdate(),
        narrative="Later.",
        author=lead_official,
    )
    client.force_login(lead_official)

    html = client.get(log_url(action)).content.decode()
    correcting = client.get(f"{log_url(action)}?corrects={other.pk}").content.decode()

    assert "Marked complete by mistake." in html and "Right." in html
    assert html.count(">Corrected</span>") == 1
    # The choice of an update to correct belongs to the correction form only.
    assert 'name="corrects"' not in html and 'name="correction_reason"' not in html
    corrects = re.search(r'<select name="corrects".*?</select>', correcting, re.S).group(0)
    assert f'<option value="{wrong.pk}"' not in corrects  # a corrected update cannot be corrected again
    assert f'<option value="{other.pk}" selected>' in corrects


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


def test_correction_without_a_reason_refused_next_to_the_field(
    client, lead_official, action, log_data, statuses, completed_by_mistake
):
    wrong = completed_by_mistake
    client.force_login(lead_official)

    response = log(client, action, {**log_data, "corrects": wrong.pk, "correction_reason": ""})

    html = response.content.decode()
    error = re.search(
        r'<div class="invalid-feedback d-block" id="id_correction_reason_error">(.*?)</div>', html, re.S
    )
    assert error and "This field is required." in error.group(1)
    assert StatusUpdate.objects.count() == 1


def test_correction_form_shows_what_it_changes_and_the_evidence_it_keeps(
    client, lead_official, action, update_with_file
):
    client.force_login(lead_official)

    html = client.get(f"{log_url(action)}?corrects={update_with_file.pk}").content.decode()

    diff = re.search(r'<table class="table table-sm small correction-diff.*?</table>', html, re.S).group(0)
    assert (
        '<tr data-diff-source="id_progress" data-diff-suffix="%"><th scope="row">Progress</th><td>40%</td>'
        in diff
    )
    assert "Evidence file it keeps:</strong> Draft rules.pdf" in html
    assert 'name="drop_evidence"' in html


def diff_rows(html: str) -> list[tuple[str, str, str, bool]]:
    """The correction form's table of what it changes, as the server wrote it (no JavaScript): a row a
    field, with the value reported, the correction's value, and whether the row is marked as changed."""
    table = re.search(r'<table class="table table-sm small correction-diff.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr data-diff-source[^>]*?( class=\"table-warning\")?>(.*?)</tr>", table, re.S)
    return [
        (
            *(
                re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells)
            ),
            bool(marked),
        )
        for marked, cells in rows
    ]


def test_correction_preview_shows_old_and_new_values_and_logs_nothing(
    client, lead_official, action, log_data, statuses, completed_by_mistake
):
    wrong = completed_by_mistake
    client.force_login(lead_official)
    data = {
        **log_data,
        "progress": "45",
        "reported_on": "2026-03-02",
        "corrects": wrong.pk,
        "correction_reason": "Not finished after all.",
    }

    response = log(client, action, {**data, "preview": "1"})

    html = response.content.decode()
    assert diff_rows(html) == [
        ("Status", "Completed", "In progress (on track)", True),
        ("Progress", "100%", "45%", True),
        ("Date", "2 Mar 2026", "2 Mar 2026", False),
    ]
    assert "Nothing is logged yet." in html
    assert StatusUpdate.objects.count() == 1
    # The same data without "preview" logs the correction.
    log(client, action, data)
    assert StatusUpdate.objects.count() == 2


def test_refused_correction_shows_what_it_would_change(
    client, lead_official, action, log_data, statuses, completed_by_mistake
):
    wrong = completed_by_mistake
    client.force_login(lead_official)

    response = log(
        client,
        action,
        {
            **log_data,
            "progress": "",
            "reported_on": "2026-03-01",
            "corrects": wrong.pk,
            "correction_reason": "",
        },
    )

    # Left empty, progress is the status's default, as the service would log it.
    assert diff_rows(response.content.decode()) == [
        ("Status", "Completed", "In progress (on track)", True),
        ("Progress", "100%", f"{statuses['in-progress'].default_progress}%", True),
        ("Date", "2 Mar 2026", "1 Mar 2026", True),
    ]
    assert StatusUpdate.objects.count() == 1


def test_correction_form_opens_with_nothing_changed(client, lead_official, action, update_with_file):
    client.force_login(lead_official)

    html = client.get(f"{log_url(action)}?corrects={update_with_file.pk}").content.decode()

    assert [row[3] for row in diff_rows(html)] == [False, False, False]
    assert 'name="preview"' in html


def test_correction_drops_the_evidence_file_when_asked(
    client, lead_official, action, log_data, update_with_file
):
    client.force_login(lead_official)

    log(
        client,
        action,
        {
            **log_data,
            "corrects": update_with_file.pk,
            "correction_reason": "The file was the wrong draft.",
            "drop_evidence": "on",
        },
    )

    correction = StatusUpdate.objects.get(corrects=update_with_file)
    assert correction.evidence_file.name == ""


def test_action_page_shows_the_correction_diff_and_marks_the_superseded_update(
    client, reviewer, action, corrected_update
):
    wrong = corrected_update
    correction = wrong.corrected_by
    client.force_login(reviewer)

    html = client.get(action.get_absolute_url()).content.decode()

    card = re.search(rf'<li class="card mb-3" id="update-{correction.pk}">.*?</li>', html, re.S).group(0)
    assert "Corrects the update of 2 Mar 2026." in " ".join(card.split())
    assert "Status: <del>Completed</del> → <ins>In progress (on track)</ins>" in card
    assert "Progress: <del>100%</del> → <ins>40%</ins>" in card
    assert "Date:" not in card  # unchanged
    assert "<strong>Why:</strong> Not finished." in card
    superseded = re.search(
        rf'<li class="card mb-3 update-superseded" id="update-{wrong.pk}">.*?</li>', html, re.S
    )
    assert superseded and "Superseded: corrected on" in superseded.group(0)
    assert f'href="#update-{correction.pk}"' in superseded.group(0)
