"""The data-quality page: what administrators should fix, each row with a link to fix it."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.access import is_administrator
from core.paging import COUNT_CAP, page_rows
from indicators.models import Observation, Series, Target, stale_since_year

from ..forms import StaleDaysForm
from ..models import Action

# Rows shown per check; the check says how many there are in all. The page stays small whatever the data.
ROWS_PER_CHECK = 50


def first_rows(queryset, rows_from, *, by_category):
    """The first ROWS_PER_CHECK rows of `queryset` and how many it has up to COUNT_CAP, from one query
    (core.paging); the rows are read from `rows_from` by key. With `by_category` (actions), the rows are
    picked category by category (ActionQuerySet.page_keys): no sort over every action the check finds."""
    keys = queryset.page_keys(0, ROWS_PER_CHECK) if by_category else None
    return page_rows(queryset, limit=ROWS_PER_CHECK, cap=COUNT_CAP, rows_from=rows_from, keys=keys)


@require_safe
@login_required
def data_quality(request):
    if not is_administrator(request.user):
        raise PermissionDenied
    form = StaleDaysForm(request.GET)
    stale_days = (form.is_valid() and form.cleaned_data["days"]) or settings.TRACKER_STALE_DAYS
    since_year = stale_since_year()
    actions = Action.objects.with_related()
    # Read for the rows shown only, each from an index: never a join over every observation.
    latest = Observation.objects.filter(series=OuterRef("pk")).order_by("-end_year", "-start_year")
    series = Series.objects.annotate(
        latest_year=Subquery(latest.values("end_year")[:1]),
        has_target=Exists(Target.objects.filter(series=OuterRef("pk"))),
    )
    # Each check of actions picks its first rows category by category (a check may find many actions, and
    # a sort of them all grows with the data), but for the progress check, which sorts the few actions
    # action_status_progress_idx finds for it.
    checks = [
        ("actions-without-series", _("Actions without a linked indicator series"), "action",
         actions.without_series(), True),
        ("actions-without-description", _("Actions without a description"), "action",
         actions.without_description(), True),
        ("actions-without-due-date", _("Actions without a due date"), "action", actions.without_due_date(),
         True),
        ("actions-progress-outside-range", _("Actions whose progress lies outside their status's range"),
         "action", actions.progress_outside_status_range(), False),
        ("stale-actions", _("Open actions with no update in the last %(days)d days") % {"days": stale_days},
         "action", actions.stale(days=stale_days), True),
        ("series-without-recent",
         _("Series with no observation since %(year)d") % {"year": since_year}, "series",
         series.without_recent_observation(since_year), False),
        ("series-without-target", _("Series without a target"), "series", series.without_target(), False),
    ]  # fmt: skip
    checks = [
        {
            "key": key,
            "title": title,
            "kind": kind,
            **dict(
                zip(
                    ("rows", "count"),
                    first_rows(rows, series if kind == "series" else actions, by_category=by_category),
                    strict=True,
                )
            ),
        }
        for key, title, kind, rows, by_category in checks
    ]
    context = {"checks": checks, "stale_days": stale_days, "form": form, "count_cap": COUNT_CAP}
    return render(request, "tracker/data_quality.html", context)
