import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.resources import neutralise
from tracker import action_export
from tracker.models import Action

from . import factories

LIST = ["Strategy", "Code", "Title", "Category", "Lead agency", "Status", "Progress", "Due", "Last update"]
BRIEFING = [
    "Latest narrative",
    "Reason",
    "Supporting agencies",
    "Evidence link",
    "Indicator series (latest figure)",
]
HEADER = LIST + BRIEFING
DAYS = datetime.timedelta(days=1)


def content(response) -> bytes:
    """The whole file of an export, which is streamed (and so can be read once: kept for the next call)."""
    assert response.streaming
    if not hasattr(response, "whole_file"):
        response.whole_file = b"".join(response.streaming_content)
    return response.whole_file


def csv_rows(response):
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))


def xlsx_rows(response, sheet="Actions"):
    book = openpyxl.load_workbook(io.BytesIO(content(response)))
    return [[cell.value for cell in row] for row in book[sheet].iter_rows()]


def test_export_csv_rows_equal_filtered_list(reviewer_client, catalogue):
    query = {"category": "1"}
    listed = reviewer_client.get(factories.url("action-list"), query)

    response = reviewer_client.get(factories.url("action-export", "csv"), query)

    today = timezone.localdate()
    due = (today - datetime.timedelta(days=365)).isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="plan-a-actions-{today:%Y-%m-%d}.csv"'
    assert [row[: len(LIST)] for row in csv_rows(response)] == [
        LIST,
        [
            "plan-a",
            "1.1",
            "Raise R&D",
            "1. Economic Structure",
            "Agency A",
            "In progress (on track)",
            "40",
            due,
            today.isoformat(),
        ],
        [
            "plan-a",
            "1.2",
            "Cut red tape",
            "1. Economic Structure",
            "Agency B",
            "Completed",
            "100",
            due,
            today.isoformat(),
        ],
    ]
    assert [row[1] for row in csv_rows(response)[1:]] == [
        row.record.code for row in listed.context["table"].paginated_rows
    ]


def test_export_xlsx_rows_equal_filtered_list_in_its_order(reviewer_client, catalogue):
    query = {"status": ["none", "delayed", "in-progress"], "sort": "-code"}

    response = reviewer_client.get(factories.url("action-export", "xlsx"), query)

    rows = xlsx_rows(response)
    assert rows[0] == HEADER
    assert [row[1] for row in rows[1:]] == ["2.2", "2.1", "1.1"]
    assert rows[1][5 : len(LIST)] == [
        "No update yet",
        0,
        datetime.datetime.combine(catalogue["2.2"].due_date, datetime.time()),
        None,
    ]


