"""Charts of indicator series, drawn on the server as SVG by pygal: no JavaScript, no CDN."""

import re
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
    value_font_size=13,
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


def series_chart(series, observations, comparison_observations=()) -> str:
    """The series' observations as an inline SVG line chart, with its target and its comparison series.

    `observations` and `comparison_observations` are passed in (already fetched) so that a page with many
    charts fetches them with one prefetch. Returns "" when there is nothing to draw.
    """
    observations = list(observations)
    if not observations:
        return ""
    comparison = series.comparison if comparison_observations else None
    xs = [_x(obs) for obs in observations] + [_x(obs) for obs in comparison_observations]
    if series.target_year and series.has_target:
        xs.append(series.target_year)
    low, high = min(xs), max(xs)
    years = list(range(int(low), int(high) + 1))

    targets = (series.target_value, series.target_low, series.target_high)
    values = [float(obs.value) for obs in [*observations, *comparison_observations]]
    values += [float(value) for value in targets if value is not None]
    pad = (max(values) - min(values)) * 0.05 or abs(max(values)) * 0.05 or 1
    title = f"{series.name} ({series.geography})"
    legend_rows = 1 + (comparison is not None) + series.has_target
    chart = pygal.XY(
        style=STYLE,
        width=480,
        height=340 + 20 * legend_rows,
        # pygal leaves room for about √n legend rows at the bottom; with one column there are n of them.
        margin_bottom=8 + 16 * (legend_rows - 1),
        title=title,
        x_title=_("Year"),
        y_title=series.unit,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        truncate_label=-1,
        x_labels=years,
        x_labels_major_every=max(1, -(-len(years) // 6)),
        show_minor_x_labels=False,
        x_value_formatter=lambda x: str(int(x)) if x == int(x) else f"{x:g}",
        value_formatter=_number,
        include_x_axis=False,
        range=(min(values) - pad, max(values) + pad),  # the target stays inside the plot
        dots_size=4,
        margin=8,
        spacing=10,
    )
    chart.add(title, _points(observations))
    if comparison is not None:
        chart.add(f"{comparison.name} ({comparison.geography})", _points(comparison_observations))
    if series.target_value is not None:
        chart.add(
            _("Target: %(value)s") % {"value": _number(series.target_value)},
            [(low, float(series.target_value)), (high, float(series.target_value))],
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
                (low, float(series.target_low)),
                (high, float(series.target_low)),
                None,
                (low, float(series.target_high)),
                (high, float(series.target_high)),
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
