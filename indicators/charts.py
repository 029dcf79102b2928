"""Charts of indicator series, drawn on the server as SVG by pygal: no JavaScript, no CDN."""

import re
import unicodedata
from decimal import Decimal

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from .models import as_printed

# Colours that stay apart for colour-blind readers (Okabe–Ito); the target is also dashed, so colour is not
# the only signal.
SERIES_COLOUR = "#0072B2"
COMPARISON_COLOUR = "#D55E00"
TARGET_COLOUR = "#009E73"

STYLE = Style(
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif",
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    opacity=".9",
    opacity_hover="1",
    colors=(SERIES_COLOUR, COMPARISON_COLOUR, TARGET_COLOUR),
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


def _x(observation) -> float:
    """Where an observation sits on the year axis: its year, or the middle of its span of years."""
    return (observation.start_year + observation.end_year) / 2


def _points(observations):
    return [
        {"value": (_x(obs), float(obs.display_value)), "label": obs.period}
        for obs in sorted(observations, key=_x)
    ]


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


def target_text(series) -> str:
    """The series' target in words: "2–3 % by 2020", "85 %", or "" when it has none."""
    if series.target_value is not None:
        text = f"{_number(series.target_value)} {series.unit}"
    elif series.target_low is not None:
        text = f"{_number(series.target_low)}–{_number(series.target_high)} {series.unit}"
    else:
        return ""
    if series.target_year:
        text = _("%(target)s by %(year)s") % {"target": text, "year": series.target_year}
    return text


def _legend_labels(series, comparison) -> tuple[str, str]:
    """Short names for the series and its comparison in the legend: the chart's title already says what is
    measured, so the places are enough to tell the lines apart; the full names only when the places are
    the same."""
    if comparison is None:
        return series.geography or series.name, ""
    if series.geography and comparison.geography and series.geography != comparison.geography:
        return series.geography, comparison.geography
    return series.title, comparison.title


def series_chart(series, observations, comparison_observations=()) -> str:
    """The series' observations as an inline SVG line chart, with its target and its comparison series.

    `observations` and `comparison_observations` are passed in (already fetched) so that a page with many
    charts fetches them with one prefetch. Returns "" when there is nothing to draw.
    """
    observations = sorted(observations, key=_x)
    if not observations:
        return ""
    comparison_observations = sorted(comparison_observations, key=_x)
    comparison = series.comparison if comparison_observations else None
    xs = [_x(obs) for obs in [*observations, *comparison_observations]]
    if series.target_year and series.has_target:
        xs.append(series.target_year)
    low, high = min(xs), max(xs)
    if low == high:
        # One position only: a year either side, so that the point stands in the middle of the plot and the
        # target crosses it; the axis names only the observed period.
        x_range = (low - 1, high + 1)
        x_labels = [{"value": low, "label": observations[0].period}]
    else:
        # Half a year either side keeps the first and last points (and year labels) off the plot's edges.
        x_range = (low - 0.5, high + 0.5)
        x_labels = list(range(int(low), int(high) + 1))
        if x_labels[-1] < high:
            x_labels.append(x_labels[-1] + 1)

    targets = (series.target_value, series.target_low, series.target_high)
    values = [float(obs.value) for obs in [*observations, *comparison_observations]]
    values += [float(value) for value in targets if value is not None]
    pad = (max(values) - min(values)) * 0.08 or abs(max(values)) * 0.05 or 1

    title = series.title
    main_label, comparison_label = _legend_labels(series, comparison)
    legend_width = WIDTH - 2 * MARGIN - LEGEND_INDENT - STYLE.legend_font_size
    legend_rows = 1 + (comparison is not None) + series.has_target
    show_legend = legend_rows > 1  # a lone line is named by the chart's title
    wrapped_title = _wrap(title, WIDTH - 2 * MARGIN - 2 * SPACING, STYLE.title_font_size)
    chart = _XY(
        style=STYLE,
        width=WIDTH,
        height=300 + 21 * legend_rows * show_legend + 22 * wrapped_title.count("\n"),
        title=wrapped_title,
        x_title=_("Year"),
        y_title=series.unit,
        js=[],
        disable_xml_declaration=True,
        show_legend=show_legend,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        # The labels are fitted here, where Chinese characters are counted as wide as they are.
        truncate_legend=-1,
        truncate_label=-1,
        x_labels=x_labels,
        xrange=x_range,
        x_labels_major_every=max(1, -(-len(x_labels) // 6)),
        show_minor_x_labels=False,
        x_value_formatter=lambda x: str(int(x)) if x == int(x) else f"{x:g}",
        value_formatter=_number,
        include_x_axis=False,
        range=(min(values) - pad, max(values) + pad),  # the target stays inside the plot
        max_scale=8,  # pygal's default of up to 16 guides crowds the y-axis of a short range
        dots_size=4,
        # A point standing alone is hard to read off the axis: it is drawn larger and its value is written
        # beside it.
        print_values=len(observations) == 1 or len(comparison_observations) == 1,
        margin=MARGIN,
        # pygal places the legend one spacing lower than the room it keeps for it.
        margin_bottom=MARGIN + SPACING * show_legend,
        margin_right=MARGIN + 12,  # half a year label may stand past the plot's right edge
        spacing=SPACING,
    )
    chart.add(
        _fit(main_label, legend_width, STYLE.legend_font_size), _points(observations), **_dots(observations)
    )
    if comparison is not None:
        chart.add(
            _fit(comparison_label, legend_width, STYLE.legend_font_size),
            _points(comparison_observations),
            **_dots(comparison_observations),
        )
    # The target runs across the whole plot, so that it shows even above a single year.
    left, right = x_range
    if series.target_value is not None:
        chart.add(
            _("Target: %(value)s") % {"value": _number(series.target_value)},
            [(left, float(series.target_value)), (right, float(series.target_value))],
            stroke_style=DASHED,
            show_dots=False,
        )
    elif series.target_low is not None:
        label = _("Target range: %(low)s–%(high)s") % {
            "low": _number(series.target_low),
            "high": _number(series.target_high),
        }
        # Both edges of the band in one series (a None breaks the line), so the legend names it once.
        chart.add(
            label,
            [
                (left, float(series.target_low)),
                (right, float(series.target_low)),
                None,
                (left, float(series.target_high)),
                (right, float(series.target_high)),
            ],
            stroke_style=DASHED,
            show_dots=False,
            allow_interruptions=True,
        )
    svg = chart.render(is_unicode=True)
    # pygal always writes its configuration into a <script>, even with js=[]; the chart needs no script,
    # and a strict Content-Security-Policy forbids inline ones.
    svg = SCRIPT_RE.sub("", svg)
    # Screen readers announce the chart by its title; the observations are also in a table on the page.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return mark_safe(svg)  # noqa: S308 - pygal escapes the text it draws


def _dots(observations) -> dict:
    """How a series' points are drawn: a lone point larger, with its value written beside it."""
    if len(observations) == 1:
        return {"dots_size": 6, "formatter": lambda value: _number(value[1])}
    # Only lone points are labelled; the others have their figures in the table below the chart.
    return {"formatter": lambda value: ""}