def test_export_has_every_matching_row_not_one_page(reviewer_client, statuses):
    category = factories.CategoryFactory(code="5")
    for number in range(30):
        factories.ActionFactory(code=f"5.{number + 1:02}", category=category)

    response = reviewer_client.get(
        factories.url("action-export", "csv"), {"category": "5", "per_page": "10", "page": "2"}
    )

    assert [row[1] for row in csv_rows(response)[1:]] == [f"5.{number + 1:02}" for number in range(30)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_formula_cells(reviewer_client, statuses, fmt):
    for code, title in [
        ("1.1", '=HYPERLINK("http://evil")'),
        ("1.2", "+1"),
        ("1.3", "-2"),
        ("1.4", "@SUM(A1)"),
    ]:
        factories.ActionFactory(code=code, title=title, category=factories.CategoryFactory(code="1"))

    response = reviewer_client.get(factories.url("action-export", fmt))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert [row[2] for row in rows[1:]] == ['\'=HYPERLINK("http://evil")', "'+1", "'-2", "'@SUM(A1)"]


def test_export_xlsx_stores_text_cells_as_text_not_formulas(reviewer_client, statuses):
    factories.ActionFactory(code="1.1", title="=1+1")

    response = reviewer_client.get(factories.url("action-export", "xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(content(response)))["Actions"]
    assert [cell.data_type for cell in sheet[2]][:3] == ["s", "s", "s"]


def test_neutralise_leaves_other_values_alone():
    assert [neutralise(value) for value in ["Plan", "", 12, None, -3, "\tx"]] == [
        "Plan",
        "",
        12,
        None,
        -3,
        "'\tx",
    ]


def test_export_anonymous_redirected_to_login(client, db):
    response = client.get(factories.url("action-export", "csv"))

    assert response.status_code == 302


def test_export_xlsx_is_ready_to_read(reviewer_client, statuses):
    factories.ActionFactory(code="1.1", title="辽宁省" * 10)

    response = reviewer_client.get(factories.url("action-export", "xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(content(response)))["Actions"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["C"].width == 60  # thirty Chinese characters, capped


def test_export_carries_what_a_briefing_needs(reviewer_client, catalogue, lead_official, statuses, reason):
    action = catalogue["2.1"]
    factories.ActionSupportFactory(
        action=action, agency=factories.AgencyFactory(code="S1", name="Port office")
    )
    series = factories.SeriesFactory(code="LN-PORT", name="Port throughput", unit="million t")
    factories.ObservationFactory(series=series, start_year=2016, end_year=2016, value="412.5", decimals=1)
    factories.ActionSeriesFactory(action=action, series=series)
    factories.status_update(
        action,
        statuses["delayed"],
        progress=30,
        narrative="Berths wait for approval.",
        reason=reason,
        reason_text="Budget cycle.",
        evidence_url="https://example.org/ports",
    )

    rows = csv_rows(reviewer_client.get(factories.url("action-export", "csv"), {"category": "2"}))

    assert rows[0] == HEADER
    by_code = {row[1]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert {key: by_code["2.1"][key] for key in BRIEFING} == {
        "Latest narrative": "Berths wait for approval.",
        "Reason": "Funding — Budget cycle.",
        "Supporting agencies": "Agency A; Port office",
        "Evidence link": "https://example.org/ports",
        "Indicator series (latest figure)": "LN-PORT Port throughput: 412.5 million t (2016)",
    }
    assert by_code["2.1"]["Strategy"] == "plan-a"
    assert not rows[0][0].startswith("#")  # CSV stays plain: no comment lines


def test_export_xlsx_opens_on_an_about_sheet_with_filters_and_time(reviewer_client, catalogue):
    before = timezone.localtime().replace(tzinfo=None, microsecond=0)

    response = reviewer_client.get(factories.url("action-export", "xlsx"), {"category": "1", "overdue": "on"})

    book = openpyxl.load_workbook(io.BytesIO(content(response)))
    assert book.sheetnames == ["About", "Actions"]
    about = {row[0]: row[1] for row in xlsx_rows(response, "About")}
    assert about["Strategy"] == catalogue["1.1"].strategy.title
    assert about["Category"] == "1. Economic Structure"
    assert about["Overdue only"] == "Yes"
    assert about["Rows"] == len(xlsx_rows(response)) - 1
    assert before - datetime.timedelta(minutes=1) <= about["As of"] <= before + datetime.timedelta(minutes=1)


def test_export_lists_every_supporting_agency_by_name(reviewer_client, statuses):
    action = factories.ActionFactory(code="1.1")
    for name in ["Port office", "Customs", "Finance bureau"]:
        factories.ActionSupportFactory(action=action, agency=factories.AgencyFactory(name=name))

    rows = csv_rows(reviewer_client.get(factories.url("action-export", "csv")))

    assert rows[1][HEADER.index("Supporting agencies")] == "Customs; Finance bureau; Port office"


def test_export_gives_each_linked_series_its_latest_figure(reviewer_client, statuses):
    action = factories.ActionFactory(code="1.1")
    port = factories.SeriesFactory(code="LN-PORT", name="Port throughput", unit="million t")
    factories.ObservationFactory(series=port, start_year=2015, end_year=2015, value="400", decimals=0)
    factories.ObservationFactory(series=port, start_year=2016, end_year=2017, value="412.50", decimals=None)
    factories.ActionSeriesFactory(action=action, series=port)
    factories.ActionSeriesFactory(action=action, series=factories.SeriesFactory(code="LN-GDP", name="GDP"))

    rows = csv_rows(reviewer_client.get(factories.url("action-export", "csv")))

    assert rows[1][HEADER.index("Indicator series (latest figure)")] == (
        "LN-GDP GDP: no figure yet; LN-PORT Port throughput: 412.5 million t (2016-2017)"
    )


def test_export_reads_the_latest_update_no_correction_replaced(reviewer_client, statuses, reason):
    action = factories.ActionFactory(code="1.1")
    today = timezone.localdate()
    factories.status_update(
        action, statuses["in-progress"], narrative="First.", reported_on=today - DAYS * 10
    )
    wrong = factories.status_update(
        action, statuses["in-progress"], narrative="Wrong.", reported_on=today - DAYS * 5
    )
    factories.status_update(
        action,
        statuses["delayed"],
        narrative="Corrected.",
        reported_on=today - DAYS * 7,
        corrects=wrong,
        correction_reason="Wrong date.",
        reason=reason,
        reason_text="Budget cycle.",
    )

    rows = csv_rows(reviewer_client.get(factories.url("action-export", "csv")))

    row = dict(zip(HEADER, rows[1], strict=True))
    assert (row["Status"], row["Latest narrative"], row["Reason"]) == (
        "Delayed",
        "Corrected.",
        "Funding — Budget cycle.",
    )


def test_export_links_an_evidence_file_to_its_download(reviewer_client, update_with_file, settings):
    settings.TRACKER_SITE_URL = "https://tracker.example.org/"

    rows = csv_rows(reviewer_client.get(factories.url("action-export", "csv")))

    assert rows[1][HEADER.index("Evidence link")] == (
        f"https://tracker.example.org/evidence/{update_with_file.pk}/"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_formulas_in_briefing_cells(reviewer_client, statuses, fmt):
    action = factories.ActionFactory(code="1.1")
    factories.ActionSupportFactory(action=action, agency=factories.AgencyFactory(name="=cmd|' /C calc'!A0"))
    factories.ActionSeriesFactory(action=action, series=factories.SeriesFactory(code="-1", name="Loss"))
    factories.status_update(
        action, statuses["in-progress"], narrative="+1 more berth", evidence_url="https://example.org/@x"
    )

    response = reviewer_client.get(factories.url("action-export", fmt))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows[1][len(LIST) :] == [
        "'+1 more berth",
        "" if fmt == "csv" else None,
        "'=cmd|' /C calc'!A0",
        "https://example.org/@x",
        "'-1 Loss: no figure yet",
    ]


def translated(instance, **columns):
    """`instance` with its translation `columns` (such as name_en) set in the database as they are."""
    type(instance).objects.filter(pk=instance.pk).update(**columns)
    instance.refresh_from_db()
    return instance


def _expected_row(action) -> list:
    """An action's export row read from the model instances (whose attributes apply modeltranslation's
    fallbacks), as the export wrote it before it read plain values from the database."""
    update = action.updates.effective().latest_first().first()
    reason = ""
    if update and update.reason:
        reason = f"{update.reason.name} — {update.reason_text}" if update.reason_text else update.reason.name
    figures = []
    for link in action.series_links.order_by("series__code"):
        latest = link.series.observations.order_by("-end_year", "-start_year").first()
        figure = f"{latest.value.normalize():f} {link.series.unit} ({latest.start_year})" if latest else None
        figures.append(f"{link.series.code} {link.series.name}: {figure or gettext('no figure yet')}")
    return [
        action.strategy.code,
        action.code,
        action.title,
        str(action.category),
        action.lead_agency.name,
        action.status.name if action.status else gettext("No update yet"),
        str(action.progress),
        action.due_date.isoformat() if action.due_date else "",
        action.last_reported_on.isoformat() if action.last_reported_on else "",
        update.narrative if update else "",
        reason,
        "; ".join(support.agency.name for support in action.supports.order_by("agency__name")),
        update.evidence_url if update else "",
        "; ".join(figures),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_export_rows_equal_the_models_in_each_language_across_chunks(
    reviewer_client, statuses, reason, monkeypatch, language
):
    monkeypatch.setattr(action_export, "CHUNK_ROWS", 2)  # rows of one action never take another's
    category = translated(factories.CategoryFactory(code="1"), name_en="Ports", name_zh_hans="港口")
    english_only = translated(factories.AgencyFactory(code="EN"), name_en="Customs", name_zh_hans="")
    chinese_only = translated(factories.AgencyFactory(code="ZH"), name_en=None, name_zh_hans="海关")
    both = translated(factories.AgencyFactory(code="BOTH"), name_en="Port office", name_zh_hans="港务局")
    series = translated(factories.SeriesFactory(code="LN-PORT"), name_en="Port", name_zh_hans="港口吞吐量")
    factories.ObservationFactory(series=series, start_year=2016, value="412.5")
    for number, lead in enumerate([english_only, chinese_only, both, both, english_only], start=1):
        action = factories.ActionFactory(code=f"1.{number}", category=category, lead_agency=lead)
        translated(action, title_en=f"Action {number}", title_zh_hans=f"任务{number}" if number % 2 else "")
        for agency in [english_only, chinese_only, both][: number % 4]:
            factories.ActionSupportFactory(action=action, agency=agency)
        if number != 3:
            factories.ActionSeriesFactory(action=action, series=series)
        if number in (2, 3, 5):
            factories.status_update(
                action,
                statuses["delayed" if number == 3 else "in-progress"],
                narrative=f"Update {number}.",
                reason=reason if number == 3 else None,
                reason_text="Budget cycle." if number == 3 else "",
                evidence_url="https://example.org/" if number == 5 else "",
            )
    reviewer_client.cookies["django_language"] = language

    rows = csv_rows(reviewer_client.get(factories.url("action-export", "csv")))

    with translation.override(language):
        actions = Action.objects.order_by("code")
        assert rows[1:] == [_expected_row(action) for action in actions]
        assert rows[0] == [str(header) for header in action_export.headers()]
    assert rows[0][5] == {"en": "Status", "zh-hans": "状态"}[language]
    assert (
        rows[2][2:5]
        == {"en": ["Action 2", "1. Ports", "海关"], "zh-hans": ["Action 2", "1. 港口", "海关"]}[language]
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_same_for_1_and_30_actions(
    reviewer_client, statuses, reason, django_assert_num_queries, fmt
):
    category = factories.CategoryFactory(code="1")
    series = factories.SeriesFactory(code="LN-PORT")
    factories.ObservationFactory(series=series, start_year=2016)

    def add(number):
        action = factories.ActionFactory(code=f"1.{number:02}", category=category)
        factories.ActionSupportFactory(action=action)
        factories.ActionSupportFactory(action=action)
        factories.ActionSeriesFactory(action=action, series=series)
        factories.status_update(
            action, statuses["delayed"], reason=reason, reason_text="Budget.", evidence_url="https://e.org/"
        )

    add(1)
    url = factories.url("action-export", fmt)
    with CaptureQueriesContext(connection) as one:
        assert (
            len(xlsx_rows(reviewer_client.get(url)) if fmt == "xlsx" else csv_rows(reviewer_client.get(url)))
            == 2
        )
    for number in range(2, 31):
        add(number)

    with django_assert_num_queries(len(one)):
        response = reviewer_client.get(url)
        rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)

    assert len(rows) == 31
