"""Writes that touch more than one row. Views, the admin, imports and commands call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Action, ActionSupport, Agency, ReasonCode, Status, StatusUpdate


def action_refresh_current(*, action: Action) -> Action:
    """Make the action's current status, progress and date those of its latest uncorrected update.

    Call inside the transaction that changed the updates, with the action row locked.
    """
    latest = action.updates.effective().latest_first().select_related("status").first()
    action.status = latest.status if latest else None
    action.progress = latest.progress if latest else 0
    action.last_reported_on = latest.reported_on if latest else None
    # These three columns mirror the append-only updates, which are the history; Action's history excludes
    # them, so a direct UPDATE of this one row loses nothing.
    Action.objects.filter(pk=action.pk).update(
        status=action.status, progress=action.progress, last_reported_on=action.last_reported_on
    )
    return action


def status_update_validate(
    *,
    action: Action,
    status: Status,
    progress: int,
    reported_on,
    narrative: str,
    reason: ReasonCode | None,
    reason_text: str,
    corrects: StatusUpdate | None,
) -> None:
    """Raise a ValidationError keyed by field for every rule an update breaks."""
    errors = {}
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    if reported_on and reported_on > timezone.localdate():
        errors["reported_on"] = _("The date of the update cannot be in the future.")
    elif reported_on and action.start_date and reported_on < action.start_date:
        errors["reported_on"] = _("The date of the update cannot be before the action starts (%(date)s).") % {
            "date": action.start_date.isoformat()
        }
    if not (narrative or "").strip():
        errors["narrative"] = _("Say what has happened.")
    if status.needs_reason:
        if reason is None:
            errors["reason"] = _("The status “%(status)s” needs a reason.") % {"status": status.name}
        if not (reason_text or "").strip():
            errors["reason_text"] = _("Explain the reason in a few words.")
    if corrects is not None:
        if corrects.action_id != action.pk:
            errors["corrects"] = _("An update can only correct an earlier update of the same action.")
        elif StatusUpdate.objects.filter(corrects=corrects).exists():
            errors["corrects"] = _("That update has already been corrected.")
    if errors:
        raise ValidationError(errors)


def status_update_create(
    *,
    action: Action,
    status: Status,
    progress: int,
    reported_on,
    narrative: str,
    author,
    agency: Agency | None = None,
    evidence_url: str = "",
    evidence_file=None,
    evidence_filename: str = "",
    reason: ReasonCode | None = None,
    reason_text: str = "",
    corrects: StatusUpdate | None = None,
) -> StatusUpdate:
    """Append a status update and make it the action's current status if it is the latest.

    The action row is locked for the whole transaction, so concurrent updates to one action are serialised
    and the current status always ends up equal to the latest update.
    """
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        status_update_validate(
            action=action,
            status=status,
            progress=progress,
            reported_on=reported_on,
            narrative=narrative,
            reason=reason,
            reason_text=reason_text,
            corrects=corrects,
        )
        update = StatusUpdate(
            action=action,
            status=status,
            progress=progress,
            reported_on=reported_on,
            narrative=narrative.strip(),
            author=author,
            agency=agency,
            evidence_url=evidence_url,
            evidence_filename=evidence_filename,
            reason=reason if status.needs_reason else None,
            reason_text=reason_text.strip() if status.needs_reason else "",
            corrects=corrects,
        )
        if evidence_file:
            update.evidence_file.save(evidence_file.name, evidence_file, save=False)
        update.full_clean(exclude=["evidence_file"])
        update.save()
        action_refresh_current(action=action)
    return update


def action_set_supporting_agencies(*, action: Action, agencies) -> None:
    """Make `agencies` the action's supporting agencies, one row at a time so that history records each."""
    agencies = list(agencies)
    if any(agency.pk == action.lead_agency_id for agency in agencies):
        raise ValidationError(
            {
                "supporting_agencies": _(
                    "The lead agency cannot also be a supporting agency of the same action."
                )
            }
        )
    wanted = {agency.pk for agency in agencies}
    with transaction.atomic():
        for support in action.supports.exclude(agency__in=wanted):
            support.delete()
        have = set(action.supports.values_list("agency_id", flat=True))
        for agency in agencies:
            if agency.pk not in have:
                ActionSupport.objects.create(action=action, agency=agency)
