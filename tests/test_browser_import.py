"""The admin's import page in a real browser, in English and Chinese: the columns explained on the page, and
a checked file's summary before its rows, with the unchanged rows folded until opened (no script).
Screenshots go to tests/screenshots/import_*."""

import pytest

from . import factories
from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FILE = (
    "series,period,value,source_ref,note\n"
    "LN-GDP,2012,2.0,Yearbook 2013,\n"
    "LN-GDP,2013,5.0,Yearbook 2014,\n"
    "LN-GDP,2014,7.3,Yearbook 2015,revised\n"
    "LN-GDP,2015,3.0,Yearbook 2016,\n"
)


@pytest.mark.parametrize(("language", "locale", "words"), [
    ("en", "en-GB", {"log_in": "Log in", "file": "File to import", "submit": "Submit", "summary": "Summary"}),
    ("zh", "zh-CN", {"log_in": "登录", "file": "导入文件", "submit": "提交", "summary": "汇总"}),
])  # fmt: skip
def test_import_page_shows_summary_then_rows_with_unchanged_folded(
    browser, live_server, administrator, tmp_path, language, locale, words
):
    series = factories.SeriesFactory(code="LN-GDP", name="GDP growth", direction="up")
    for year, value, source in [(2012, "2.0", "Yearbook 2013"), (2013, "5.0", "Yearbook 2014")]:
        factories.ObservationFactory(
            series=series, start_year=year, end_year=year, value=value, decimals=1, source_ref=source
        )
    factories.ObservationFactory(
        series=series, start_year=2014, end_year=2014, value="6.9", decimals=1, source_ref="Yearbook 2015"
    )
    upload = tmp_path / "observations.csv"
    upload.write_text(FILE, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale=locale)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(administrator.username)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name=words["log_in"]).last.click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/admin/indicators/observation/import/")
    assert page.locator("table.import-columns code", has_text="period").is_visible()
    page.screenshot(path=SCREENSHOTS / f"import_1_form_{language}.png", full_page=True)
    page.get_by_label(words["file"]).set_input_files(upload)
    page.locator("input[type=submit]").last.click()
    page.wait_for_load_state()

    summary = page.locator("ul.import-summary")
    assert summary.is_visible()
    heading = page.get_by_role("heading", name=words["summary"])
    written = page.locator("table.import-preview").first
    assert heading.bounding_box()["y"] < written.bounding_box()["y"]
    assert written.locator("tbody tr").count() == 2  # 2014 changed, 2015 new
    folded = page.locator("details.import-unchanged")
    assert folded.locator("tbody tr").first.is_hidden()
    page.screenshot(path=SCREENSHOTS / f"import_2_summary_{language}.png", full_page=True)
    folded.locator("summary").click()
    assert folded.locator("tbody tr").count() == 2 and folded.locator("tbody tr").first.is_visible()
    page.screenshot(path=SCREENSHOTS / f"import_3_unchanged_opened_{language}.png", full_page=True)
    assert [text for text in console if "Content Security Policy" in text] == []
