"""Indicator pages: the list of series and one series with its chart, figures and linked actions."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from tracker.access import reader_required

from .charts import series_chart, target_text
from .models import Series


def series_rows(queryset):
    """The series with what a table of them shows: target in words, latest observation, years covered.

    Expects the observations prefetched.
    """
    rows = list(queryset)
    for series in rows:
        observations = list(series.observations.all())
        series.target_text = target_text(series)
        series.latest = observations[-1] if observations else None
        first, last = (
            (observations[0].start_year, observations[-1].end_year) if observations else (None, None)
        )
        series.years = "" if first is None else str(first) if first == last else f"{first}–{last}"
    return rows


@reader_required
def series_list(request):
    series = (
        Series.objects.select_related("comparison")
        .annotate(action_count=Count("action_links"))
        .prefetch_related("observations")
    )
    return render(request, "indicators/series_list.html", {"series_list": series_rows(series)})


@reader_required
def series_detail(request, code):
    series = get_object_or_404(Series.objects.select_related("comparison"), code=code)
    observations = list(series.observations.all())
    comparison_observations = list(series.comparison.observations.all()) if series.comparison else []
    links = series.action_links.select_related(
        "action__status", "action__category", "action__lead_agency"
    ).order_by("action__category__code", "action__code")
    context = {
        "series": series,
        "target_text": target_text(series),
        "observations": observations,
        "comparison_observations": comparison_observations,
        "chart": series_chart(series, observations, comparison_observations),
        "links": links,
        "compared_by": series.compared_by.all(),
    }
    return render(request, "indicators/series_detail.html", context)
