"""Daily use on a phone and a laptop (issue 13): on a 390 px phone no page scrolls sideways and lists of
actions are cards; on a 1366 px laptop the same pages fit too. Screenshots go to tests/screenshots/daily_*.

Drives Debian's Chromium through Playwright against live_server.
"""

import datetime

import pytest
from django.utils import timezone

from tracker.models import Action, Agency, ReasonCode, Status
from tracker.services.updates import status_update_create

from . import factories
from .conftest import SCREENSHOTS

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# serialized_rollback: a transactional test's flush drops the groups that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Whatever scrolls sideways: the page itself, or a box inside it (a table in .table-responsive).
SIDEWAYS = """
() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push("page " + root.scrollWidth);
  for (const element of document.querySelectorAll("body *")) {
    if (!element.offsetParent && getComputedStyle(element).position !== "fixed") continue;
    const overflow = getComputedStyle(element).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && element.scrollWidth > element.clientWidth + 1) {
      found.push(element.tagName.toLowerCase() + "." + element.className + " " + element.scrollWidth);
    }
  }
  return found;
}
"""


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").last.click()
    page.wait_for_load_state()


@pytest.fixture
def report_official(report):
    """The report loaded, an official of the provincial finance department with a few updates logged."""
    official = factories.official(Agency.objects.get(code="LPDF"), username="daily-official")
    statuses = {status.code: status for status in Status.objects.all()}
    today = timezone.localdate()
    # LPDF leads 1.2 and supports the others.
    theirs = Action.objects.filter(strategy__code="ta9036", code__in=["1.2", "5.2", "7.1", "7.2"]).order_by(
        "code"
    )
    for action, status, progress in zip(
        theirs, ["delayed", "in-progress", "completed", "not-started"], [30, 60, 100, 0], strict=False
    ):
        status_update_create(
            action=action,
            status=statuses[status],
            progress=progress,
            reported_on=today - datetime.timedelta(days=3),
            narrative="The working group met. " * (60 if status == "delayed" else 2),
            reason=ReasonCode.objects.get(code="funding") if statuses[status].needs_reason else None,
            reason_text="Budget cycle." if statuses[status].needs_reason else "",
            author=official,
        )
    return official


PAGES = [
    ("my_actions", "/my-actions/"),
    ("action_list", "/s/ta9036/actions/"),
    ("action", None),  # the first action the official leads
    ("log_form", "log"),
    ("overview", "/"),
    ("dashboard", "/s/ta9036/"),
    ("categories", "/s/ta9036/categories/"),
    ("category", "/s/ta9036/categories/3/"),
    ("all_actions", "/actions/"),
    ("indicators", "/indicators/"),
    ("series", "/indicators/LN-FDI/"),
]


def page_urls(action):
    for name, url in PAGES:
        if url is None:
            url = action.get_absolute_url()
        elif url == "log":
            url = action.get_log_url()
        yield name, url


def test_no_page_scrolls_sideways_on_a_phone_or_a_laptop(browser, live_server, report_official):
    action = Action.objects.filter(lead_agency__code="LPDF").order_by("code").first()
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server, report_official)
    problems = {}
    for size_name, size in (("390", PHONE), ("1366", LAPTOP)):
        page.set_viewport_size(size)
        for name, url in page_urls(action):
            page.goto(live_server.url + url)
            page.wait_for_load_state()
            page.screenshot(path=SCREENSHOTS / f"daily_1_{size_name}_{name}.png", full_page=True)
            sideways = page.evaluate(SIDEWAYS)
            if sideways:
                problems[f"{size_name} {name}"] = sideways
    (SCREENSHOTS / "daily_1_sideways.txt").write_text(repr(problems))
    assert problems == {}


def test_phone_lists_actions_as_cards_with_their_main_button(browser, live_server, report_official):
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server, report_official)

    page.goto(f"{live_server.url}/my-actions/")
    card = page.locator(".action-cards .action-card").first
    button = card.get_by_role("link", name="Log progress")
    box = button.bounding_box()
    assert card.is_visible() and not page.locator(".my-actions-table").first.is_visible()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    page.goto(f"{live_server.url}/s/ta9036/actions/")
    assert page.locator(".action-cards .action-card").count() == 25
    assert not page.locator("table.action-table").is_visible()
    page.screenshot(path=SCREENSHOTS / "daily_2_phone_action_cards.png")

    page.set_viewport_size(LAPTOP)
    assert page.locator("table.action-table").is_visible()
    assert not page.locator(".action-cards").is_visible()
