"""Reporting rounds: opening and closing them (closing freezes a snapshot of every action), the lead agencies'
round reports, the reviewers' assessments, and the thread of questions and answers on a status update."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.access import OFFICIALS, REVIEWERS

from ..models import (
    OPEN_ACTION,
    Action,
    EvidenceSupport,
    MessageKind,
    Rating,
    ReportingRound,
    Review,
    ReviewMessage,
    RoundReport,
    RoundSnapshot,
    RoundState,
    StatusUpdate,
)
from .accounts import user_language

logger = logging.getLogger(__name__)


def round_open(*, round: ReportingRound, now=None) -> ReportingRound:
    """Open a planned round; a strategy has at most one open round at a time."""
    with transaction.atomic():
        round = ReportingRound.objects.select_for_update().get(pk=round.pk)
        if round.state != RoundState.PLANNED:
            raise ValidationError(
                _("Only a planned round can be opened; “%(name)s” is %(state)s.")
                % {"name": round.name, "state": round.get_state_display().lower()}
            )
        other = ReportingRound.objects.open().filter(strategy_id=round.strategy_id).exclude(pk=round.pk)
        if other.exists():
            raise ValidationError(
                _("“%(name)s” is still open: close it before opening another round of this strategy.")
                % {"name": other.first().name}
            )
        round.state = RoundState.OPEN
        round.opened_at = now or timezone.now()
        round.save(update_fields=["state", "opened_at"])
    return round


def round_close(*, round: ReportingRound, user, now=None) -> ReportingRound:
    """Close an open round and freeze it: one snapshot per action of the strategy, with its current status
    and progress, the lead agency's round report and the review as they stand now."""
    now = now or timezone.now()
    with transaction.atomic():
        round = ReportingRound.objects.select_for_update().get(pk=round.pk)
        if round.state != RoundState.OPEN:
            raise ValidationError(
                _("Only an open round can be closed; “%(name)s” is %(state)s.")
                % {"name": round.name, "state": round.get_state_display().lower()}
            )
        # No status update of the strategy may land between the snapshot and the closing.
        actions = list(
            Action.objects.select_for_update().filter(strategy_id=round.strategy_id).order_by("pk")
        )
        open_ids = set(
            Action.objects.filter(strategy_id=round.strategy_id)
            .filter(OPEN_ACTION)
            .values_list("pk", flat=True)
        )
        reports = {report.action_id: report for report in round.reports.select_related("update__reason")}
        reviews = {review.action_id: review for review in round.reviews.all()}
        snapshots = []
        for action in actions:
            report = reports.get(action.pk)
            review = reviews.get(action.pk)
            update = report.update if report else None
            reason = ""
            if update and update.reason:
                reason = update.reason.name + (f" — {update.reason_text}" if update.reason_text else "")
            snapshots.append(
                RoundSnapshot(
                    round=round,
                    action=action,
                    category_id=action.category_id,
                    lead_agency_id=action.lead_agency_id,
                    status_id=action.status_id,
                    progress=action.progress,
                    reported_on=update.reported_on if update else None,
                    narrative=update.narrative if update else "",
                    reason=reason,
                    report=update,
                    report_late=bool(report and timezone.localdate(report.submitted_at) > round.deadline),
                    rating=review.rating if review else "",
                    evidence=review.evidence if review else "",
                    review_comment=review.comment if review else "",
                    was_open=action.pk in open_ids,
                )
            )
        RoundSnapshot.objects.bulk_create(snapshots)
        round.state = RoundState.CLOSED
        round.closed_at = now
        round.closed_by = user
        round.save(update_fields=["state", "closed_at", "closed_by"])
    return round


def round_report_record(*, update: StatusUpdate) -> RoundReport | None:
    """Make `update` its action's report in the strategy's open round, when the lead agency logged it.

    Called by status_update_create inside its transaction (the action row locked). The report's first
    submission time stays; a later update in the same round (a correction, say) becomes the report.
    """
    action = update.action
    if update.agency_id is None or update.agency_id != action.lead_agency_id:
        return None
    round = ReportingRound.objects.open().filter(strategy_id=action.strategy_id).first()
    if round is None:
        return None
    report, created = RoundReport.objects.get_or_create(
        round=round, action=action, defaults={"update": update, "submitted_at": update.created_at}
    )
    if not created:
        report.update = update
        report.save(update_fields=["update"])
    return report


