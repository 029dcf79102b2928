"""In a real browser: the Content-Security-Policy blocks nothing pages need; the lockout page reads well."""

import pytest

from tracker.models import Action

from . import factories
from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = ["/", "/actions/", "/categories/", "/my-actions/", "/admin/", "/admin/tracker/action/",
         "/admin/tracker/action/import/", "/accounts/two-factor/"]  # fmt: skip


def csp_violations(page) -> list[str]:
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def test_pages_break_no_rule_of_the_content_security_policy(browser, live_server, report):
    factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    console = csp_violations(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=SCREENSHOTS / "security_1_login.png", full_page=True)
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    action = Action.objects.order_by("code").first()
    page.goto(f"{live_server.url}/admin/tracker/action/{action.pk}/change/")
    page.screenshot(path=SCREENSHOTS / "security_2_action_admin.png", full_page=True)
    page.goto(f"{live_server.url}/accounts/two-factor/")
    page.screenshot(path=SCREENSHOTS / "security_3_two_factor.png", full_page=True)

    assert [text for text in console if "Content Security Policy" in text] == []


def test_lockout_page_in_chinese_on_a_phone(browser, live_server):
    factories.UserFactory(username="official")
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    for _attempt in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill("official")
        page.get_by_label("密码").fill("wrong")
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()

    assert page.get_by_role("heading", name="登录已暂停").is_visible()
    page.screenshot(path=SCREENSHOTS / "security_4_locked_out_zh_phone.png", full_page=True)
