"""Indicator pages: the list of series and one series with its chart, figures and linked actions."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from core.access import reader_required

from .charts import series_chart, target_text
from .models import Series
from .queries import series_rows


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
