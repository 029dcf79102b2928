"""The round report (issue 10): HTML for printing and a PDF in the reader's language, with Chinese set in
ReportLab's built-in CID font; checked by extracting the PDF's text."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tracker.models import Review
from tracker.services.rounds import round_close, round_open

from . import factories
from .test_security import INLINE

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(action, statuses, administrator, reviewer, lead_official):
    """A closed round of two actions: 1.1 reported delayed and reviewed; 1.2 never reported (missing)."""
    factories.ActionFactory(
        code="1.2", category=action.category, lead_agency=action.lead_agency, title="Dredge"
    )
    round = round_open(
        round=factories.RoundFactory(strategy=action.strategy, name="2026 Q1", name_zh_hans="2026年第一季度")
    )
    factories.status_update(
        action,
        statuses["delayed"],
        author=lead_official,
        agency=action.lead_agency,
        reason_text="Land approvals.",
    )
    Review.objects.create(
        round=round, action=action, reviewer=reviewer, rating="minor_delay", evidence="partly"
    )
    return round_close(round=round, user=administrator)


def report_url(round, name="round-report"):
    return reverse(f"tracker:{name}", args=[round.strategy.code, round.pk])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_report_page_shows_figures_categories_and_missing_reports(reviewer_client, closed_round):
    response = reviewer_client.get(report_url(closed_round))

    summary = response.context["summary"]
    assert (summary.expected, summary.submitted, summary.late_or_missing, summary.reviewed) == (2, 1, 1, 1)
    assert [(bar.label, bar.count) for bar in response.context["chart"]] == [
        ("Delayed", 1),
        ("No update yet", 1),
    ]
    assert [line.action.code for line in response.context["late"]] == ["1.2"]
    page = response.content.decode()
    assert "Other — Land approvals." in page
    assert "Minor delay · Partly supported" in page
    assert "<svg" in page
    assert INLINE.findall(page) == []  # the chart's colours are presentation attributes, not style


def test_report_pdf_in_english_names_the_codes(reviewer_client, closed_round):
    response = reviewer_client.get(report_url(closed_round, "round-report-pdf"))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Round report: 2026 Q1" in text
    assert "1.1" in text and "1.2" in text
    assert "Late or missing reports" in text
    assert "Minor delay" in text


def test_report_pdf_in_chinese_has_chinese_headings(reviewer_client, closed_round):
    response = reviewer_client.get(
        report_url(closed_round, "round-report-pdf"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response["Content-Language"] == "zh-hans"
    text = pdf_text(response.content)
    assert "轮次报告：2026年第一季度" in text
    assert "逾期或缺失的报告" in text
    assert "状态构成" in text
    assert "1.1" in text and "1.2" in text
    assert b"STSong-Light" in response.content


@pytest.mark.parametrize("rows", [1, 30])
def test_report_queries_do_not_grow_with_actions(
    reviewer_client, django_assert_num_queries, administrator, statuses, rows
):
    strategy = factories.StrategyFactory()
    category = factories.CategoryFactory(strategy=strategy, code="1")
    agency = factories.AgencyFactory(code="MANY")
    round = round_open(round=factories.RoundFactory(strategy=strategy))
    for number in range(rows):
        action = factories.ActionFactory(category=category, code=f"1.{number}", lead_agency=agency)
        factories.status_update(action, statuses["in-progress"], agency=agency, progress=10)
    round_close(round=round, user=administrator)

    html, pdf = report_url(round), report_url(round, "round-report-pdf")
    # session, user, round, snapshots, corrections, statuses, the groups of the navigation, the menu
    with django_assert_num_queries(8):
        response = reviewer_client.get(html)
    with django_assert_num_queries(6):  # the same less the navigation's two
        reviewer_client.get(pdf)

    assert len(response.context["lines"]) == rows
