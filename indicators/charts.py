"""Charts of indicator series, drawn on the server as SVG by pygal: no JavaScript, no CDN.

What the charts promise the reader:
- a year is drawn across its year, and a span of years (an average or total over 1991-2000) as a horizontal
  segment over those years, never as a point joined to single years; lines join consecutive years only;
- a series with a single observation is not charted at all: the page shows it as a figure card;
- targets are drawn over their period (a dashed line for a value, a shaded band for a range), across the whole
  plot when the strategy gives them no date;
- milestones (such as a strategy's publication) are vertical lines, and the status updates of the actions
  meant to move the series are dots along the bottom of the plot, both at their dates;
- colours are the Okabe–Ito palette, which colour-blind readers tell apart, and line styles differ as well.

The SVG is served at its own address (indicators.views.series_chart_svg), never inline, because pygal styles
it with a <style> element that a strict Content-Security-Policy forbids in pages.
"""

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import pygal
from django.utils.html import escape
from django.utils.translation import gettext as _
from pygal.style import Style

from .models import as_printed

# Okabe–Ito: blue, vermillion, bluish green, black, reddish purple.
SERIES_COLOUR = "#0072B2"
COMPARISON_COLOUR = "#D55E00"
TARGET_COLOUR = "#009E73"
MILESTONE_COLOUR = "#000000"
EVENT_COLOUR = "#CC79A7"

STYLE_OPTIONS = dict(
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif",
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    opacity=".9",
    opacity_hover="1",
    title_font_size=17,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    value_font_size=14,
    tooltip_font_size=13,
    stroke_width="3",
    # Light, solid guides, so that only the target is drawn dashed.
    guide_stroke_color="#dee2e6",
    major_guide_stroke_color="#ced4da",
    guide_stroke_dasharray="0",
    major_guide_stroke_dasharray="0",
)
SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
DASHED = {"width": 3, "dasharray": "10, 6"}
DOTTED = {"width": 2, "dasharray": "3, 4"}

WIDTH = 480
MARGIN = 8
SPACING = 10
# Room pygal does not keep for the y-axis labels and title, which push the legend to the right.
LEGEND_INDENT = 120


class _XY(pygal.XY):
    def _static_value(self, serie_node, value, x, y, metadata, align_text="left", classes=None):
        # pygal writes a printed value below and to the right of its point (x and y are one font size
        # further on), where it can fall on the axis; level with the point it reads as the point's label,
        # and near the right edge it goes on the point's left.
        size = self.style.value_font_size
        y -= size
        if x > self.view.width * 0.8:
            x, align_text = x - 2 * size, "end"
        super()._static_value(serie_node, value, x, y, metadata, align_text, classes)


def _number(value) -> str:
    """A figure without trailing zeros: Decimal("85.000000") -> "85"."""
    if isinstance(value, Decimal):
        return str(as_printed(value, None))
    return f"{value:,.10g}"


def _text_width(text: str, font_size: float) -> float:
    """About how wide `text` is drawn: Chinese characters take a full em, Latin letters a little over half."""
    return sum(font_size if unicodedata.east_asian_width(char) in "WF" else 0.62 * font_size for char in text)


def _wrap(text: str, width: float, font_size: float) -> str:
    """`text` broken into lines (joined by newlines) that fit `width`: between words, or between Chinese
    characters. pygal only breaks at spaces, counting every character as half an em wide, so Chinese titles
    run out of the picture."""
    tokens = re.findall(
        r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+", text
    )
    lines, line = [], ""
    for token in tokens:
        wide = unicodedata.east_asian_width(token[0]) in "WF"
        glue = "" if not line or wide or unicodedata.east_asian_width(line[-1]) in "WF" else " "
        if line and _text_width(line + glue + token, font_size) > width:
            lines.append(line)
            line = token
        else:
            line += glue + token
    return "\n".join([*lines, line])


