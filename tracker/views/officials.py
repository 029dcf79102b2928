"""Pages where officials see what their agencies owe and log progress (issue 4)."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import is_official

from .. import queries, round_queries
from ..access import get_action_for_user, reporting_agency, user_agencies
from ..forms import StatusUpdateForm
from ..models import Agency, Status, StatusUpdate
from ..services import updates

DUE_SOON_DAYS = 30


@require_safe
@login_required
def start(request):
    """Where sign-in lands: officials on My actions, everybody else on the overview (or the only strategy)."""
    return redirect("tracker:my-actions" if is_official(request.user) else "tracker:home")


@require_safe
@login_required
def my_actions(request):
    agency_ids = set(user_agencies(request.user).values_list("pk", flat=True))
    groups = queries.agency_action_groups(agency_ids, due_soon_days=DUE_SOON_DAYS)
    sections = [
        ("overdue", _("Overdue"), _("Past their due date and not finished."), groups["overdue"]),
        (
            "due-soon",
            _("Due within %(days)s days") % {"days": DUE_SOON_DAYS},
            _("Not finished, and due soon."),
            groups["due_soon"],
        ),
        (
            "stale",
            _("No update for %(days)s days") % {"days": settings.TRACKER_STALE_DAYS},
            _("Nobody has logged progress on these for a while."),
            groups["stale"],
        ),
        ("other", _("All other actions"), _("On time and recently updated, or finished."), groups["other"]),
    ]
    rounds = round_queries.agency_round_obligations(agency_ids)
    agencies = list(Agency.objects.filter(pk__in=agency_ids))
    context = {
        "rounds": rounds,
        "has_samples": any(entry["round"].is_sample for entry in rounds),
        "sections": sections,
        # Actions of several strategies are labelled with their strategy.
        "several_strategies": len({a.strategy_id for group in groups.values() for a in group.rows}) > 1,
        "agencies": agencies,
        # Where a group shows only its first rows, the rest are in the action list filtered by the agency.
        "agency_list_url": (
            f"{reverse('tracker:all-actions')}?agency={agencies[0].code}" if len(agencies) == 1 else ""
        ),
        # Every action listed is one of the user's agencies', so officials may log on all of them.
        "may_log": is_official(request.user),
        # A group's count stops above queries.COUNT_CAP: the sum is then "more than" its capped counts.
        "action_count": sum(min(group.count, queries.COUNT_CAP) for group in groups.values()),
        "action_count_capped": any(group.capped for group in groups.values()),
        "count_cap": queries.COUNT_CAP,
    }
    return render(request, "tracker/officials/my_actions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def status_update_create(request, strategy, code):
    action = get_action_for_user(request.user, strategy, code, write=True)
    # The correction form (from "Correct this update") alone offers the choice of an update to correct.
    source = request.POST if request.method == "POST" else request.GET
    corrects = source.get("corrects", "")
    correcting = bool(corrects)
    corrected = (
        action.updates.effective().select_related("status", "reason").filter(pk=corrects).first()
        if corrects.isdigit()
        else None
    )
    # The correction form's "Show what it changes": the form comes back with the table of old and new values
    # filled in from what was submitted, and nothing is logged (so the table needs no JavaScript).
    previewing = correcting and request.method == "POST" and "preview" in request.POST
    if request.method == "POST":
        form = StatusUpdateForm(request.POST, request.FILES, action=action, correcting=correcting)
        if form.is_valid() and not previewing:
            try:
                updates.status_update_create(
                    action=action,
                    author=request.user,
                    agency=reporting_agency(request.user, action),
                    **form.update_kwargs(),
                )
            except ValidationError as error:
                # Another update may have landed between the form's check and the locked write.
                form.add_service_errors(error)
            else:
                if correcting:
                    message = _(
                        "Your correction on action %(code)s has been logged; the earlier update is marked as "
                        "corrected."
                    )
                else:
                    message = _("Your update on action %(code)s has been logged.")
                messages.success(request, message % {"code": action.code})
                return redirect(action)
    else:
        initial = {}
        if action.status_id:
            initial = {"status": action.status_id, "progress": action.progress}
        if corrected:
            # A correction starts from what was reported, to be changed where it was wrong.
            initial = {
                "corrects": corrected.pk,
                "status": corrected.status_id,
                "progress": corrected.progress,
                "reported_on": corrected.reported_on,
                "narrative": corrected.narrative,
                "evidence_url": corrected.evidence_url,
                "reason": corrected.reason_id,
                "reason_text": corrected.reason_text,
            }
        form = StatusUpdateForm(action=action, initial=initial, correcting=correcting)
    context = {
        "strategy": action.strategy,
        "action": action,
        "form": form,
        "correcting": correcting,
        "corrected": corrected,
        "changes": form.correction_changes(corrected) if corrected else None,
        "previewing": previewing,
        "file_dropped": bool(request.FILES),
        "statuses": Status.objects.all(),
        "recent_updates": action.updates.latest_first().select_related(
            "status", "author", "agency", "corrected_by"
        )[:5],
    }
    return render(request, "tracker/officials/status_update_form.html", context)


@require_safe
@login_required
def evidence_download(request, pk):
    update = get_object_or_404(StatusUpdate.objects.exclude(evidence_file=""), pk=pk)
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = update.evidence_filename or PurePath(update.evidence_file.name).name
    return FileResponse(handle, as_attachment=True, filename=filename)
