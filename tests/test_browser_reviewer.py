"""A reviewer signs in, reads the dashboard, filters the action list, downloads it, opens an action (issue 3).

Drives Debian's Chromium through Playwright against live_server; screenshots go to tests/screenshots/.
"""

import csv
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.services import series_progress_refresh

from . import factories
from .conftest import SCREENSHOTS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# serialized_rollback: the flush after this test must not take the groups the migrations created with it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def strategy(statuses):
    """A small strategy shaped like the report's: seven categories, a dozen actions, two compared series."""
    today = timezone.localdate()
    days = datetime.timedelta
    factories.StrategyFactory(
        title="Strategy for Liaoning North Yellow Sea Regional Cooperation and Development",
        short_title="ADB TA-9036",
        published_on=datetime.date(2017, 12, 1),
        source_document="ADB TA-9036, Technical Report 5 (December 2017)",
    )
    names = [
        "Economic Structure",
        "Attracting Foreign Trade and Investment",
        "Managing Foreign Trade and Investment",
        "Redundant Construction and Overcapacity",
        "SOE Management",
        "Port Management",
        "Demographic Trends",
    ]
    categories = [factories.CategoryFactory(code=str(n), name=name) for n, name in enumerate(names, 1)]
    categories[
        3
    ].description = "Cut the capacity that the market does not need and keep utilisation within 80–85%."
    categories[3].save()
    agencies = [
        factories.AgencyFactory(code="LPDRC", name="Liaoning Development and Reform Commission"),
        factories.AgencyFactory(code="LDOC", name="Liaoning Department of Commerce"),
        factories.AgencyFactory(code="SASAC", name="Liaoning State-owned Assets Supervision Commission"),
        factories.AgencyFactory(code="LPG", name="Liaoning Port Group"),
    ]
    author = factories.UserFactory(username="li.wei", first_name="Li", last_name="Wei")
    plan = [
        # code, category, lead, title, status, progress, due in days
        ("1.1", 0, 0, "Raise R&D spending to 2–3% of GDP", "in-progress", 40, 300),
        ("1.2", 0, 1, "Develop the 18 advantage industries", "delayed", 20, -30),
        ("2.1", 1, 1, "Open the Hushitai zone to foreign investors", "completed", 100, -100),
        ("2.2", 1, 1, "Cut approval time from 35 to 15 days", "in-progress", 60, 90),
        ("3.1", 2, 1, "Publish a negative list for foreign investment", None, 0, -10),
        ("4.1", 3, 0, "Close outdated steel capacity", "delayed", 30, -60),
        ("4.2", 3, 2, "Stop new redundant construction projects", "in-progress", 50, 200),
        ("4.3", 3, 0, "Merge cement producers", "discontinued", 10, 100),
        ("5.1", 4, 2, "Separate SOE ownership from regulation", "in-progress", 45, 365),
        ("6.1", 5, 3, "Integrate the ports of Dalian and Yingkou", "delayed", 25, -5),
        ("6.2", 5, 3, "Raise Dandong throughput", None, 0, 500),
        ("7.1", 6, 1, "Keep graduates in the province", "not-started", 0, 700),
    ]
    actions = {}
    for code, category, lead, title, status, progress, due in plan:
        action = factories.ActionFactory(
            code=code,
            title=title,
            category=categories[category],
            lead_agency=agencies[lead],
            due_date=today + days(due),
            description=f"{title}, as the strategy recommends.",
            source_paragraphs="¶127, item 2",
        )
        factories.ActionSupportFactory(action=action, agency=agencies[(lead + 1) % 4])
        if status:
            factories.status_update(
                action, statuses["not-started"], progress=0, reported_on=today - days(120), author=author
            )
            factories.status_update(action, statuses[status], progress=progress, author=author)
        actions[code] = action
    national = factories.SeriesFactory(
        code="CU-CN", name="Capacity utilisation", geography="China", unit="%", source="¶53, NBS"
    )
    liaoning = factories.SeriesFactory(
        code="CU-LN",
        name="Capacity utilisation",
        geography="Liaoning",
        unit="%",
        source="¶53, NBS",
        comparison=national,
        notes="The report calls 80–85% a reasonable range.",
    )
    for year, ln, cn in [
        (2011, 78.2, 79.6),
        (2012, 75.1, 77.5),
        (2013, 72.4, 75.8),
        (2014, 70.3, 74.9),
        (2015, 66.8, 73.7),
        (2016, 68.5, 72.4),
    ]:
        factories.ObservationFactory(
            series=liaoning, start_year=year, end_year=year, value=str(ln), decimals=1
        )
        factories.ObservationFactory(
            series=national, start_year=year, end_year=year, value=str(cn), decimals=1
        )
    factories.TargetFactory(series=liaoning, value=None, low="80", high="85", source="¶53")
    factories.ActionSeriesFactory(
        action=actions["4.1"], series=liaoning, expected_effect="Utilisation should climb back into 80–85%."
    )
    series_progress_refresh(series_ids=[liaoning.pk, national.pk])
    return actions


