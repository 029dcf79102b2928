"""The demo's sample rounds (`load_report --demo`): one closed and one open round of a strategy, with sample
updates by the demo officials, reviews and a question, so that a newcomer sees every round page at work.
Everything made here is marked as sample; samples_remove deletes it all and leaves the report's data as it
was."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.access import REVIEWERS

from ..models import (
    Action,
    Membership,
    ReasonCode,
    ReportingRound,
    Review,
    ReviewMessage,
    RoundReport,
    RoundSnapshot,
    Status,
    StatusUpdate,
    Strategy,
)
from .figures import figures_lock
from .rounds import review_message_create, round_close, round_open
from .updates import action_refresh_current, status_update_create

# (status code, progress, narrative) reported on the first actions, in the closed round and then the open one.
CLOSED_REPORTS = [
    ("in-progress", 20, "Working group set up; terms of reference agreed with the partner departments."),
    ("in-progress", 35, "Draft regulation circulated for comment."),
    ("delayed", 10, "Approval of the budget line is still pending."),
    ("not-started", 0, "Waiting for the provincial plan to be adopted."),
]
OPEN_REPORTS = [
    ("in-progress", 45, "First pilot projects selected; funding confirmed for two of them."),
    ("delayed", 35, "Comments from the ministry require a second draft."),
    ("in-progress", 30, "Budget approved; procurement has started."),
]


def _quarter_before(start: datetime.date) -> datetime.date:
    month, year = start.month - 3, start.year
    if month < 1:
        month, year = month + 12, year - 1
    return datetime.date(year, month, 1)


def _quarter_after(start: datetime.date) -> datetime.date:
    month, year = start.month + 3, start.year
    if month > 12:
        month, year = month - 12, year + 1
    return datetime.date(year, month, 1)


def samples_create(*, strategy: Strategy, today=None) -> list[str]:
    """Add the sample rounds to `strategy` unless it has sample rounds already, or a round of its own is open
    (the sample's open round would have to wait). Returns what was done, one line each."""
    today = today or timezone.localdate()
    if ReportingRound.objects.filter(strategy=strategy, is_sample=True).exists():
        return [f"{strategy.code}: sample rounds already there"]
    if ReportingRound.objects.open().filter(strategy=strategy).exists():
        return [f"{strategy.code}: a round is open, so no sample rounds were added"]
    User = get_user_model()
    reviewer = User.objects.filter(groups__name=REVIEWERS, is_active=True).order_by("pk").first()
    memberships = {m.agency_id: m.user for m in Membership.objects.select_related("user").order_by("pk")}
    actions = [
        action
        for action in Action.objects.open().filter(strategy=strategy).order_by("category__code", "code")
        if action.lead_agency_id in memberships
    ][: len(CLOSED_REPORTS)]
    if reviewer is None or not actions:
        return [f"{strategy.code}: no demo reviewer or official, so no sample rounds were added"]
    statuses = {status.code: status for status in Status.objects.all()}
    reason = ReasonCode.objects.order_by("order", "code").first()
    quarter_start = today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1)
    with transaction.atomic():
        figures_lock(action.pk for action in actions)
        closed = ReportingRound.objects.create(
            strategy=strategy,
            name="Sample round: last quarter",
            name_zh_hans="示例轮次：上季度",
            period_start=_quarter_before(quarter_start),
            period_end=quarter_start - datetime.timedelta(days=1),
            opens_on=today - datetime.timedelta(days=14),
            deadline=today,
            is_sample=True,
        )
        round_open(round=closed)

        def report(action, status_code, progress, narrative):
            status = statuses[status_code]
            return status_update_create(
                action=action,
                status=status,
                progress=progress,
                reported_on=today,
                narrative=narrative,
                author=memberships[action.lead_agency_id],
                agency=action.lead_agency,
                reason=reason if status.needs_reason else None,
                reason_text="Sample reason." if status.needs_reason else "",
                is_sample=True,
            )

        for action, (code, progress, narrative) in zip(actions, CLOSED_REPORTS, strict=False):
            if code in statuses:
                report(action, code, progress, narrative)
        for action, rating, evidence in zip(
            actions,
            ["on_track", "minor_delay", "off_track"],
            ["verified", "partly", "not_supported"],
            strict=False,
        ):
            Review.objects.create(
                round=closed,
                action=action,
                reviewer=reviewer,
                rating=rating,
                evidence=evidence,
                comment="Sample review.",
            )
        round_close(round=closed, user=reviewer)
        current = ReportingRound.objects.create(
            strategy=strategy,
            name="Sample round: this quarter",
            name_zh_hans="示例轮次：本季度",
            period_start=quarter_start,
            period_end=_quarter_after(quarter_start) - datetime.timedelta(days=1),
            opens_on=today,
            deadline=today + datetime.timedelta(days=30),
            is_sample=True,
        )
        round_open(round=current)
        updates = [
            report(action, code, progress, narrative)
            for action, (code, progress, narrative) in zip(actions, OPEN_REPORTS, strict=False)
            if code in statuses
        ]
        Review.objects.create(
            round=current,
            action=actions[0],
            reviewer=reviewer,
            rating="on_track",
            evidence="partly",
            comment="Sample review: the pilot list is attached, the funding letters are not.",
        )
        if updates:
            review_message_create(
                update=updates[0],
                author=reviewer,
                kind="question",
                text="Sample question: can you attach the funding letters for the two pilots?",
                is_sample=True,
            )
    Strategy.objects.filter(pk=strategy.pk).update(has_samples=True)
    return [f"{strategy.code}: sample rounds added (one closed, one open), {len(actions)} actions reported"]


def samples_remove() -> int:
    """Delete every sample round, update, review, question and snapshot; each action's current status goes
    back to its latest real update. Returns how many sample updates were deleted."""
    with transaction.atomic():
        updates = StatusUpdate.objects.filter(is_sample=True)
        action_ids = set(updates.values_list("action_id", flat=True))
        figures_lock(action_ids)
        rounds = ReportingRound.objects.filter(is_sample=True)
        ReviewMessage.objects.filter(is_sample=True).delete()
        ReviewMessage.objects.filter(update__in=updates).delete()
        RoundSnapshot.objects.filter(round__in=rounds).delete()
        RoundReport.objects.filter(round__in=rounds).delete()
        RoundReport.objects.filter(update__in=updates).delete()
        Review.objects.filter(round__in=rounds).delete()
        rounds.delete()
        # A correction points at the update it corrects: delete the later ones first.
        count = 0
        for update in updates.order_by("-created_at", "-pk"):
            update.delete()
            count += 1
        for action in Action.objects.filter(pk__in=action_ids).order_by("pk"):
            action_refresh_current(action=action)
        Strategy.objects.update(has_samples=False)
    return count
