"""A reader switches the interface to Chinese with the header's language menu (issue 6)."""

import pytest

from . import factories
from .conftest import SCREENSHOTS

# serialized_rollback: a transactional test's flush drops the groups that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_switches_dashboard_to_chinese_and_back(browser, live_server, report):
    factories.UserFactory(username="reader")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="简体中文").click()

    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text() != ""
    assert page.get_by_text("经济结构").first.is_visible()  # category 1 in Chinese
    page.screenshot(path=SCREENSHOTS / "language_1_dashboard_zh.png", full_page=True)

    page.goto(f"{live_server.url}/actions/")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.screenshot(path=SCREENSHOTS / "language_2_actions_zh.png", full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
