"""Status updates (append-only), the action's current state that mirrors the latest one, and the agencies
that support an action."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import (
    NARRATIVE_MAX_LENGTH,
    REASON_TEXT_MAX_LENGTH,
    Action,
    ActionSupport,
    Agency,
    ReasonCode,
    Status,
    StatusUpdate,
)
from .figures import figures_kept, figures_lock
from .rounds import round_report_record


def action_refresh_current(*, action: Action) -> Action:
    """Make the action's current status, progress and date those of its latest uncorrected update, and keep
    the counted figures (services.figures) in step.

    Call inside the transaction that changed the updates, with the action row locked.
    """
    latest = action.updates.effective().latest_first().select_related("status").first()
    action.status = latest.status if latest else None
    action.progress = latest.progress if latest else 0
    action.last_reported_on = latest.reported_on if latest else None
    # These three columns mirror the append-only updates, which are the history; Action's history excludes
    # them, so a direct UPDATE of this one row loses nothing.
    with figures_kept(action_ids=[action.pk]):
        Action.objects.filter(pk=action.pk).update(
            status=action.status, progress=action.progress, last_reported_on=action.last_reported_on
        )
    return action


def progress_range_message(status: Status) -> str:
    """What progress `status` allows, as a sentence naming the status and its range."""
    names = {"status": status.name, "low": status.min_progress, "high": status.max_progress}
    if status.min_progress == status.max_progress:
        return _("“%(status)s” means progress of exactly %(low)s%%.") % names
    return _("“%(status)s” allows progress from %(low)s%% to %(high)s%%.") % names


def progress_validate(*, status: Status, progress: int | None) -> None:
    """Raise a ValidationError (on `progress`) unless `progress` lies within the status's range. No progress
    means the status's default, which always does."""
    if progress is None:
        return
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    if not status.min_progress <= progress <= status.max_progress:
        raise ValidationError({"progress": progress_range_message(status)})


def too_long_message(text: str, limit: int) -> str:
    return _(
        "At most %(limit)s characters, and this has %(count)s: shorten it, or attach the full text as "
        "evidence."
    ) % {
        "limit": formats.number_format(limit, force_grouping=True),
        "count": formats.number_format(len(text), force_grouping=True),
    }


def status_update_validate(
    *,
    action: Action,
    status: Status,
    progress: int | None,
    reported_on,
    narrative: str,
    reason: ReasonCode | None,
    reason_text: str,
    corrects: StatusUpdate | None,
    correction_reason: str = "",
) -> None:
    """Raise a ValidationError keyed by field for every rule an update breaks. No progress means the status's
    default."""
    errors = {}
    try:
        progress_validate(status=status, progress=progress)
    except ValidationError as error:
        errors.update(error.message_dict)
    if reported_on and reported_on > timezone.localdate():
        errors["reported_on"] = _("The date of the update cannot be in the future.")
    elif reported_on and action.start_date and reported_on < action.start_date:
        errors["reported_on"] = _("The date of the update cannot be before the action starts (%(date)s).") % {
            "date": formats.date_format(action.start_date, "SHORT_DATE_FORMAT")
        }
    if reported_on and corrects is None and "reported_on" not in errors:
        latest = action.updates.effective().latest_first().values_list("reported_on", flat=True).first()
        if latest and reported_on < latest:
            # It would not head the history nor become the action's status; an earlier report is a correction.
            errors["reported_on"] = _(
                "The latest update is dated %(date)s; a new one cannot be dated earlier. To fix an earlier "
                "update, correct it instead."
            ) % {"date": formats.date_format(latest, "SHORT_DATE_FORMAT")}
    if not (narrative or "").strip():
        errors["narrative"] = _("Say what has happened.")
    elif len(narrative.strip()) > NARRATIVE_MAX_LENGTH:
        errors["narrative"] = too_long_message(narrative.strip(), NARRATIVE_MAX_LENGTH)
    if status.needs_reason:
        if reason is None:
            errors["reason"] = _("The status “%(status)s” needs a reason.") % {"status": status.name}
        if not (reason_text or "").strip():
            errors["reason_text"] = _("Explain the reason in a few words.")
        elif len(reason_text.strip()) > REASON_TEXT_MAX_LENGTH:
            errors["reason_text"] = too_long_message(reason_text.strip(), REASON_TEXT_MAX_LENGTH)
    if corrects is not None:
        if corrects.action_id != action.pk:
            errors["corrects"] = _("An update can only correct an earlier update of the same action.")
        elif StatusUpdate.objects.filter(corrects=corrects).exists():
            errors["corrects"] = _("That update has already been corrected.")
        if not (correction_reason or "").strip():
            errors["correction_reason"] = _("Say what was wrong in the update you correct.")
        elif len(correction_reason.strip()) > REASON_TEXT_MAX_LENGTH:
            errors["correction_reason"] = too_long_message(correction_reason.strip(), REASON_TEXT_MAX_LENGTH)
    if errors:
        raise ValidationError(errors)


