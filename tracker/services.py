"""Writes that touch more than one row. Views, the admin, imports and commands call these."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .access import OFFICIALS
from .models import Action, ActionSupport, Agency, ReasonCode, Reminder, Status, StatusUpdate, UserPreference


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
        update.full_clean(exclude=["evidence_file"])
        if evidence_file:
            update.evidence_file.save(evidence_file.name, evidence_file, save=False)
        elif corrects is not None and corrects.evidence_file:
            # A correction keeps the evidence of the update it corrects unless it brings its own; updates are
            # never deleted, so the two can share the stored file.
            update.evidence_file = corrects.evidence_file.name
            update.evidence_filename = corrects.evidence_filename
        try:
            update.save()
            action_refresh_current(action=action)
        except Exception:
            # No update will point at a file stored just now: don't leave it behind.
            if evidence_file:
                update.evidence_file.delete(save=False)
            raise
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


class ImportFailed(Exception):
    """An import was rejected as a whole; `problems` names each bad file, row and column."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def data_files():
    """The files of a data folder, in the order they must be read (what they refer to comes first)."""
    from indicators.resources import ObservationResource, SeriesResource

    from .resources import (
        ActionResource,
        ActionSeriesResource,
        AgencyResource,
        CategoryResource,
        ReasonCodeResource,
        StatusResource,
    )

    return [
        ("statuses.csv", StatusResource),
        ("reasons.csv", ReasonCodeResource),
        ("categories.csv", CategoryResource),
        ("agencies.csv", AgencyResource),
        ("series.csv", SeriesResource),
        ("observations.csv", ObservationResource),
        ("actions.csv", ActionResource),
        ("action_series.csv", ActionSeriesResource),
    ]


def import_problems(result, label: str) -> list[str]:
    """Readable messages for everything an import-export Result rejected: file, row, column, message."""

    def text(error):
        return "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)

    problems = [
        _("%(file)s: %(message)s") % {"file": label, "message": text(error.error)}
        for error in result.base_errors
    ]
    for number, errors in result.row_errors():
        problems += [
            _("%(file)s, row %(row)s: %(message)s")
            % {"file": label, "row": number, "message": text(error.error)}
            for error in errors
        ]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                names = {"file": label, "row": row.number, "column": column, "message": message}
                if column == "__all__":
                    problems.append(_("%(file)s, row %(row)s: %(message)s") % names)
                else:
                    problems.append(_("%(file)s, row %(row)s, column %(column)s: %(message)s") % names)
    return problems


def folder_import(*, folder, dry_run: bool = False) -> dict[str, dict[str, int]]:
    """Import every data file of `folder`, all or nothing. Returns the totals per file (new, update, skip…).

    Raises ImportFailed, with nothing written, when any row of any file is bad.
    """
    import tablib

    totals, problems = {}, []
    with transaction.atomic():
        for filename, resource_class in data_files():
            path = folder / filename
            if not path.exists():
                problems.append(_("%(file)s is missing.") % {"file": filename})
                continue
            dataset = tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
            result = resource_class().import_data(dataset, dry_run=False, use_transactions=True)
            problems += import_problems(result, filename)
            totals[filename] = dict(result.totals)
        if problems:
            raise ImportFailed(problems)  # leaving the block with an exception rolls everything back
        if dry_run:
            transaction.set_rollback(True)
    return totals


DEMO_PASSWORD = "tracker-demo"


def demo_accounts_create(*, official_agencies) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo accounts: an administrator, a reviewer, one official per agency given.

    Returns (username, role, agencies) rows. Only for demonstrations: every password is DEMO_PASSWORD.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from .access import ADMINISTRATORS, OFFICIALS, REVIEWERS
    from .models import Membership

    User = get_user_model()
    rows = []

    def account(username, group, **extra):
        user, _created = User.objects.get_or_create(username=username, defaults=extra)
        user.set_password(DEMO_PASSWORD)
        for field, value in extra.items():
            setattr(user, field, value)
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user

    with transaction.atomic():
        account("admin", ADMINISTRATORS, is_staff=True, first_name="Demo", last_name="Administrator")
        rows.append(("admin", ADMINISTRATORS, ""))
        account("reviewer", REVIEWERS, first_name="Demo", last_name="Reviewer")
        rows.append(("reviewer", REVIEWERS, ""))
        for agency in official_agencies:
            username = f"official-{agency.code.lower()}"
            user = account(username, OFFICIALS, first_name="Demo", last_name=f"Official {agency.code}")
            Membership.objects.get_or_create(user=user, agency=agency)
            rows.append((username, OFFICIALS, agency.name))
    return rows


def reminder_digest_send(*, user, today=None) -> bool:
    """Email `user` one digest of their agencies' overdue and stale actions not yet in a digest today.

    Returns whether an email went out. The reminders are recorded in the same transaction as the sending,
    so a failed send records nothing and a second run on the same day finds nothing new.
    """
    today = today or timezone.localdate()
    site = settings.TRACKER_SITE_URL.rstrip("/")
    with transaction.atomic():
        already = Reminder.objects.filter(user=user, sent_on=today).values("action")
        actions = Action.objects.for_user(user).with_related().exclude(pk__in=already)
        overdue = list(actions.overdue(today=today).order_by("due_date", "code"))
        stale = list(
            actions.stale(today=today)
            .exclude(pk__in=[a.pk for a in overdue])
            .order_by("last_reported_on", "code")
        )
        if not overdue and not stale:
            return False
        for action in overdue + stale:
            action.url = site + action.get_absolute_url()
            action.log_url = site + reverse("tracker:status-update-create", args=[action.code])
        context = {
            "user": user,
            "overdue": overdue,
            "stale": stale,
            "count": len(overdue) + len(stale),
            "stale_days": settings.TRACKER_STALE_DAYS,
            "my_actions_url": site + reverse("tracker:my-actions"),
            "today": today,
        }
        bulk_create_with_history(
            [Reminder(user=user, action=a, sent_on=today, reason=Reminder.Reason.OVERDUE) for a in overdue]
            + [Reminder(user=user, action=a, sent_on=today, reason=Reminder.Reason.STALE) for a in stale],
            Reminder,
        )
        with translation.override(user_language(user)):
            subject = " ".join(render_to_string("tracker/email/reminder_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("tracker/email/reminder_body.txt", context),
                to=[user.email],
            )
            message.attach_alternative(
                render_to_string("tracker/email/reminder_body.html", context), "text/html"
            )
        message.send()
    return True


def reminder_digests_send(*, today=None) -> int:
    """Send every active official with an email address their digest; return how many emails went out."""
    officials = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=OFFICIALS, memberships__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )
    return sum(reminder_digest_send(user=user, today=today) for user in officials)


def user_language_set(*, user, language: str) -> None:
    """Remember the user's language, if it is one the tracker speaks."""
    if language in dict(settings.LANGUAGES):
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})


def user_language(user) -> str:
    """The language to write to `user` in: their choice, or the site's default."""
    preference = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return preference or settings.LANGUAGE_CODE
