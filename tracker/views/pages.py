"""Read-only pages for reviewers: the dashboard, the action list and its export, actions and categories."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django_tables2 import RequestConfig

from core.access import reader_required
from indicators.models import Series
from indicators.queries import list_queryset, series_panel, series_rows, stale_years

from .. import exports, queries
from ..access import can_log_progress, get_action_for_user
from ..filters import ActionFilter
from ..models import Action, Category
from ..tables import PER_PAGE_CHOICES, ActionTable


def action_table(request, queryset, *, exclude=()) -> ActionTable:
    """One sorted page of a table of `queryset`, as the query string asks, less the `exclude` columns."""
    table = ActionTable(queryset, exclude=exclude)
    RequestConfig(request).configure(table)  # a page number out of range or not a number shows the nearest
    return table


def action_filter(request) -> ActionFilter:
    return ActionFilter(request.GET, queryset=Action.objects.with_related(), request=request)


def active_filters(filterset) -> int:
    """How many filters narrow the list (the agency's role only counts with the agency)."""
    filterset.qs  # noqa: B018 - validates the form
    data = getattr(filterset.form, "cleaned_data", {})
    return sum(1 for name, value in data.items() if name != "role" and value)


@reader_required
def home(request):
    context = {
        **queries.dashboard(),
        **queries.indicator_figures(),
        "disagreements": queries.evidence_disagreements(),
        "stale_years": stale_years(),
    }
    return render(request, "tracker/home.html", context)


@reader_required
def action_list(request):
    filterset = action_filter(request)
    table = action_table(request, filterset.qs)
    context = {
        "filter": filterset,
        "table": table,
        "per_page": table.paginator.per_page,
        "per_page_choices": PER_PAGE_CHOICES,
        "active_filters": active_filters(filterset),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "includes/action_results.html", context)
    else:
        response = render(request, "tracker/action_list.html", context)
    # One URL answers with a fragment or a whole page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@reader_required
def action_export(request, fmt):
    """Every action the list's filters match (not one page), in the list's order and columns."""
    if fmt not in exports.FORMATS:
        raise Http404
    table = ActionTable(action_filter(request).qs)
    RequestConfig(request, paginate=False).configure(table)
    content = exports.render(table.as_values(), fmt, title=gettext("Actions"))
    response = HttpResponse(content, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="actions-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    return response


def series_links_with_panels(links):
    """(link, panel) pairs for ActionSeries rows whose series, observations and targets are fetched."""
    result = []
    for link in links:
        series = link.series
        comparison = series.comparison.observations.all() if series.comparison else ()
        panel = series_panel(series, series.observations.all(), comparison, series.targets.all())
        result.append((link, panel))
    return result


@reader_required
def action_detail(request, code):
    action = get_action_for_user(request.user, code)
    updates = action.updates.latest_first().select_related(
        "status", "author", "agency", "reason", "corrected_by"
    )
    links = action.series_links.select_related("series", "series__comparison").prefetch_related(
        "series__observations", "series__comparison__observations", "series__targets"
    )
    context = {
        "action": action,
        "supports": action.supports.select_related("agency"),
        "updates": updates,
        "panels": series_links_with_panels(links),
        "disagreements": queries.evidence_disagreements(Action.objects.filter(pk=action.pk)),
        "can_log_progress": can_log_progress(request.user, action),
    }
    return render(request, "tracker/action_detail.html", context)


@reader_required
def category_list(request):
    return render(request, "tracker/category_list.html", {"categories": queries.category_figures()})


@reader_required
def category_detail(request, code):
    category = get_object_or_404(Category, code=code)
    actions = Action.objects.with_related().filter(category=category)
    series = list_queryset().filter(pk__in=Series.objects.filter(actions__category=category).values("pk"))
    context = {
        "category": category,
        "figures": queries.category_figures([category], actions=actions)[0],
        "table": action_table(request, actions, exclude=("category",)),  # the page is the category
        "series_list": series_rows(series),
        "stale_years": stale_years(),
    }
    return render(request, "tracker/category_detail.html", context)
