"""The round report as a PDF, drawn by ReportLab (installed from pip alone) in the reader's language.

Chinese is set in ReportLab's built-in CID font STSong-Light: the server needs no font file, and the PDF names
the font without embedding it, so readers show it with their own Chinese font (as every PDF reader does for
Adobe's standard Asian fonts)."""

import io
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"


def _fonts() -> tuple[str, str]:
    """The regular and bold fonts for the active language."""
    if (translation.get_language() or "").startswith("zh"):
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        return CJK_FONT, CJK_FONT  # the CID font has no bold face
    return LATIN_FONT, LATIN_BOLD


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    # Chinese wraps between any two characters.
    wrap = "CJK" if regular == CJK_FONT else None
    base = {"fontName": regular, "alignment": TA_LEFT, "wordWrap": wrap}
    return {
        "title": ParagraphStyle("title", **{**base, "fontName": bold}, fontSize=16, leading=20, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", **{**base, "fontName": bold}, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
        ),
        "body": ParagraphStyle("body", **base, fontSize=9, leading=12),
        "small": ParagraphStyle("small", **base, fontSize=7.5, leading=9.5),
        "sample": ParagraphStyle(
            "sample",
            **base,
            fontSize=9,
            leading=12,
            textColor=colors.HexColor("#664d03"),
            backColor=colors.HexColor("#fff3cd"),
        ),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _chart(bars, regular: str) -> Drawing:
    """The status mix: one horizontal bar per status, with its name and count."""
    row, width = 16, 460
    drawing = Drawing(width, max(len(bars), 1) * row + 4)
    top = len(bars) * row
    for index, bar in enumerate(bars):
        y = top - (index + 1) * row + 4
        drawing.add(String(0, y + 3, bar.label, fontName=regular, fontSize=8))
        drawing.add(
            Rect(150, y, max(bar.width * 260, 1), 11, fillColor=colors.HexColor(bar.colour), strokeColor=None)
        )
        drawing.add(String(150 + bar.width * 260 + 5, y + 3, str(bar.count), fontName=regular, fontSize=8))
    return drawing


def round_report_pdf(report: dict) -> bytes:
    """The PDF of `report` (round_queries.round_report), in the active language."""
    regular, bold = _fonts()
    styles = _styles(regular, bold)
    round, strategy, summary = report["round"], report["strategy"], report["summary"]
    date = lambda value: formats.date_format(value, "DATE_FORMAT")  # noqa: E731
    story = []
    if round.is_sample:
        story += [
            _p(
                _("Sample content.") + " " + _("This round was made up by the demo; it is not real data."),
                styles["sample"],
            ),
            Spacer(1, 4),
        ]
    story += [
        _p(strategy.title, styles["small"]),
        _p(_("Round report: %(name)s") % {"name": round.name}, styles["title"]),
        _p(
            _("Covers %(start)s to %(end)s; reports are due by %(deadline)s.")
            % {
                "start": date(round.period_start),
                "end": date(round.period_end),
                "deadline": date(round.deadline),
            },
            styles["body"],
        ),
    ]
    if round.is_closed:
        story.append(
            _p(
                _("Closed on %(closed)s: this page shows the round as it stood then.")
                % {"closed": date(round.closed_at)},
                styles["body"],
            )
        )
    else:
        story.append(_p(_("The round is still open: the figures may change."), styles["body"]))
    story.append(_p(_("Summary"), styles["h2"]))
    figures = [
        [
            _p(_("Reports expected"), styles["small"]),
            _p(_("Submitted"), styles["small"]),
            _p(_("Late or missing"), styles["small"]),
            _p(_("Reviewed"), styles["small"]),
        ],
        [
            _p(summary.expected, styles["title"]),
            _p(summary.submitted, styles["title"]),
            _p(summary.late_or_missing, styles["title"]),
            _p(summary.reviewed, styles["title"]),
        ],
    ]
    story.append(Table(figures, colWidths=[42 * mm] * 4, hAlign="LEFT"))
    story.append(_p(_("Status mix"), styles["h2"]))
    story.append(_chart(report["chart"], regular))
    if summary.reviewed:
        story.append(
            _p(
                _("Reviews:") + " " + " · ".join(f"{label} {count}" for label, count in summary.by_rating),
                styles["body"],
            )
        )
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#adb5bd")),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    head = [_("Action"), _("Status"), _("Progress"), _("Round report"), _("Review"), _("Reason for a delay")]
    widths = [58 * mm, 26 * mm, 14 * mm, 22 * mm, 30 * mm, 30 * mm]
    for category, lines in report["categories"]:
        story.append(_p(str(category), styles["h2"]))
        rows = [[_p(text, styles["small"]) for text in head]]
        for line in lines:
            state = str(line.state_label)
            if line.corrected_after_close:
                state += " · " + _("Corrected after the round closed")
            review = f"{line.rating_label} · {line.evidence_label}" if line.rating else "—"
            rows.append(
                [
                    _p(f"{line.action.code} {line.action.title} ({line.lead_agency.label})", styles["small"]),
                    _p(line.status.name if line.status else _("No update yet"), styles["small"]),
                    _p(f"{line.progress}%", styles["small"]),
                    _p(state, styles["small"]),
                    _p(review, styles["small"]),
                    _p(line.reason or "—", styles["small"]),
                ]
            )
        story.append(Table(rows, colWidths=widths, repeatRows=1, style=grid, hAlign="LEFT"))
    story.append(_p(_("Late or missing reports"), styles["h2"]))
    if report["late"]:
        for line in report["late"]:
            story.append(
                _p(
                    f"{line.action.code} {line.action.title} — {line.lead_agency.name}: {line.state_label}",
                    styles["body"],
                )
            )
    else:
        story.append(_p(_("None: every report came in by the deadline."), styles["body"]))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Round report: %(name)s") % {"name": round.name},
        author=strategy.label,
    )
    document.build(story)
    return buffer.getvalue()
