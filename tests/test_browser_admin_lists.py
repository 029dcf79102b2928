"""The admin's lists on a 1366 px laptop (issue 13, point 7), in English and Chinese: the action list's title
column is readable, the long agency filters are folded until used, and the status-update list shows
corrections and fits the width. Screenshots go to tests/screenshots/admin_lists_*.

Drives Debian's Chromium through Playwright against live_server.
"""

import pytest
from django.utils import timezone

from tracker.models import Action, Agency, Status
from tracker.services.updates import status_update_create

from . import factories
from .conftest import SCREENSHOTS
from .test_browser_daily import LAPTOP, SIDEWAYS, sign_in

# serialized_rollback: a transactional test's flush drops the groups that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Narrower than this, a title of 60 characters breaks into more than three lines.
READABLE_TITLE_PX = 200


@pytest.fixture
def report_with_corrections(report):
    """The report loaded, with a few updates by an official of the provincial finance department, one of
    them corrected."""
    finance = Agency.objects.get(code="LPDF")
    official = factories.official(finance, username="admin-lists-official")
    statuses = {status.code: status for status in Status.objects.all()}
    today = timezone.localdate()
    actions = Action.objects.filter(strategy__code="ta9036", lead_agency__code="LPDF").order_by("code")
    for action in actions[:3]:
        status_update_create(
            action=action,
            status=statuses["in-progress"],
            progress=30,
            reported_on=today,
            narrative="Working group set up.",
            author=official,
            agency=finance,
        )
    wrong = status_update_create(
        action=actions[0],
        status=statuses["completed"],
        progress=100,
        reported_on=today,
        narrative="Marked complete by mistake.",
        author=official,
        agency=finance,
    )
    status_update_create(
        action=actions[0],
        status=statuses["in-progress"],
        progress=40,
        reported_on=today,
        narrative="Still under way.",
        author=official,
        agency=finance,
        corrects=wrong,
        correction_reason="Marked complete by mistake.",
    )


def measure(page, live_server, model, language) -> list[str]:
    """Open the admin's list of `model`, save its screenshot, and return what scrolls sideways on it."""
    page.goto(f"{live_server.url}/admin/tracker/{model}/")
    page.screenshot(path=SCREENSHOTS / f"admin_lists_{model}_{language}.png", full_page=True)
    return page.evaluate(SIDEWAYS)


def test_admin_lists_fit_a_laptop_in_both_languages(
    browser, live_server, administrator, report_with_corrections
):
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, live_server, administrator)
    problems, title_widths = {}, {}
    for language in ("en", "zh-hans"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        problems[f"actions {language}"] = measure(page, live_server, "action", language)
        title_widths[language] = page.locator("th.column-short_title").bounding_box()["width"]
        problems[f"updates {language}"] = measure(page, live_server, "statusupdate", language)
    measures = f"{problems!r}\ntitle column px: {title_widths!r}\n"
    (SCREENSHOTS / "admin_lists_measures.txt").write_text(measures)

    assert problems == {"actions en": [], "updates en": [], "actions zh-hans": [], "updates zh-hans": []}
    assert min(title_widths.values()) >= READABLE_TITLE_PX


def test_agency_filter_folded_until_used(browser, live_server, administrator, report_with_corrections):
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, live_server, administrator)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/tracker/action/")
    agencies = page.locator("#changelist-filter details.folded-filter")
    finance = agencies.get_by_role("link", name="LPDF · Liaoning Provincial Department of Finance")
    folded = finance.is_visible()

    agencies.locator("summary").click()
    finance.click()
    page.wait_for_load_state()
    page.screenshot(path=SCREENSHOTS / "admin_lists_agency_filter_en.png", full_page=True)

    assert not folded
    assert (
        page.locator("#result_list tbody tr").count()
        == Action.objects.filter(lead_agency__code="LPDF").count()
    )
    # Narrowing the list, the filter stays open and shows its choice.
    assert agencies.get_attribute("open") is not None
    assert agencies.locator("li.selected").inner_text() == "LPDF · Liaoning Provincial Department of Finance"