def _fit(text: str, width: float, font_size: float) -> str:
    """`text` cut short with an ellipsis where it would be wider than `width`."""
    if _text_width(text, font_size) <= width:
        return text
    while text and _text_width(text + "…", font_size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class Marker:
    """Something that happened on a date: a status update (an event) or a strategy's publication (a
    milestone). The tracker feeds them through indicators.markers."""

    date: datetime.date
    label: str


def target_text(target, series) -> str:
    """One target of `series` in words, as the page shows its figures: "80–85 %" or "2 % by 2020"."""
    text = f"{series.shown_target(target)} {series.shown_unit}".strip()
    if target.period:
        text = _("%(target)s by %(period)s") % {"target": text, "period": target.period}
    return text


def age_text(end_year: int, today: datetime.date | None = None) -> str:
    """How old a figure for `end_year` is, in words: "this year", "1 year old", "9 years old"."""
    from django.utils.translation import ngettext

    years = (today or datetime.date.today()).year - end_year
    if years <= 0:
        return _("this year")
    return ngettext("%(years)d year old", "%(years)d years old", years) % {"years": years}


def _extent(start_year: int, end_year: int) -> tuple[float, float]:
    """Where a period runs on the time axis: a year covers [year, year + 1)."""
    return float(start_year), float(end_year + 1)


def _at(date: datetime.date) -> float:
    """A date on the time axis: its year plus the part of the year gone by."""
    first = datetime.date(date.year, 1, 1)
    days = (datetime.date(date.year + 1, 1, 1) - first).days
    return date.year + (date - first).days / days


def _line(observations, series) -> list:
    """pygal points of a series: single years joined only to the next year, each span a segment of its own
    with a dot in its middle; a None between pieces (allow_interruptions) keeps them apart."""
    points, previous_year = [], None
    # Single years first, so that a span listed among them does not break their line.
    for obs in sorted(observations, key=lambda o: (o.start_year != o.end_year, o.start_year, o.end_year)):
        value = float(series.shown(obs.value, obs.decimals))
        if obs.start_year == obs.end_year:
            if previous_year is not None and obs.start_year != previous_year + 1:
                points.append(None)
            points.append({"value": (obs.start_year + 0.5, value), "label": obs.period})
            previous_year = obs.start_year
        else:
            left, right = _extent(obs.start_year, obs.end_year)
            end = {"node": {"r": 0}, "label": obs.period}  # the ends of a span are not observations
            points += [
                None,
                {"value": (left, value), **end},
                {"value": ((left + right) / 2, value), "label": obs.period},
                {"value": (right, value), **end},
                None,
            ]
            previous_year = None
    while points and points[-1] is None:
        points.pop()
    return points


def _legend_labels(series, comparison) -> tuple[str, str]:
    """Short names for the series and its comparison in the legend: the chart's title already says what is
    measured, so the places are enough to tell the lines apart; the full names only when the places are
    the same."""
    if comparison is None:
        return series.geography or series.name, ""
    if series.geography and comparison.geography and series.geography != comparison.geography:
        return series.geography, comparison.geography
    return series.title, comparison.title


def _target_label(targets, series) -> str:
    if len(targets) == 1:
        target = targets[0]
        if target.value is not None:
            label = _("Target: %(value)s") % {"value": series.shown_target(target)}
        else:
            label = _("Target range: %(low)s–%(high)s") % {
                "low": _number(series.shown(target.low)),
                "high": _number(series.shown(target.high)),
            }
        return f"{label} ({target.period})" if target.period else label
    return _("Targets")


def chart_form(observations) -> str:
    """How a series is shown: "chart" (two observations or more), "card" (one figure) or "none"."""
    count = len(observations)
    return "chart" if count > 1 else "card" if count == 1 else "none"


def series_chart(
    series, observations, comparison_observations=(), targets=(), *, events=(), milestones=(), today=None
) -> str:
    """The series as an SVG line chart (text), with its comparison series, targets, milestones and events.

    Everything is passed in already fetched. `events` and `milestones` are Markers. Returns "" when there
    are fewer than two observations: such a series is shown as a figure card instead.
    """
    observations = sorted(observations, key=lambda o: (o.start_year, o.end_year))
    if chart_form(observations) != "chart":
        return ""
    comparison_observations = list(comparison_observations)
    comparison = series.comparison if comparison_observations else None
    targets = list(targets)
    events = sorted(events, key=lambda marker: marker.date)
    milestones = sorted(milestones, key=lambda marker: marker.date)

    extents = [_extent(o.start_year, o.end_year) for o in [*observations, *comparison_observations]]
    extents += [_extent(t.start_year, t.end_year) for t in targets if t.end_year is not None]
    extents += [(_at(m.date), _at(m.date)) for m in [*events, *milestones]]
    left = float(math.floor(min(low for low, _high in extents)))
    right = float(math.ceil(max(high for _low, high in extents)))
    first_year, last_year = int(left), int(right) - 1
    x_labels = [{"value": year + 0.5, "label": str(year)} for year in range(first_year, last_year + 1)]

    values = [float(series.shown(o.value)) for o in observations]
    values += [float(comparison.shown(o.value)) for o in comparison_observations]
    values += [float(series.shown(v)) for t in targets for v in (t.value, t.low, t.high) if v is not None]
    pad = (max(values) - min(values)) * 0.08 or abs(max(values)) * 0.05 or 1
    bottom, top = min(values) - pad * (2 if events else 1), max(values) + pad

    title = series.title
    main_label, comparison_label = _legend_labels(series, comparison)
    legend_width = WIDTH - 2 * MARGIN - LEGEND_INDENT - STYLE_OPTIONS["legend_font_size"]
    legend_rows = (
        1 + (comparison is not None) + bool(targets) + len({m.label for m in milestones}) + bool(events)
    )
    show_legend = legend_rows > 1  # a lone line is named by the chart's title
    wrapped_title = _wrap(title, WIDTH - 2 * MARGIN - 2 * SPACING, STYLE_OPTIONS["title_font_size"])
    latest = max(observations, key=lambda o: (o.end_year, o.start_year))

    colours, layers = [], []
    css = ["file://style.css", "file://graph.css"]  # pygal's own, which a css option replaces

    def layer(colour, label, points, **options):
        colours.append(colour)
        layers.append((_fit(label, legend_width, STYLE_OPTIONS["legend_font_size"]), points, options))
        return len(layers) - 1

    layer(SERIES_COLOUR, main_label, _line(observations, series), allow_interruptions=True)
    if comparison is not None:
        layer(
            COMPARISON_COLOUR,
            comparison_label,
            _line(comparison_observations, comparison),
            allow_interruptions=True,
        )
    if targets:
        shapes = []
        for target in targets:
            x0, x1 = _extent(target.start_year, target.end_year) if target.end_year else (left, right)
            if target.value is not None:
                value = float(series.shown(target.value))
                shapes += [(x0, value), (x1, value), None]
            else:
                low, high = float(series.shown(target.low)), float(series.shown(target.high))
                shapes += [(x0, low), (x1, low), (x1, high), (x0, high), (x0, low), None]
        index = layer(
            TARGET_COLOUR,
            _target_label(targets, series),
            shapes[:-1],
            stroke_style=DASHED,
            show_dots=False,
            allow_interruptions=True,
        )
        # A range is a closed outline: shaded, it reads as a band (pygal fills only down to an axis).
        css.append(f"inline:.serie-{index} .line {{ fill: {TARGET_COLOUR} !important; fill-opacity: .12 }}")
    for label in dict.fromkeys(m.label for m in milestones):
        lines = []
        for marker in milestones:
            if marker.label == label:
                lines += [(_at(marker.date), bottom), (_at(marker.date), top), None]
        layer(
            MILESTONE_COLOUR,
            label,
            lines[:-1],
            stroke_style=DOTTED,
            show_dots=False,
            allow_interruptions=True,
        )
    if events:
        layer(
            EVENT_COLOUR,
            _("Status updates of linked actions"),
            [{"value": (_at(m.date), bottom + pad * 0.6), "label": m.label} for m in events],
            stroke=False,
            dots_size=5,
        )

    chart = _XY(
        style=Style(colors=tuple(colours), **STYLE_OPTIONS),
        css=css,
        width=WIDTH,
        height=300 + 21 * legend_rows * show_legend + 22 * wrapped_title.count("\n"),
        title=wrapped_title,
        x_title=_("Latest figure %(period)s, %(age)s")
        % {"period": latest.period, "age": age_text(latest.end_year, today)},
        y_title=series.shown_unit,
        js=[],
        disable_xml_declaration=True,
        show_legend=show_legend,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        # The labels are fitted here, where Chinese characters are counted as wide as they are.
        truncate_legend=-1,
        truncate_label=-1,
        x_labels=x_labels,
        xrange=(left, right),
        x_labels_major_every=max(1, -(-len(x_labels) // 6)),
        show_minor_x_labels=False,
        x_value_formatter=lambda x: str(int(x)),
        value_formatter=_number,
        include_x_axis=False,
        range=(bottom, top),  # the targets stay inside the plot
        max_scale=8,  # pygal's default of up to 16 guides crowds the y-axis of a short range
        dots_size=4,
        margin=MARGIN,
        # pygal places the legend one spacing lower than the room it keeps for it.
        margin_bottom=MARGIN + SPACING * show_legend,
        margin_right=MARGIN + 12,  # half a year label may stand past the plot's right edge
        spacing=SPACING,
    )
    for label, points, options in layers:
        chart.add(label, points, **options)
    svg = chart.render(is_unicode=True)
    # pygal always writes its configuration into a <script>, even with js=[]; the chart needs no script.
    svg = SCRIPT_RE.sub("", svg)
    # Screen readers announce the chart by its title; the figures are also in a table on the page.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