def status_update_create(
    *,
    action: Action,
    status: Status,
    progress: int | None,
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
    correction_reason: str = "",
    keep_evidence: bool = True,
    is_sample: bool = False,
) -> StatusUpdate:
    """Append a status update and make it the action's current status if it is the latest. No progress
    means the status's default. A correction says why (`correction_reason`) and keeps the evidence file of
    the update it corrects unless it brings its own or `keep_evidence` is false. Logged by the lead agency
    while the strategy has an open round, it becomes the action's report in that round.

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
            correction_reason=correction_reason,
        )
        update = StatusUpdate(
            action=action,
            status=status,
            progress=status.default_progress if progress is None else progress,
            reported_on=reported_on,
            narrative=narrative.strip(),
            author=author,
            agency=agency,
            evidence_url=evidence_url,
            evidence_filename=evidence_filename,
            reason=reason if status.needs_reason else None,
            reason_text=reason_text.strip() if status.needs_reason else "",
            corrects=corrects,
            is_sample=is_sample,
            correction_reason=correction_reason.strip() if corrects is not None else "",
        )
        # The model's check constraints (progress 0–100, a narrative, reason details only with a reason, a
        # correction's reason only on a correction) are rules checked above or values set just now; the
        # database still enforces them. Checking them again would cost a query and a savepoint each.
        update.full_clean(exclude=["evidence_file"], validate_constraints=False)
        if evidence_file:
            update.evidence_file.save(evidence_file.name, evidence_file, save=False)
        elif corrects is not None and corrects.evidence_file and keep_evidence:
            # A correction keeps the evidence of the update it corrects unless it brings its own; updates are
            # never deleted, so the two can share the stored file.
            update.evidence_file = corrects.evidence_file.name
            update.evidence_filename = corrects.evidence_filename
        try:
            update.save()
            action_refresh_current(action=action)
            round_report_record(update=update)
        except Exception:
            # No update will point at a file stored just now: don't leave it behind.
            if evidence_file:
                update.evidence_file.delete(save=False)
            raise
    return update


def status_update_create_many(*, actions, author, **update) -> int:
    """Log the same update (the arguments of status_update_create but `action`) on every one of `actions`,
    all or nothing; return how many were updated.

    Raises a ValidationError with one message per rule an action breaks, prefixed by the action's code.
    """
    problems = []
    with transaction.atomic():
        actions = list(actions)
        figures_lock(action.pk for action in actions)
        for action in actions:
            try:
                status_update_create(action=action, author=author, **update)
            except ValidationError as error:
                problems += [f"{action.code}: {message}" for message in error.messages]
        if problems:
            raise ValidationError(problems)  # leaving the block with it rolls back every update logged
    return len(actions)


def supporting_agencies_validate(*, lead_agency_id, agencies) -> None:
    """Raise a ValidationError (on `supporting_agencies`) if the lead agency is among `agencies`."""
    if lead_agency_id is not None and any(agency.pk == lead_agency_id for agency in agencies):
        raise ValidationError(
            {
                "supporting_agencies": _(
                    "The lead agency cannot also be a supporting agency of the same action."
                )
            }
        )


def action_set_supporting_agencies(*, action: Action, agencies, change_reason: str | None = None) -> None:
    """Make `agencies` the action's supporting agencies, one row at a time so that history records each
    (with `change_reason`)."""
    agencies = list(agencies)
    supporting_agencies_validate(lead_agency_id=action.lead_agency_id, agencies=agencies)
    wanted = {agency.pk for agency in agencies}
    with transaction.atomic():
        for support in action.supports.exclude(agency__in=wanted):
            support._change_reason = change_reason
            support.delete()
        have = set(action.supports.values_list("agency_id", flat=True))
        for agency in agencies:
            if agency.pk not in have:
                support = ActionSupport(action=action, agency=agency)
                support._change_reason = change_reason
                support.save()