def visible_codes(page):
    return [
        cell.inner_text().strip() for cell in page.locator("#action-results tbody tr td:first-child").all()
    ]


def test_reviewer_filters_exports_and_opens_an_action(browser, live_server, reviewer, strategy, tmp_path):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + reverse("tracker:home"))
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").last.click()

    page.wait_for_url(live_server.url + factories.url("strategy-detail"))  # the only strategy, straight away
    assert "North Yellow Sea" in page.locator("h1").inner_text()
    assert "Asian Development Bank · published December 2017" in page.locator("main header").inner_text()
    assert page.locator(".status-bar").count() == 1 + 7 + 4  # overall, categories, lead agencies
    page.screenshot(path=SCREENSHOTS / "reviewer_1_dashboard.png", full_page=True)

    page.get_by_role("link", name="Actions", exact=True).first.click()
    page.wait_for_url(live_server.url + factories.url("action-list"))
    assert len(visible_codes(page)) == 12
    page.get_by_label("4. Redundant Construction and Overcapacity").check()
    expect(page.locator("#action-results [role=status]")).to_have_text("3 actions match.")
    assert visible_codes(page) == ["4.1", "4.2", "4.3"]
    page.get_by_label("Delayed").check()
    expect(page.locator("#action-results [role=status]")).to_have_text("1 action matches.")
    assert visible_codes(page) == ["4.1"]
    expect(page.locator("#active-filters")).to_have_text("2 active")
    assert (
        page.url == live_server.url + factories.url("action-list") + "?category=4&status=delayed&per_page=25"
    )
    page.get_by_label("4. Redundant Construction and Overcapacity").uncheck()
    expect(page.locator("#action-results [role=status]")).to_have_text("3 actions match.")
    assert visible_codes(page) == ["1.2", "4.1", "6.1"]
    page.locator("#action-results th a", has_text="Due").click()  # sort in place
    expect(page.locator("#action-results tbody tr td:first-child").first).to_have_text("4.1")
    assert visible_codes(page) == ["4.1", "1.2", "6.1"]  # earliest due first
    assert "sort=due_date" in page.url
    page.screenshot(path=SCREENSHOTS / "reviewer_2_list_filtered.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:6] == ["Strategy", "Code", "Title", "Category", "Lead agency", "Status"]
    assert [row[1] for row in rows[1:]] == visible_codes(page)
    assert {row[0] for row in rows[1:]} == {"plan-a"}
    assert download.value.suggested_filename == f"plan-a-actions-{timezone.localdate():%Y-%m-%d}.csv"

    page.get_by_role("link", name="Close outdated steel capacity").click()
    page.wait_for_url(live_server.url + factories.url("action-detail", "4.1"))
    chart = page.locator("figure.chart img")
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")  # the SVG loaded and drew
    svg = page.request.get(live_server.url + chart.get_attribute("src")).text()
    assert 'aria-label="Capacity utilisation (Liaoning)"' in svg and "Target range: 80–85" in svg
    assert "Log progress" not in page.content()
    page.screenshot(path=SCREENSHOTS / "reviewer_3_action.png", full_page=True)

    page.get_by_role("link", name="Capacity utilisation (Liaoning)").click()
    page.wait_for_url(live_server.url + reverse("indicators:series-detail", args=["CU-LN"]))
    expect(page.locator("figure.chart img")).to_be_visible()
    expect(page.locator("#progress-heading")).to_contain_text("Deterioration")  # 78.2 (2011) -> 68.5 (2016)
    page.screenshot(path=SCREENSHOTS / "reviewer_4_series.png", full_page=True)
    page.goto(live_server.url + factories.url("category-detail", "4"))
    page.screenshot(path=SCREENSHOTS / "reviewer_5_category.png", full_page=True)

    page.set_viewport_size(PHONE)
    for name, url in [
        ("dashboard", factories.url("strategy-detail")),
        ("list", factories.url("action-list")),
        ("action", factories.url("action-detail", "4.1")),
    ]:
        page.goto(live_server.url + url)
        # Nothing may stick out sideways on a phone (wide tables scroll inside their own box).
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=SCREENSHOTS / f"reviewer_6_phone_{name}.png", full_page=True)


def test_reviewer_filters_the_list_without_javascript(browser, live_server, reviewer, strategy):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").last.click()
    page.goto(live_server.url + factories.url("action-list"))

    page.get_by_label("6. Port Management").check()
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Apply filters").click()

    page.wait_for_url("**/actions/?**")
    assert visible_codes(page) == ["6.1"]
    assert "category=6" in page.url and "overdue=on" in page.url
    context.close()
