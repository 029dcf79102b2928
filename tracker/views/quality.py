"""The data-quality page: what administrators should fix, each row with a link to fix it."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.access import is_administrator
from indicators.models import Series, stale_since_year

from ..forms import StaleDaysForm
from ..models import Action


@require_safe
@login_required
def data_quality(request):
    if not is_administrator(request.user):
        raise PermissionDenied
    form = StaleDaysForm(request.GET)
    stale_days = (form.is_valid() and form.cleaned_data["days"]) or settings.TRACKER_STALE_DAYS
    since_year = stale_since_year()
    actions = Action.objects.with_related()
    series = Series.objects.annotate(
        latest_year=Max("observations__end_year"), target_count=Count("targets", distinct=True)
    )
    checks = [
        ("actions-without-series", _("Actions without a linked indicator series"), "action",
         actions.without_series()),
        ("actions-without-description", _("Actions without a description"), "action",
         actions.without_description()),
        ("actions-without-due-date", _("Actions without a due date"), "action", actions.without_due_date()),
        ("actions-progress-outside-range", _("Actions whose progress lies outside their status's range"),
         "action", actions.progress_outside_status_range()),
        ("stale-actions", _("Open actions with no update in the last %(days)d days") % {"days": stale_days},
         "action", actions.stale(days=stale_days)),
        ("series-without-recent",
         _("Series with no observation since %(year)d") % {"year": since_year}, "series",
         series.without_recent_observation(since_year)),
        ("series-without-target", _("Series without a target"), "series", series.without_target()),
    ]  # fmt: skip
    checks = [
        {"key": key, "title": title, "kind": kind, "rows": list(rows)} for key, title, kind, rows in checks
    ]
    context = {"checks": checks, "stale_days": stale_days, "form": form}
    return render(request, "tracker/data_quality.html", context)
