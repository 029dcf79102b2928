"""Officials sign in, see what their agencies owe, and log progress (issue 4)."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tracker.models import Action, StatusUpdate
from tracker.services import status_update_create
from tracker.uploads import EVIDENCE_MAX_BYTES

from . import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def log_url(action):
    return reverse("tracker:status-update-create", args=[action.code])


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def log(client, action, data, **files):
    return client.post(log_url(action), {**data, **files})


# Sign-in -----------------------------------------------------------------------------------------------


def test_login_page_extends_base_with_bootstrap_fields(client):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Log in · Policy Tracker</title>" in html
    assert 'class="form-control"' in html
    assert 'autocomplete="current-password"' in html


def test_login_official_lands_on_my_actions(client, lead_official):
    response = client.post(
        reverse("login"), {"username": "lead-official", "password": factories.PASSWORD}, follow=True
    )

    assert response.redirect_chain == [
        (reverse("tracker:start"), 302),
        (reverse("tracker:my-actions"), 302),
    ]
    assert response.status_code == 200
    assert "My actions" in response.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "administrator"])
def test_login_others_land_on_dashboard(client, request, role):
    request.getfixturevalue(role)

    response = client.post(reverse("login"), {"username": role, "password": factories.PASSWORD})
    start = client.get(response.url)

    assert response.url == reverse("tracker:start")
    assert start.url == reverse("tracker:home")


def test_login_wrong_password_shows_message(client, lead_official):
    response = client.post(reverse("login"), {"username": "lead-official", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_returns_to_login(client, lead_official):
    client.force_login(lead_official)

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_logged_out_template_renders(rf):
    from django.template.loader import render_to_string

    html = render_to_string("registration/logged_out.html", request=rf.get("/"))

    assert "You have logged out." in html


def test_password_change_pages_are_styled_and_work(client, lead_official):
    client.force_login(lead_official)

    form = client.get(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "a much better passphrase 42",
            "new_password2": "a much better passphrase 42",
        },
        follow=True,
    )

    assert "Change your password" in form.content.decode()
    assert 'autocomplete="new-password"' in form.content.decode()
    assert "Your password has been changed." in response.content.decode()
    lead_official.refresh_from_db()
    assert lead_official.check_password("a much better passphrase 42")


def test_password_change_mismatch_shows_message_next_to_field(client, lead_official):
    client.force_login(lead_official)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "abcdefgh12345",
            "new_password2": "different9876",
        },
    )

    html = response.content.decode()
    assert 'id="id_new_password2_error"' in html
    assert "The two password fields didn" in html
    lead_official.refresh_from_db()
    assert lead_official.check_password(factories.PASSWORD)


# My actions ---------------------------------------------------------------------------------------------


def section(html, key):
    """The HTML of one group of My actions."""
    match = re.search(rf'<section[^>]*id="{key}".*?</section>', html, re.S)
    assert match, key
    return match.group(0)


def test_my_actions_groups_overdue_due_soon_stale_and_rest(client, lead_official, lead_agency, statuses):
    today = TODAY()
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
        return re.findall(r'<span class="fw-semibold">([\d.]+)</span>', section(html, key))

    assert codes("overdue") == [overdue.code]
    assert codes("due-soon") == [due_soon.code]
    assert codes("stale") == [stale.code]
    assert codes("other") == [fresh.code, finished.code, supported.code]
    assert "3.1" not in html


def test_my_actions_stale_days_is_configurable(client, settings, lead_official, action):
    settings.TRACKER_STALE_DAYS = 10
    Action.objects.filter(pk=action.pk).update(last_reported_on=TODAY() - datetime.timedelta(11))
    client.force_login(lead_official)

    html = client.get(reverse("tracker:my-actions")).content.decode()

    assert "No update for 10 days" in html
    assert action.code in section(html, "stale")


def test_my_actions_row_shows_last_update_and_log_button(client, supporting_official, action, statuses):
    status_update_create(
        action=action,
        status=statuses["delayed"],
        progress=30,
        reported_on=TODAY(),
        narrative="Funding was approved late.",
        author=supporting_official,
        reason=factories.ReasonCodeFactory(),
        reason_text="Budget cycle.",
    )
    client.force_login(supporting_official)

    html = client.get(reverse("tracker:my-actions")).content.decode()

    assert "Funding was approved late." in html
    assert f"{TODAY():%Y-%m-%d}</span> · support-official" in html
    assert re.search(r'<span class="badge status-badge status-amber"[^>]*>Delayed</span>', html)
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
            reported_on=TODAY(),
            narrative="Going well.",
            author=lead_official,
        )
    client.force_login(lead_official)

    # session, user, the user's agencies, actions, overdue, due soon, stale, latest updates, groups,
    # the two permission queries of the navigation, agency names
    with django_assert_num_queries(10):
        response = client.get(reverse("tracker:my-actions"))

    assert response.content.decode().count('class="btn btn-sm btn-primary text-nowrap"') == rows


# The log progress form --------------------------------------------------------------------------------


def test_log_form_offers_statuses_with_default_progress_and_loads_script(
    client, lead_official, action, statuses
):
    client.force_login(lead_official)

    html = client.get(log_url(action)).content.decode()

    assert (
        f'<option value="{statuses["delayed"].pk}" data-default-progress="50" data-needs-reason="true">'
        in html
    )
    assert f'<option value="{statuses["completed"].pk}" data-default-progress="100">' in html
    assert "/static/tracker/status_update_form.js" in html
    assert f'value="{TODAY():%Y-%m-%d}"' in html  # the date of the update defaults to today
    assert "<script>" not in html  # no inline script: a strict CSP stays possible


def test_log_form_prefills_current_status_and_progress(client, lead_official, action, statuses):
    status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=70,
        reported_on=TODAY(),
        narrative="Most of it done.",
        author=lead_official,
    )
    client.force_login(lead_official)

    html = client.get(log_url(action)).content.decode()

    assert f'<option value="{statuses["in-progress"].pk}" selected data-default-progress="50">' in html
    assert re.search(r'<input type="number" name="progress" value="70"', html)


def test_log_progress_success_heads_history_and_moves_action(
    client, lead_official, action, log_data, statuses
):
    status_update_create(
        action=action,
        status=statuses["not-started"],
        progress=0,
        reported_on=TODAY() - datetime.timedelta(5),
        narrative="Nothing yet.",
        author=lead_official,
    )
    client.force_login(lead_official)

    response = log(client, action, log_data)

    assert response.status_code == 302
    assert response.url == reverse("tracker:action-detail", args=[action.code])
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
    assert (action.status, action.progress, action.last_reported_on) == (statuses["in-progress"], 60, TODAY())
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
    assert update.created_at.year == TODAY().year
    assert elsewhere.updates.count() == 0


# Every validation rule: the message next to its field, and nothing written ------------------------------


def _future():
    return (TODAY() + datetime.timedelta(1)).isoformat()


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
        status=statuses["not-started"],
        progress=5,
        reported_on=datetime.date(2020, 7, 1),
        narrative="Corrects the first.",
        author=lead_official,
        corrects=earlier,
    )
    elsewhere = status_update_create(
        action=factories.ActionFactory(code="8.8"),
        status=statuses["not-started"],
        progress=0,
        reported_on=TODAY(),
        narrative="Other action.",
        author=lead_official,
    )
    symbolic = {
        "delayed": statuses["delayed"].pk,
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


INVALID_FILES = [
    ("not an accepted type", factories.evidence_file("tool.exe", content=b"MZ\x90\x00"), "Upload a PDF"),
    (
        "text named .pdf",
        factories.evidence_file("report.pdf", content=b"just some text"),
        "not what its name says",
    ),
    ("PNG named .pdf", factories.evidence_file("report.pdf", kind="png"), "not what its name says"),
    ("PDF named .jpg", factories.evidence_file("photo.jpg", kind="pdf"), "not what its name says"),
    ("plain zip named .docx", factories.evidence_file("memo.docx", kind="xlsx"), "not what its name says"),
    (
        "broken zip named .xlsx",
        factories.evidence_file("sheet.xlsx", content=b"PK\x03\x04garbage"),
        "not what",
    ),
    ("text named .doc", factories.evidence_file("memo.doc", content=b"plain text"), "not what its name says"),
    (
        "CSV with NUL bytes",
        factories.evidence_file("data.csv", content=b"a,b\x00\n"),
        "not what its name says",
    ),
    ("CSV not text", factories.evidence_file("data.csv", content=b"\xff\xfe\x81\x30\xfe"), "not what"),
    ("HTML named .csv", factories.evidence_file("data.csv", content=b"<script>x()</script>"), "not what"),
    ("empty file", factories.evidence_file("empty.pdf", content=b""), "The submitted file is empty."),
    ("no extension", factories.evidence_file("README", content=b"%PDF-1.4"), "Upload a PDF"),
]


@pytest.mark.parametrize(
    ("upload", "message"), [case[1:] for case in INVALID_FILES], ids=[case[0] for case in INVALID_FILES]
)
def test_log_progress_rejected_upload_shows_message_and_writes_nothing(
    client, settings, lead_official, action, log_data, upload, message
):
    upload.seek(0)
    client.force_login(lead_official)

    response = log(client, action, log_data, evidence_file=upload)

    html = response.content.decode()
    error = re.search(r'id="id_evidence_file_error">(.*?)</div>', html, re.S)
    assert error, "no message next to the file field"
    assert escape(message) in error.group(1)
    assert StatusUpdate.objects.count() == 0
    assert media_files(settings) == []


def test_log_progress_rejects_file_over_10_mb(client, settings, lead_official, action, log_data):
    big = factories.evidence_file("big.pdf", content=b"%PDF-1.4\n" + b"0" * EVIDENCE_MAX_BYTES)
    client.force_login(lead_official)

    response = log(client, action, log_data, evidence_file=big)

    assert "evidence files can be at most 10.0\xa0MB" in response.content.decode()
    assert StatusUpdate.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    "name",
    [
        "Plan.pdf",
        "site.png",
        "site.JPG",
        "photo.jpeg",
        "a.gif",
        "b.webp",
        "memo.docx",
        "t.xlsx",
        "old.doc",
        "old.xls",
        "figures.csv",
    ],
)
def test_log_progress_accepts_each_evidence_type_under_a_generated_name(
    client, settings, lead_official, action, log_data, name
):
    kind = {"jpeg": "jpg"}.get(name.rsplit(".", 1)[1].lower(), name.rsplit(".", 1)[1].lower())
    client.force_login(lead_official)

    response = log(client, action, log_data, evidence_file=factories.evidence_file(name, kind=kind))

    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert update.evidence_filename == name
    stored = update.evidence_file.name
    assert re.fullmatch(
        rf"evidence/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{kind if kind != 'jpg' else 'jpe?g'}", stored
    )
    assert update.evidence_file.read() == factories.evidence_bytes(kind)


def test_log_progress_with_link_and_file(client, lead_official, action, log_data):
    client.force_login(lead_official)

    log(
        client,
        action,
        {**log_data, "evidence_url": "https://example.org/notice"},
        evidence_file=factories.evidence_file("Notice.pdf"),
    )

    update = StatusUpdate.objects.get()
    assert (update.evidence_url, update.evidence_filename) == ("https://example.org/notice", "Notice.pdf")


# Evidence download ---------------------------------------------------------------------------------------


def test_evidence_download_streams_file_under_original_name(client, reviewer, update_with_file):
    client.force_login(reviewer)

    response = client.get(reverse("tracker:evidence-download", args=[update_with_file.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Draft rules.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == factories.evidence_bytes("pdf")


def test_evidence_download_anonymous_goes_to_login(client, update_with_file):
    url = reverse("tracker:evidence-download", args=[update_with_file.pk])

    response = client.get(url)

    assert response.url == f"{reverse('login')}?next={url}"


def test_evidence_download_missing_is_404(
    client, reviewer, update_with_file, action, lead_official, statuses
):
    without_file = status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=50,
        reported_on=TODAY(),
        narrative="No file.",
        author=lead_official,
    )
    update_with_file.evidence_file.storage.delete(update_with_file.evidence_file.name)
    client.force_login(reviewer)

    assert client.get(reverse("tracker:evidence-download", args=[without_file.pk])).status_code == 404
    assert client.get(reverse("tracker:evidence-download", args=[update_with_file.pk])).status_code == 404
    assert client.get(reverse("tracker:evidence-download", args=[999999])).status_code == 404


# Corrections ---------------------------------------------------------------------------------------------


def test_correction_keeps_both_updates_and_action_follows_the_correction(
    client, lead_official, action, log_data, statuses
):
    wrong = status_update_create(
        action=action,
        status=statuses["completed"],
        progress=100,
        reported_on=TODAY(),
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
        reported_on=TODAY(),
        narrative="Wrong.",
        author=lead_official,
    )
    status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=40,
        reported_on=TODAY(),
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


# CSRF ----------------------------------------------------------------------------------------------------


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


def test_login_without_csrf_token_is_refused(lead_official):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "lead-official", "password": factories.PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


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


def test_csv_saved_by_chinese_excel_is_accepted():
    from tracker.uploads import validate_evidence_file

    content = "年份,值\n2017,1.5\n".encode("gb18030")
    validate_evidence_file(factories.evidence_file("数据.csv", content=content))


@pytest.mark.django_db
def test_correction_form_starts_from_the_corrected_update(client, lead_official, action, update_with_file):
    client.force_login(lead_official)
    page = client.get(f"{log_url(action)}?corrects={update_with_file.pk}")
    form = page.context["form"]
    assert "Correct an update" in page.content.decode()
    assert (form["narrative"].value(), form["progress"].value()) == ("Draft rules published.", 40)
