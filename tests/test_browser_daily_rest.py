"""The rest of issue 13 in a browser: the correction form's table of what it changes without JavaScript
(the server fills it in), and a series page in Chinese with its figures in 亿元. Screenshots go to
tests/screenshots/daily_rest_*.

Drives Debian's Chromium through Playwright against live_server.
"""

import datetime

import pytest
from django.utils import timezone

from tracker.models import StatusUpdate
from tracker.services.updates import status_update_create

from .conftest import SCREENSHOTS
from .test_browser_daily import LAPTOP, sign_in

# serialized_rollback: a transactional test's flush drops the groups that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_correction_shows_what_it_changes_without_javascript(
    browser, live_server, action, lead_official, statuses
):
    wrong = status_update_create(
        action=action,
        status=statuses["completed"],
        progress=100,
        reported_on=timezone.localdate() - datetime.timedelta(days=1),
        narrative="Marked complete by mistake.",
        author=lead_official,
    )
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, lead_official)
    page.goto(f"{live_server.url}{action.get_log_url()}?corrects={wrong.pk}")

    page.get_by_label("Status").select_option(label="In progress (on track)")
    page.get_by_label("Progress (%)").fill("45")
    page.get_by_label("Why correct it").fill("Not finished after all.")
    page.get_by_role("button", name="Show what it changes").click()
    page.wait_for_load_state()
    page.screenshot(path=SCREENSHOTS / "daily_rest_correction_preview_nojs.png", full_page=True)

    rows = page.locator("table.correction-diff tbody tr")
    assert rows.nth(0).locator("td").all_inner_texts() == ["Completed", "In progress (on track)"]
    assert rows.nth(1).locator("td").all_inner_texts() == ["100%", "45%"]
    assert [rows.nth(n).get_attribute("class") for n in range(3)] == ["table-warning", "table-warning", None]
    assert StatusUpdate.objects.count() == 1

    page.get_by_role("button", name="Log this update").click()
    page.wait_for_load_state()
    assert StatusUpdate.objects.filter(corrects=wrong, progress=45).exists()
    context.close()


def test_series_page_in_chinese_shows_yi_yuan(browser, live_server, reviewer, report):
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, live_server, reviewer)
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])

    page.goto(f"{live_server.url}/indicators/LN-GDP/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SCREENSHOTS / "daily_rest_series_zh_yi_yuan.png", full_page=True)

    last = page.locator("table.observation-table tbody tr").last
    assert last.locator("td").all_inner_texts()[:2] == ["23942", "亿元"]
