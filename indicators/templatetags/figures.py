"""Figures as a page shows them: in the series' unit for Chinese pages where it has one (Series.shown)."""

from django import template

register = template.Library()


@register.filter
def figure(row, series):
    """An observation's (or an earlier value's) figure: `{{ observation|figure:series }}`."""
    return series.shown(row.value, row.decimals)


@register.filter
def target_figure(target, series):
    """A target's figure, "85" or "80–85": `{{ target|target_figure:series }}`."""
    return series.shown_target(target)
