"""Read-only pages for reviewers: the strategies overview, each strategy's dashboard, action list and export,
actions and categories; the list of every strategy's actions; and the addresses from before strategies."""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from core.access import reader_required
from indicators.models import Series
from indicators.queries import list_queryset, row_page, series_panel, series_rows, stale_years

from .. import exports, queries
from ..access import can_answer, can_log_progress, can_review, get_action_for_user
from ..action_export import action_rows
from ..filters import ActionFilter
from ..forms import ReviewMessageForm
from ..models import (
    Action,
    Category,
    MessageKind,
    ReviewMessage,
    RoundReport,
    RoundSnapshot,
    Strategy,
)
from ..tables import PER_PAGE_CHOICES, ActionTable

# The series a category page counts and pages through (two pages of indicators.queries.SERIES_PER_PAGE).
CATEGORY_SERIES_CAP = 100


def get_strategy(code: str) -> Strategy:
    return get_object_or_404(Strategy, code=code)


def action_table(request, queryset, *, exclude=(), strategy=None) -> ActionTable:
    """One sorted page of a table of `queryset`, as the query string asks, less the `exclude` columns. Within
    a strategy, the strategy column is hidden (it stays in exports)."""
    table = ActionTable(queryset, exclude=exclude)
    if strategy is not None:
        table.columns.hide("strategy")
    RequestConfig(request).configure(table)  # a page number out of range or not a number shows the nearest
    return table


def action_filter(request, strategy=None) -> ActionFilter:
    return ActionFilter(
        request.GET, queryset=Action.objects.with_related(), request=request, strategy=strategy
    )


def active_filters(filterset) -> int:
    """How many filters narrow the list (the agency's role only counts with the agency)."""
    filterset.qs  # noqa: B018 - validates the form
    data = getattr(filterset.form, "cleaned_data", {})
    return sum(1 for name, value in data.items() if name != "role" and value)


@require_safe
@reader_required
def home(request):
    """The strategies overview; with a single strategy, its dashboard straight away."""
    strategies = list(Strategy.objects.all())
    if len(strategies) == 1:
        return redirect(strategies[0])
    context = {
        "strategies": queries.strategy_figures(strategies),
        "has_samples": any(strategy.has_samples for strategy in strategies),
    }
    return render(request, "tracker/strategy_list.html", context)


@require_safe
@reader_required
def strategy_detail(request, strategy):
    """A strategy's dashboard: its actions' figures and the evidence that disagrees with them. The indicator
    series are shared by every strategy: their figures are those of all series."""
    strategy = get_strategy(strategy)
    context = {
        "strategy": strategy,
        **queries.dashboard(strategy),
        **queries.indicator_figures(),
        "disagreements": queries.evidence_disagreements(strategy.actions.all()),
        "stale_years": stale_years(),
        "as_of": timezone.now(),
    }
    return render(request, "tracker/strategy_detail.html", context)


