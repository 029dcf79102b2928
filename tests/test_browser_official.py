"""An official signs in, opens My actions, logs an update with a PDF and sees it head the history (issue 4).

Drives Debian's Chromium through Playwright against live_server; screenshots go to tests/screenshots/.
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.models import Action, StatusUpdate

from . import factories
from .conftest import SCREENSHOTS

# serialized_rollback: a transactional test's flush drops the groups that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_official_logs_update_with_pdf_and_sees_it_head_the_history(
    browser, live_server, tmp_path, lead_official, lead_agency, statuses, reason
):
    today = timezone.localdate()
    action = factories.ActionFactory(
        code="2.3",
        title="Open the Hushitai zone to foreign investors",
        lead_agency=lead_agency,
        start_date=today - datetime.timedelta(days=400),
        due_date=today - datetime.timedelta(days=10),
    )
    factories.ActionFactory(code="2.4", title="Cut approval time from 35 to 15 days", lead_agency=lead_agency)
    lead_official.first_name, lead_official.last_name = "Li", "Wei"
    lead_official.save()
    pdf = tmp_path / "Investment guide 2024.pdf"
    pdf.write_bytes(factories.evidence_bytes("pdf"))
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(lead_official.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.screenshot(path=SCREENSHOTS / "official_1_login.png", full_page=True)
    page.get_by_role("button", name="Log in").last.click()

    page.wait_for_url(live_server.url + reverse("tracker:my-actions"))
    overdue = page.locator("section#overdue")
    assert "2.3" in overdue.inner_text()
    page.screenshot(path=SCREENSHOTS / "official_2_my_actions.png", full_page=True)
    overdue.get_by_role("link", name="Log progress").first.click()

    page.wait_for_url(live_server.url + factories.log_url(action))
    page.get_by_label("Status").select_option(label="Delayed")
    assert page.get_by_label("Progress (%)").input_value() == "50"  # prefilled by the status's default
    page.get_by_role("button", name="Log this update").click()  # no narrative, no reason: refused

    assert page.locator("#id_narrative_error").inner_text() == "This field is required."
    assert "needs a reason" in page.locator("#id_reason_error").inner_text()
    assert StatusUpdate.objects.count() == 0
    page.screenshot(path=SCREENSHOTS / "official_3_log_form_errors.png", full_page=True)
    page.get_by_label("Progress (%)").fill("35")
    page.get_by_label("What has happened").fill(
        "The investment guide is published; the zone opens next quarter."
    )
    page.get_by_label("Evidence file").set_input_files(pdf)
    page.get_by_label("Reason", exact=True).select_option(label=reason.name)
    page.get_by_label("Reason details").fill("The provincial budget was released late.")
    page.screenshot(path=SCREENSHOTS / "official_4_log_form.png", full_page=True)
    page.get_by_role("button", name="Log this update").click()

    page.wait_for_url(live_server.url + action.get_absolute_url())
    page.screenshot(path=SCREENSHOTS / "official_5_action_history.png", full_page=True)
    update = StatusUpdate.objects.get()
    assert (update.status, update.progress, update.evidence_filename) == (
        statuses["delayed"],
        35,
        "Investment guide 2024.pdf",
    )
    assert Action.objects.get(pk=action.pk).status == statuses["delayed"]
    assert "Your update on action 2.3 has been logged." in page.get_by_role("status").first.inner_text()
    first = page.locator("ol.update-list > li").first
    assert "The investment guide is published" in first.inner_text()
    assert "Investment guide 2024.pdf" in first.inner_text()
    with page.expect_download() as download:
        first.get_by_role("link", name="Investment guide 2024.pdf").click()
    assert download.value.suggested_filename == "Investment guide 2024.pdf"
    assert Path(download.value.path()).read_bytes() == factories.evidence_bytes("pdf")
