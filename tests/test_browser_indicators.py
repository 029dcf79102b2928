"""A reviewer reads the report's indicators: verdicts, stale figures, charts as images, figure cards, a span
drawn as a span, the open data, in English and Chinese and at phone width (issue 11)."""

import csv

import pytest

from . import factories
from .conftest import SCREENSHOTS

# serialized_rollback: a transactional test's flush drops the groups that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def chart_drawn(page):
    """Every chart on the page loaded and drew (they load lazily, when scrolled into view)."""
    images = page.locator("figure.chart img").all()
    for image in images:
        image.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    return bool(images) and all(
        image.evaluate("image => image.complete && image.naturalWidth > 0") for image in images
    )


def test_reviewer_reads_the_report_indicators(browser, live_server, report, tmp_path):
    from playwright.sync_api import expect

    factories.UserFactory(username="reader")
    page = browser.new_page(viewport=DESKTOP, locale="en-GB")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").last.click()
    page.wait_for_url(f"{live_server.url}/s/ta9036/")  # the only strategy's dashboard
    expect(page.locator("#evidence-heading")).to_have_text("Indicators")
    assert "63 of 63 series have nothing from" in page.content()
    page.screenshot(path=SCREENSHOTS / "indicators_1_dashboard.png", full_page=True)

    page.goto(f"{live_server.url}/indicators/")
    page.get_by_label("Progress", exact=True).select_option("deterioration")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/indicators/?**progress=deterioration**")
    assert page.locator("tbody tr").count() == 13
    with page.expect_download() as download:
        page.get_by_role("link", name="SDMX-CSV").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    with path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert {row["INDICATOR"] for row in rows} >= {"LN-FDI", "LN-FAI"} and len(
        {r["INDICATOR"] for r in rows}
    ) == 13
    page.screenshot(path=SCREENSHOTS / "indicators_2_list_deteriorating.png", full_page=True)

    page.goto(f"{live_server.url}/indicators/LN-GDP/")
    assert chart_drawn(page)
    expect(page.locator("#progress-heading")).to_contain_text("Moderate progress")
    page.screenshot(path=SCREENSHOTS / "indicators_3_series_chart.png", full_page=True)

    page.goto(f"{live_server.url}/indicators/CN-GDP-GROWTH/")  # 1991-2000 drawn as a span
    assert chart_drawn(page)
    page.screenshot(path=SCREENSHOTS / "indicators_4_series_span.png", full_page=True)

    page.goto(f"{live_server.url}/indicators/LN-CAPACITY-UTIL-LOW/")  # one figure: a card, not a chart
    expect(page.locator(".figure-card")).to_contain_text("70")
    assert page.locator("figure.chart").count() == 0
    page.screenshot(path=SCREENSHOTS / "indicators_5_series_card.png", full_page=True)

    page.goto(f"{live_server.url}/s/ta9036/actions/3.7/")
    assert chart_drawn(page)
    page.screenshot(path=SCREENSHOTS / "indicators_6_action.png", full_page=True)

    page.get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/indicators/LN-FDI/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.locator("#progress-heading")).to_contain_text("情况恶化")
    assert chart_drawn(page)
    page.screenshot(path=SCREENSHOTS / "indicators_7_series_zh.png", full_page=True)

    page.set_viewport_size(PHONE)
    for name, url in [
        ("list", "/indicators/"),
        ("series", "/indicators/LN-FDI/"),
        ("card", "/indicators/LN-FDI-ICT/"),
    ]:
        page.goto(live_server.url + url)
        # Nothing may stick out sideways on a phone (wide tables scroll inside their own box).
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        page.screenshot(path=SCREENSHOTS / f"indicators_8_phone_{name}_zh.png", full_page=True)