def review_save(
    *, round: ReportingRound, action: Action, reviewer, rating: str, evidence: str, comment: str = ""
) -> Review:
    """Record (or change) the review of `action` in `round`; only while the round is open."""
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = _("Choose a rating.")
    if evidence not in EvidenceSupport.values:
        errors["evidence"] = _("Say how well the evidence supports the report.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round = ReportingRound.objects.select_for_update().get(pk=round.pk)
        if round.state != RoundState.OPEN:
            raise ValidationError(_("The round is not open: its reviews can no longer change."))
        if action.strategy_id != round.strategy_id:
            raise ValidationError(_("The action is not one of the round's strategy."))
        now = timezone.now()
        review = Review.objects.filter(round=round, action=action).first()
        if review is None:
            review = Review(round=round, action=action, created_at=now)
        review.reviewer = reviewer
        review.rating = rating
        review.evidence = evidence
        review.comment = comment.strip()
        review.updated_at = now
        review.save()
    return review


def _recipients(message: ReviewMessage) -> list:
    """The other side of a thread: for a question, the officials of the agency that reported the update (the
    lead agency when an administrator logged it); for an answer, the reviewers who asked in the thread."""
    User = get_user_model()
    update = message.update
    if message.kind == MessageKind.QUESTION:
        agency_id = update.agency_id or update.action.lead_agency_id
        users = User.objects.filter(groups__name=OFFICIALS, memberships__agency_id=agency_id)
    else:
        askers = update.messages.filter(kind=MessageKind.QUESTION).values("author")
        users = User.objects.filter(pk__in=askers, groups__name=REVIEWERS)
    return list(users.filter(is_active=True).exclude(email="").exclude(pk=message.author_id).distinct())


def review_message_notify(*, message: ReviewMessage) -> bool:
    """Email the other side of the thread about `message`, once: a message already notified is skipped.
    Returns whether emails went out. A failed send leaves it unnotified, for send_reminders to retry."""
    site = settings.TRACKER_SITE_URL.rstrip("/")
    with transaction.atomic():
        message = (
            ReviewMessage.objects.select_for_update(of=("self",))
            .select_related("update__action__strategy", "update__agency", "author")
            .get(pk=message.pk)
        )
        if message.notified_at is not None:
            return False
        action = message.update.action
        for user in _recipients(message):
            context = {
                "user": user,
                "message": message,
                "action": action,
                "url": f"{site}{action.get_absolute_url()}#update-{message.update_id}",
            }
            with translation.override(user_language(user)):
                subject = " ".join(render_to_string("tracker/email/message_subject.txt", context).split())
                body = render_to_string("tracker/email/message_body.txt", context)
            EmailMessage(subject=subject, body=body, to=[user.email]).send()
        message.notified_at = timezone.now()
        message.save(update_fields=["notified_at"])
    return True


def review_messages_notify_pending() -> int:
    """Send the emails of every message whose sending failed before; return how many messages went out."""
    sent = 0
    for message in ReviewMessage.objects.filter(notified_at__isnull=True).order_by("pk"):
        try:
            sent += review_message_notify(message=message)
        except Exception:
            logger.exception("Could not email about message %s; the next run tries again", message.pk)
    return sent


def review_message_create(
    *, update: StatusUpdate, author, kind: str, text: str, is_sample: bool = False
) -> ReviewMessage:
    """Add a question (by a reviewer) or an answer (by an official of the action's agencies) to the thread on
    `update`, then email the other side. Who may write which is checked by tracker.access."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your message.")})
    if kind == MessageKind.ANSWER and not update.messages.filter(kind=MessageKind.QUESTION).exists():
        raise ValidationError({"text": _("There is no question to answer on this update.")})
    with transaction.atomic():
        message = ReviewMessage.objects.create(
            update=update, author=author, kind=kind, text=text, is_sample=is_sample
        )
    try:
        review_message_notify(message=message)
    except Exception:  # the message stands; send_reminders sends its email later
        logger.exception("Could not email about message %s; send_reminders will try again", message.pk)
    return message