def _action_list(request, strategy):
    filterset = action_filter(request, strategy)
    table = action_table(request, filterset.qs, strategy=strategy)
    context = {
        "strategy": strategy,
        "filter": filterset,
        "table": table,
        "per_page": table.paginator.per_page,
        "per_page_choices": PER_PAGE_CHOICES,
        "active_filters": active_filters(filterset),
        # Every strategy's list carries the sample banner when any strategy has sample content.
        "has_samples": strategy is None and Strategy.objects.filter(has_samples=True).exists(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "includes/action_results.html", context)
    else:
        response = render(request, "tracker/action_list.html", context)
    # One URL answers with a fragment or a whole page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@reader_required
def action_list(request, strategy):
    return _action_list(request, get_strategy(strategy))


@require_safe
@reader_required
def all_action_list(request):
    """Every strategy's actions, with the same filters and a strategy filter."""
    return _action_list(request, None)


def filters_used(filterset) -> list[tuple[str, str]]:
    """The filters that narrow `filterset`, as (label, value) in words, in the form's order."""
    form = filterset.form
    data = getattr(form, "cleaned_data", {})
    used = []
    for name, field in form.fields.items():
        value = data.get(name)
        if not value or (name == "role" and not data.get("agency")):
            continue
        if value is True:
            used.append((str(field.label or name), gettext("Yes")))
            continue
        try:
            choices = {str(key): label for key, label in getattr(field, "choices", ())}
        except (TypeError, ValueError):
            choices = {}
        values = value if isinstance(value, list | tuple) or hasattr(value, "model") else [value]
        words = [str(choices.get(str(getattr(item, "pk", item)), item)) for item in values]
        used.append((str(field.label or name), ", ".join(words)))
    return used


def _action_export(request, strategy, fmt):
    """Every action the list's filters match (not one page), in the list's order and columns, the strategy
    of each and what a briefing needs; the XLSX opens on a sheet naming the filters and the time."""
    if fmt not in exports.FORMATS:
        raise Http404
    filterset = action_filter(request, strategy)
    # The list's table sorts the actions as the list does (the query string's sort); it reads no row.
    table = ActionTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    # Rows read from the database in chunks as the file is written, and sent as they come: neither the
    # actions nor the file are ever all in memory.
    rows = action_rows(table.data.data, site_url=settings.TRACKER_SITE_URL)
    now = timezone.localtime()
    filters = filters_used(filterset)
    about = [
        (gettext("Policy Tracker: actions"), ""),
        (gettext("Strategy"), strategy.title if strategy else gettext("Every strategy")),
        (gettext("As of"), now.replace(tzinfo=None)),
        (gettext("Time zone"), str(now.tzinfo)),
        (gettext("Rows"), filterset.qs.count()),
        (gettext("Filters"), "" if filters else gettext("None: every action")),
        *filters,
    ]
    content = exports.stream(rows, fmt, title=gettext("Actions"), about=about, about_title=gettext("About"))
    response = StreamingHttpResponse(content, content_type=exports.FORMATS[fmt])
    name = f"{strategy.code}-actions" if strategy else "actions"
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    return response


@require_safe
@reader_required
def action_export(request, strategy, fmt):
    return _action_export(request, get_strategy(strategy), fmt)


@require_safe
@reader_required
def all_action_export(request, fmt):
    return _action_export(request, None, fmt)


def series_links_with_panels(links):
    """(link, panel) pairs for ActionSeries rows whose series, observations and targets are fetched."""
    result = []
    for link in links:
        series = link.series
        comparison = series.comparison.observations.all() if series.comparison else ()
        panel = series_panel(series, series.observations.all(), comparison, series.targets.all())
        result.append((link, panel))
    return result


def update_annotations(action, updates) -> None:
    """Give each of the action's `updates` what the page shows beside it: `round_report` (the round it
    reports in, or None), `corrected_after_close` (it corrects a closed round's report after the round
    closed: the round keeps what was reported) and `thread` (questions and answers). Three queries."""
    ids = [update.pk for update in updates]
    rounds = {
        report.update_id: report.round
        for report in RoundReport.objects.filter(update__in=ids).select_related("round")
    }
    closed = dict(
        RoundSnapshot.objects.filter(action=action, report__isnull=False).values_list(
            "report_id", "round__closed_at"
        )
    )
    threads = {}
    for message in ReviewMessage.objects.filter(update__in=ids).select_related("author"):
        threads.setdefault(message.update_id, []).append(message)
    for update in updates:
        update.round_report = rounds.get(update.pk)
        closed_at = closed.get(update.corrects_id)
        update.corrected_after_close = bool(closed_at and update.created_at > closed_at)
        update.thread = threads.get(update.pk, [])
        update.has_question = any(m.kind == MessageKind.QUESTION for m in update.thread)


def action_detail_context(request, action, *, thread_forms=None) -> dict:
    """The action page's context; `thread_forms` maps an update's id to a refused question or answer form,
    shown again under that update with its message."""
    updates = list(
        action.updates.latest_first().select_related(
            "status", "author", "agency", "reason", "corrected_by", "corrects__status"
        )
    )
    update_annotations(action, updates)
    for update in updates:
        update.correction_changes = update.changes_from(update.corrects) if update.corrects_id else []
        update.thread_form = (thread_forms or {}).get(update.pk) or ReviewMessageForm(
            auto_id=f"id_%s_{update.pk}"
        )
    links = action.series_links.select_related("series", "series__comparison").prefetch_related(
        "series__observations", "series__comparison__observations", "series__targets"
    )
    return {
        "strategy": action.strategy,
        "action": action,
        "supports": action.supports.select_related("agency"),
        "updates": updates,
        "panels": series_links_with_panels(links),
        "disagreements": queries.evidence_disagreements(Action.objects.filter(pk=action.pk)),
        "can_log_progress": can_log_progress(request.user, action),
        "can_ask": can_review(request.user),
        "can_answer": can_answer(request.user, action),
        "has_samples": any(update.is_sample for update in updates),
    }


@require_safe
@reader_required
def action_detail(request, strategy, code):
    action = get_action_for_user(request.user, strategy, code)
    return render(request, "tracker/action_detail.html", action_detail_context(request, action))


@require_safe
@reader_required
def category_list(request, strategy):
    strategy = get_strategy(strategy)
    categories = queries.category_figures(strategy.categories.all())
    return render(request, "tracker/category_list.html", {"strategy": strategy, "categories": categories})


@require_safe
@reader_required
def category_detail(request, strategy, code):
    category = get_object_or_404(
        Category.objects.select_related("strategy"), strategy__code=strategy, code=code
    )
    # With the strategy too, so that a page of the category's actions in code order is read from the front of
    # action_list_order_idx (strategy, category, code) rather than sorted from all of them.
    actions = Action.objects.with_related().filter(strategy=category.strategy, category=category)
    series = list_queryset().filter(pk__in=Series.objects.filter(actions__category=category).values("pk"))
    # A category may be linked to thousands of series: the page counts the first CATEGORY_SERIES_CAP.
    series_page = row_page(series, request, param="series_page", cap=CATEGORY_SERIES_CAP)
    context = {
        "strategy": category.strategy,
        "category": category,
        "figures": queries.category_figures([category])[0],
        # The page is the category, and the strategy's.
        "table": action_table(request, actions, exclude=("category",), strategy=category.strategy),
        "series_list": series_rows(series_page.rows),
        "series_page": series_page,
        "stale_years": stale_years(),
    }
    return render(request, "tracker/category_detail.html", context)


def moved(request, url: str) -> HttpResponsePermanentRedirect:
    """Moved permanently, with the query string; a form posted to the old address (a page opened before the
    move) is posted again to the new one (308: the browser keeps the method and the data)."""
    query = request.META.get("QUERY_STRING")
    response = HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return response


@reader_required
def old_action(request, code, log=False):
    """/actions/2.5/ (and its log page) from before strategies: where the one strategy with action 2.5 has
    it, so that bookmarks and emails keep working; 404 when no strategy or several have that code."""
    actions = list(Action.objects.select_related("strategy").filter(code=code)[:2])
    if len(actions) != 1:
        raise Http404
    return moved(request, actions[0].get_log_url() if log else actions[0].get_absolute_url())


@reader_required
def old_category(request, code=None):
    """/categories/ and /categories/1/ from before strategies, like old_action."""
    if code is None:
        strategies = list(Strategy.objects.all()[:2])
        if len(strategies) != 1:
            raise Http404
        return moved(request, reverse("tracker:category-list", args=[strategies[0].code]))
    categories = list(Category.objects.select_related("strategy").filter(code=code)[:2])
    if len(categories) != 1:
        raise Http404
    return moved(request, categories[0].get_absolute_url())
