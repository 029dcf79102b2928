"""In a real browser: an official makes an API token on the account page, and the API's documentation page
(Swagger UI from the app's own static files) renders under the strict Content-Security-Policy."""

import pytest

from tracker.models import Agency, ApiToken

from . import factories
from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def console_of(page) -> list[str]:
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_official_makes_a_token_and_reads_the_api_documentation(browser, live_server, report):
    factories.official(Agency.objects.get(code="LNDOC"), username="official")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    console = console_of(page)
    sign_in(page, live_server, "official")

    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Task system")
    page.get_by_role("button", name="Make a token").click()
    key = page.locator("#new-token code").inner_text()
    page.screenshot(path=SCREENSHOTS / "api_1_new_token.png", full_page=True)
    assert ApiToken.objects.get().prefix == key[:8]

    page.get_by_role("link", name="API tokens").click()  # seen again: the key is gone, the token listed
    assert page.locator("#new-token").count() == 0
    assert page.get_by_role("cell", name="Task system").is_visible()

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_load_state("networkidle")
    operation = page.locator(
        ".opblock-summary-path", has_text="/api/v1/strategies/{strategy}/actions/{code}/updates/"
    )
    operation.first.wait_for(timeout=15000)
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Policy Tracker API")
    page.locator(".opblock-post").first.locator(".opblock-summary").click()
    page.get_by_text("Log progress on an action").first.wait_for()
    page.screenshot(path=SCREENSHOTS / "api_2_documentation.png", full_page=False)

    assert [text for text in console if "Content Security Policy" in text] == []


def test_token_page_in_chinese_on_a_phone(browser, live_server):
    user = factories.UserFactory(username="reviewer")
    factories.UserFactory(username="other")
    from tracker.services.tokens import api_token_create, api_token_revoke

    api_token_create(user=user, name="笔记本")
    old, _ = api_token_create(user=user, name="旧脚本")
    api_token_revoke(token=old)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("reviewer")
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/accounts/tokens/")

    assert page.get_by_role("heading", name="API 令牌").is_visible()
    assert page.get_by_role("button", name="吊销").count() == 1
    page.screenshot(path=SCREENSHOTS / "api_3_tokens_zh_phone.png", full_page=True)
