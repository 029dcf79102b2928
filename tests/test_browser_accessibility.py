"""Accessibility (issue 13, point 10): axe-core (inside axe-playwright-python, no CDN) finds no serious or
critical violation on any page type, in English and in Chinese; its results are saved next to the
screenshots (tests/screenshots/axe_<language>_<page>.json). The log progress form and the list's filters work
with the keyboard alone.
"""

import json

import pytest

from tracker.models import Action, StatusUpdate

from .conftest import SCREENSHOTS
from .test_browser_daily import LAPTOP, page_urls, sign_in
from .test_browser_daily import report_official as report_official  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SERIOUS = {"serious", "critical"}


def test_no_serious_accessibility_violation_on_any_page_type(browser, live_server, report_official):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    action = Action.objects.get(strategy__code="ta9036", code="1.2")
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, live_server, report_official)
    found = {}
    for language in ("en", "zh-hans"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for name, url in page_urls(action):
            page.goto(live_server.url + url)
            page.wait_for_load_state()
            results = axe.run(page)
            violations = results.response["violations"]
            (SCREENSHOTS / f"axe_{language}_{name}.json").write_text(
                json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            serious = [
                (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
                for v in violations
                if v["impact"] in SERIOUS
            ]
            if serious:
                found[f"{language} {name}"] = serious
    assert found == {}


def test_log_progress_and_filters_with_the_keyboard_alone(browser, live_server, report_official):
    action = Action.objects.get(strategy__code="ta9036", code="5.2")
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, live_server, report_official)

    page.goto(live_server.url + action.get_log_url())
    page.locator("#id_status").focus()
    page.keyboard.press("Home")  # the select's first status ("Not started" comes after the empty choice)
    page.keyboard.press("ArrowDown")
    # On through progress (the status's default is filled in) and the date (today by default).
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_narrative":
            break
    assert page.evaluate("document.activeElement.id") == "id_narrative"
    page.keyboard.type("Agreed the disposal list with the finance department.")
    page.screenshot(path=SCREENSHOTS / "daily_3_keyboard_log_form.png", full_page=True)
    page.keyboard.press("Tab")
    for _ in range(20):
        if page.evaluate("document.activeElement.type") == "submit":
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert page.url.endswith(action.get_absolute_url())
    update = StatusUpdate.objects.filter(action=action).latest_first().first()
    assert update.narrative == "Agreed the disposal list with the finance department."

    page.goto(f"{live_server.url}/s/ta9036/actions/")
    page.get_by_label("Search").focus()
    page.keyboard.type("SOE")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=SOE**")
    page.wait_for_load_state()
    assert "q=SOE" in page.url
    codes = page.locator("table.action-table tbody tr td:nth-child(1)").all_inner_texts()
    assert codes and all(code.startswith("5.") for code in codes), codes
    page.screenshot(path=SCREENSHOTS / "daily_4_keyboard_filters.png", full_page=True)
