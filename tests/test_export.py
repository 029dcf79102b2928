import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from core.resources import neutralise

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
