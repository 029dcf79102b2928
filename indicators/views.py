"""Indicator pages: the list of series, one series with its chart (served as its own SVG), figures, progress
and linked actions, and the open-data exports."""

import hashlib

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import reader_required

from . import exports, markers
from .charts import chart_form, series_chart
from .filters import SeriesFilter
from .models import ObservationVintage, Series, format_period
from .progress import Progress, Reason
from .queries import list_queryset, row_page, series_panel, series_rows, stale_years
from .services import series_assessment

CHART_CACHE_SECONDS = 24 * 3600
# The chart is an image without script; it needs its own inline <style> (pygal's), and nothing else.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"


@require_safe
@reader_required
def series_list(request):
    filterset = SeriesFilter(request.GET, queryset=list_queryset())
    page = row_page(filterset.qs, request)
    context = {
        "filter": filterset,
        "series_list": series_rows(page.rows),
        "series_page": page,
        "stale_years": stale_years(),
        "query": request.GET.urlencode(),
        "export_formats": exports.FORMATS,
    }
    return render(request, "indicators/series_list.html", context)


def progress_sentence(series, assessment) -> str:
    """The method in one sentence, with this series' figures."""
    if assessment.progress == Progress.NOT_ASSESSABLE:
        return _("No verdict: %(reason)s.") % {"reason": Reason(assessment.reason).label}
    base, current = assessment.base, assessment.current
    names = {
        "base": series.shown(base.value),
        "base_period": format_period(base.start_year, base.end_year),
        "current": series.shown(current.value),
        "current_period": format_period(current.start_year, current.end_year),
        "unit": series.shown_unit,
    }
    if assessment.progress == Progress.TARGET_ACHIEVED:
        return _(
            "The latest figure, %(current)s %(unit)s (%(current_period)s), meets the target of %(target)s."
        ) % {**names, "target": assessment.goal and _goal_text(assessment.goal, series)}
    names["observed"] = f"{assessment.observed_rate * 100:+.1f}"
    if assessment.required_rate is not None:
        return _(
            "From %(base)s %(unit)s (%(base_period)s) to %(current)s (%(current_period)s) is "
            "%(observed)s %% a year; reaching %(aim)s by %(year)s needs %(required)s %% a year: %(ratio)s "
            "of the pace needed (substantial from 0.95, moderate from 0.6, limited from 0)."
        ) % {
            **names,
            "aim": series.shown(assessment.aim),
            "year": assessment.goal.end_year,
            "required": f"{assessment.required_rate * 100:+.1f}",
            "ratio": f"{assessment.ratio:.2f}",
        }
    if assessment.progress == Progress.DETERIORATION:
        text = _(
            "From %(base)s %(unit)s (%(base_period)s) to %(current)s (%(current_period)s) is %(observed)s %% "
            "a year, against the desired direction; with no dated target, the pace in the desired direction "
            "is judged instead (substantial from 1.5 %% a year, moderate from 0.5 %%, limited from 0)."
        )
    else:
        text = _(
            "From %(base)s %(unit)s (%(base_period)s) to %(current)s (%(current_period)s) is %(observed)s %% "
            "a year, in the desired direction; with no dated target, the pace in the desired direction is "
            "judged instead (substantial from 1.5 %% a year, moderate from 0.5 %%, limited from 0)."
        )
    return text % names


def _goal_text(goal, series) -> str:
    return f"{series.shown_target(goal)} {series.shown_unit}".strip()


@require_safe
@reader_required
def series_detail(request, code):
    series = get_object_or_404(Series.objects.select_related("comparison"), code=code)
    observations = list(
        series.observations.prefetch_related(
            Prefetch("vintages", queryset=ObservationVintage.objects.order_by("-replaced_at"))
        )
    )
    targets = list(series.targets.all())
    comparison_observations = list(series.comparison.observations.all()) if series.comparison else []
    # Actions of any strategy may be linked to the series: each is named with its strategy.
    links = series.action_links.select_related(
        "action__strategy", "action__status", "action__category", "action__lead_agency"
    ).order_by("action__strategy__code", "action__category__code", "action__code")
    assessment = series_assessment(series, observations, targets)
    context = {
        "series": series,
        "panel": series_panel(series, observations, comparison_observations, targets),
        "observations": observations,
        "comparison_observations": comparison_observations,
        "assessment": assessment,
        "progress_sentence": progress_sentence(series, assessment),
        "links": links,
        "compared_by": series.compared_by.all(),
        "export_formats": exports.FORMATS,
    }
    return render(request, "indicators/series_detail.html", context)


def chart_inputs(series, action_code):
    observations = list(series.observations.all())
    comparison = list(series.comparison.observations.all()) if series.comparison else []
    targets = list(series.targets.all())
    events, milestones = markers.markers_for(series, action_code)
    return observations, comparison, targets, events, milestones


@require_safe
@reader_required
def series_chart_svg(request, code):
    """The series' chart as an SVG image of its own: pages embed it with <img>, so that they need no inline
    style. Revalidated with an ETag on every view (a changed figure shows at once); the drawing is cached
    by the data it shows."""
    series = get_object_or_404(Series.objects.select_related("comparison"), code=code)
    observations, comparison, targets, events, milestones = chart_inputs(series, request.GET.get("action"))
    if chart_form(observations) != "chart":
        raise Http404("A series with fewer than two observations is shown as a figure, not a chart.")
    today = timezone.localdate()
    fingerprint = repr(
        (
            translation.get_language(),
            today.year,
            series.code,
            series.name,
            series.unit,
            series.geography,
            series.comparison and (series.comparison.name, series.comparison.geography),
            [(o.start_year, o.end_year, o.value, o.decimals) for o in observations],
            [(o.start_year, o.end_year, o.value, o.decimals) for o in comparison],
            [(t.start_year, t.end_year, t.value, t.low, t.high) for t in targets],
            events,
            milestones,
        )
    )
    key = hashlib.sha256(fingerprint.encode()).hexdigest()[:40]
    etag = f'"{key}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        svg = cache.get_or_set(
            f"indicators:chart:{key}",
            lambda: series_chart(
                series, observations, comparison, targets, events=events, milestones=milestones, today=today
            ),
            CHART_CACHE_SECONDS,
        )
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    # private: the pages are for signed-in users unless the site is public; no-cache: revalidate each time.
    patch_cache_control(response, private=True, no_cache=True)
    response["Content-Security-Policy"] = CHART_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _export(queryset, fmt, name):
    if fmt not in exports.FORMATS:
        raise Http404
    content_type, suffix = exports.FORMATS[fmt]
    response = StreamingHttpResponse(exports.stream(queryset, fmt), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.{suffix}"'
    )
    return response


@require_safe
@reader_required
def series_export(request, fmt):
    """Every series the list's filters match, with all their observations."""
    return _export(SeriesFilter(request.GET, queryset=Series.objects.all()).qs, fmt, "indicators")


@require_safe
@reader_required
def series_export_one(request, code, fmt):
    series = get_object_or_404(Series, code=code)
    return _export(Series.objects.filter(pk=series.pk), fmt, series.code)
