"""A reviewer works through a reporting round in the browser: the round's page, an assessment, a question on
the agency's report, and the round report's print view in English and Chinese.

The PDF the browser downloads is drawn page by page with pdfium (pypdfium2, from pip) and its first page saved
beside the screenshots; its text is checked in test_round_report.py.
"""

import pypdfium2
import pytest

from tracker.models import Action, Review, ReviewMessage, Status
from tracker.services.rounds import round_close, round_open

from . import factories
from .conftest import SCREENSHOTS

A4 = {"width": 794, "height": 1123}  # A4 at 96 dpi
DESKTOP = {"width": 1280, "height": 900}


def save_first_pdf_page(page, url, language):
    """Download the PDF as the signed-in browser would and save its first page as a picture."""
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.body())
    image = pdf[0].render(scale=1.5).to_pil()
    image.save(SCREENSHOTS / f"round-report-pdf-{language}.png")
    # Something is drawn: a blank page would be one colour.
    assert len(image.convert("L").getcolors(maxcolors=256 * 256) or []) > 2


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").last.click()


def test_reviewer_assesses_asks_and_prints_the_round_report(
    browser, live_server, report, reviewer, administrator
):
    from playwright.sync_api import expect

    action = Action.objects.select_related("strategy", "lead_agency").get(strategy__code="ta9036", code="2.1")
    official = factories.official(action.lead_agency, username="li.wei")
    first = round_open(
        round=factories.RoundFactory(strategy=action.strategy, name="2026 Q1", name_zh_hans="2026年第一季度")
    )
    factories.status_update(
        action,
        Status.objects.get(code="in-progress"),
        progress=30,
        author=official,
        agency=action.lead_agency,
    )
    round_close(round=first, user=administrator)
    second = round_open(
        round=factories.RoundFactory(strategy=action.strategy, name="2026 Q2", name_zh_hans="2026年第二季度")
    )
    factories.status_update(
        action,
        Status.objects.get(code="delayed"),
        progress=30,
        author=official,
        agency=action.lead_agency,
        reason_text="需要与发展改革委协调。",
    )
    page = browser.new_page(viewport=DESKTOP, locale="en-GB")
    sign_in(page, live_server, reviewer)

    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    row = page.locator("tr.round-line", has_text="2.1")
    expect(row.locator(".report-state")).to_have_text("Submitted")
    page.screenshot(path=SCREENSHOTS / "round-detail.png", full_page=True)
    row.get_by_role("link", name="Assess").click()
    page.get_by_label("Minor delay").check()
    page.get_by_label("Partly supported").check()
    page.get_by_label("Comment").fill("The approvals are not yet filed.")
    page.screenshot(path=SCREENSHOTS / "round-review-form.png", full_page=True)
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".alert-success")).to_contain_text("Your review of action 2.1 is saved.")
    assert Review.objects.get().rating == "minor_delay"

    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    page.get_by_text("Ask the reporting agency a question").first.click()
    page.get_by_label("Your message").first.fill("Which approvals are missing?")
    page.get_by_role("button", name="Send the question").first.click()
    expect(page.locator(".review-message-question")).to_contain_text("Which approvals are missing?")
    assert ReviewMessage.objects.get().author == reviewer
    page.screenshot(path=SCREENSHOTS / "round-question.png", full_page=True)

    page.goto(f"{live_server.url}/s/ta9036/rounds/compare/")
    page.screenshot(path=SCREENSHOTS / "round-compare.png", full_page=True)

    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/s/ta9036/rounds/{second.pk}/report/")
    expect(page.locator("h1")).to_contain_text("Round report: 2026 Q2")
    expect(page.locator(".navbar")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS / "round-report-print-en.png")  # the first page as printed
    save_first_pdf_page(page, f"{live_server.url}/s/ta9036/rounds/{second.pk}/report.pdf", "en")

    page.emulate_media(media="screen")  # the language menu is not printed
    page.get_by_role("button", name="简体中文").click()
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_contain_text("轮次报告：2026年第二季度")
    expect(page.locator("#late-heading")).to_have_text("逾期或缺失的报告")
    page.screenshot(path=SCREENSHOTS / "round-report-print-zh.png")
    save_first_pdf_page(page, f"{live_server.url}/s/ta9036/rounds/{second.pk}/report.pdf", "zh")
