"""A reviewer finds two strategies side by side: the overview, one strategy's dashboard, and the list of every
strategy's actions filtered by strategy, in English and Chinese, on a laptop and on a phone.

Drives Debian's Chromium through Playwright against live_server; screenshots go to tests/screenshots/.
"""

from pathlib import Path

import pytest

from tracker.models import Action, Status

from . import factories
from .conftest import SCREENSHOTS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PLAN_B = Path(__file__).parent / "data" / "plan-b"

# serialized_rollback: a transactional test's flush drops the groups that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").last.click()


def fits(page, width):
    # Nothing may stick out sideways (wide tables scroll inside their own box).
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_reviewer_moves_between_two_strategies(browser, live_server, report_and_plan_b, reviewer):
    from playwright.sync_api import expect

    author = factories.UserFactory(username="li.wei")
    for code, status, progress in [("1.1", "in-progress", 40), ("2.5", "delayed", 20)]:
        factories.status_update(
            Action.objects.get(strategy__code="plan-b", code=code),
            Status.objects.get(code=status),
            progress=progress,
            author=author,
        )
    factories.status_update(
        Action.objects.get(strategy__code="ta9036", code="2.5"),
        Status.objects.get(code="completed"),
        author=author,
    )
    page = browser.new_page(viewport=DESKTOP, locale="en-GB")
    sign_in(page, live_server, reviewer)

    page.wait_for_url(f"{live_server.url}/")  # several strategies: the overview
    cards = page.locator(".strategy-card")
    expect(cards).to_have_count(2)
    assert "Port and logistics plan (test data)" in cards.nth(0).inner_text()
    assert "North Yellow Sea" in cards.nth(1).inner_text()
    assert "Asian Development Bank · published December 2017" in cards.nth(1).inner_text()
    page.screenshot(path=SCREENSHOTS / "strategies_1_overview.png", full_page=True)

    cards.nth(0).get_by_role("link", name="Port and logistics plan (test data)").click()
    page.wait_for_url(f"{live_server.url}/s/plan-b/")
    assert page.title() == "Dashboard · Plan B · Policy Tracker"
    assert page.locator(".breadcrumb").inner_text().split() == ["Strategies", "Plan", "B"]
    expect(page.locator(".figure-number").first).to_have_text("2")
    page.screenshot(path=SCREENSHOTS / "strategies_2_dashboard.png", full_page=True)

    page.get_by_role("link", name="Actions", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/s/plan-b/actions/")
    page.get_by_role("link", name="Actions of every strategy").click()
    page.wait_for_url(f"{live_server.url}/actions/")
    expect(page.locator("#action-results [role=status]")).to_have_text("35 actions match.")
    assert "Choose one strategy to filter by its categories." in page.locator("#action-filter").inner_text()
    page.get_by_label("Plan B").check()  # the whole page loads again, with plan B's categories
    page.wait_for_url(f"{live_server.url}/actions/?strategy=plan-b&per_page=25")
    expect(page.locator("#action-results [role=status]")).to_have_text("2 actions match.")
    page.get_by_label("2. Logistics").check()
    expect(page.locator("#action-results [role=status]")).to_have_text("1 action matches.")
    assert "category=2" in page.url and "strategy=plan-b" in page.url
    page.screenshot(path=SCREENSHOTS / "strategies_3_actions_filtered.png", full_page=True)

    page.set_viewport_size(PHONE)
    for name, url in [("overview", "/"), ("dashboard", "/s/plan-b/"), ("actions", "/actions/")]:
        page.goto(live_server.url + url)
        assert fits(page, PHONE["width"]), name
        page.screenshot(path=SCREENSHOTS / f"strategies_4_phone_{name}.png", full_page=True)

    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    for name, url in [
        ("overview", "/"),
        ("dashboard", "/s/ta9036/"),
        ("actions", "/actions/?strategy=plan-b"),
    ]:
        page.goto(live_server.url + url)
        page.screenshot(path=SCREENSHOTS / f"strategies_5_zh_{name}.png", full_page=True)
    page.goto(f"{live_server.url}/")
    assert "亚洲开发银行 · 2017年12月发布" in page.locator(".strategy-card").nth(1).inner_text()
    page.set_viewport_size(PHONE)
    for name, url in [("overview", "/"), ("actions", "/actions/")]:
        page.goto(live_server.url + url)
        assert fits(page, PHONE["width"]), name
        page.screenshot(path=SCREENSHOTS / f"strategies_6_zh_phone_{name}.png", full_page=True)
