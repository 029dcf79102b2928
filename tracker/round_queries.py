"""Reads of the reporting rounds: each action's line in a round (what was due, reported and reviewed), what
an official's agencies owe in open rounds, and the comparison of two closed rounds. A fixed number of queries
each, however many actions there are."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import (
    OPEN_ACTION,
    Action,
    EvidenceSupport,
    Rating,
    ReportingRound,
    Review,
    RoundReport,
    RoundSnapshot,
    Status,
    StatusOutcome,
    StatusUpdate,
)


class ReportState:
    """Where an action's round report stands."""

    SUBMITTED = "submitted"
    SUBMITTED_LATE = "submitted-late"
    DUE = "due"
    LATE = "late"
    MISSING = "missing"  # the round closed without it
    NOT_EXPECTED = "not-expected"  # the action was finished before the round

    LABELS = {
        SUBMITTED: _("Submitted"),
        SUBMITTED_LATE: _("Submitted late"),
        DUE: pgettext_lazy("round report", "Due"),
        LATE: _("Late"),
        MISSING: _("Missing"),
        NOT_EXPECTED: _("Not expected"),
    }
    # The states that count as a report the agency did not give on time.
    LATE_OR_MISSING = {SUBMITTED_LATE, LATE, MISSING}


@dataclass
class RoundLine:
    """One action in a round: its report, status and review, live while the round is open, frozen after."""

    action: Action
    category: object
    lead_agency: object
    status: Status | None
    progress: int
    state: str
    update: StatusUpdate | None = None  # the round report
    narrative: str = ""
    reason: str = ""
    rating: str = ""
    evidence: str = ""
    review_comment: str = ""
    corrected_after_close: bool = False

    @property
    def state_label(self):
        return ReportState.LABELS[self.state]

    @property
    def rating_label(self):
        return Rating(self.rating).label if self.rating else ""

    @property
    def evidence_label(self):
        return EvidenceSupport(self.evidence).label if self.evidence else ""


def _reason(update) -> str:
    if update is None or update.reason is None:
        return ""
    return update.reason.name + (f" — {update.reason_text}" if update.reason_text else "")


def _open_state(report, is_open_action: bool, round, today) -> str:
    if report is not None:
        submitted = timezone.localdate(report.submitted_at)
        return ReportState.SUBMITTED_LATE if submitted > round.deadline else ReportState.SUBMITTED
    if not is_open_action:
        return ReportState.NOT_EXPECTED
    return ReportState.LATE if today > round.deadline else ReportState.DUE


def round_lines(round: ReportingRound, *, today=None) -> list[RoundLine]:
    """Every action of the round's strategy, by category and code. A closed round's lines are its snapshots
    (four queries); an open or planned round's are the actions as they stand (five queries)."""
    today = today or timezone.localdate()
    if round.is_closed:
        snapshots = (
            RoundSnapshot.objects.filter(round=round)
            .select_related(
                "action__strategy", "category", "lead_agency", "status", "report__author", "report__agency"
            )
            .order_by("category__code", "action__code")
        )
        corrected = set(
            StatusUpdate.objects.filter(
                corrects__in=[s.report_id for s in snapshots if s.report_id], created_at__gt=round.closed_at
            ).values_list("corrects_id", flat=True)
        )
        lines = []
        for snapshot in snapshots:
            if snapshot.report_id:
                state = ReportState.SUBMITTED_LATE if snapshot.report_late else ReportState.SUBMITTED
            else:
                state = ReportState.MISSING if snapshot.was_open else ReportState.NOT_EXPECTED
            lines.append(
                RoundLine(
                    action=snapshot.action,
                    category=snapshot.category,
                    lead_agency=snapshot.lead_agency,
                    status=snapshot.status,
                    progress=snapshot.progress,
                    state=state,
                    update=snapshot.report,
                    narrative=snapshot.narrative,
                    reason=snapshot.reason,
                    rating=snapshot.rating,
                    evidence=snapshot.evidence,
                    review_comment=snapshot.review_comment,
                    corrected_after_close=snapshot.report_id in corrected,
                )
            )
        return lines
    reports = RoundReport.objects.filter(round=round, action=OuterRef("pk"))
    actions = list(
        Action.objects.with_related()
        .filter(strategy_id=round.strategy_id)
        .annotate(report_id=Subquery(reports.values("pk")[:1]))
        .order_by("category__code", "code")
    )
    open_ids = set(
        Action.objects.filter(strategy_id=round.strategy_id).filter(OPEN_ACTION).values_list("pk", flat=True)
    )
    report_by_id = RoundReport.objects.select_related(
        "update__reason", "update__author", "update__agency", "update__status"
    ).in_bulk([a.report_id for a in actions if a.report_id])
    reviews = {review.action_id: review for review in Review.objects.filter(round=round)}
    lines = []
    for action in actions:
        report = report_by_id.get(action.report_id)
        review = reviews.get(action.pk)
        update = report.update if report else None
        lines.append(
            RoundLine(
                action=action,
                category=action.category,
                lead_agency=action.lead_agency,
                status=action.status,
                progress=action.progress,
                state=_open_state(report, action.pk in open_ids, round, today),
                update=update,
                narrative=update.narrative if update else "",
                reason=_reason(update),
                rating=review.rating if review else "",
                evidence=review.evidence if review else "",
                review_comment=review.comment if review else "",
            )
        )
    return lines


@dataclass
class RoundSummary:
    expected: int = 0
    submitted: int = 0
    late_or_missing: int = 0
    reviewed: int = 0
    by_state: Counter = field(default_factory=Counter)
    by_status: list = field(default_factory=list)  # (status or None, count)
    by_rating: list = field(default_factory=list)  # (label, count)

    @property
    def submitted_percent(self):
        return round(self.submitted * 100 / self.expected) if self.expected else None


def round_summary(lines: list[RoundLine], statuses) -> RoundSummary:
    summary = RoundSummary()
    status_counts = Counter(line.status.pk if line.status else None for line in lines)
    for line in lines:
        summary.by_state[line.state] += 1
        if line.state != ReportState.NOT_EXPECTED:
            summary.expected += 1
        if line.update is not None:
            summary.submitted += 1
        if line.state in ReportState.LATE_OR_MISSING:
            summary.late_or_missing += 1
        if line.rating:
            summary.reviewed += 1
    summary.by_status = [(s, status_counts[s.pk]) for s in statuses if status_counts[s.pk]]
    if status_counts[None]:
        summary.by_status.append((None, status_counts[None]))
    rating_counts = Counter(line.rating for line in lines if line.rating)
    summary.by_rating = [(label, rating_counts[value]) for value, label in Rating.choices]
    return summary


def lines_by_category(lines: list[RoundLine]) -> list[tuple[object, list[RoundLine]]]:
    groups = defaultdict(list)
    categories = {}
    for line in lines:
        groups[line.category.pk].append(line)
        categories[line.category.pk] = line.category
    return [(categories[pk], groups[pk]) for pk in sorted(groups, key=lambda pk: categories[pk].code)]


def agency_round_obligations(agency_ids, *, today=None) -> list[dict]:
    """For each open round of a strategy in which `agency_ids` lead actions: the round and its actions those
    agencies lead, grouped as late, due and submitted. Three queries, however many rounds and actions."""
    today = today or timezone.localdate()
    rounds = list(
        ReportingRound.objects.open()
        .filter(strategy__actions__lead_agency__in=agency_ids)
        .select_related("strategy")
        .distinct()
        .order_by("deadline", "strategy__code")
    )
    if not rounds:
        return []
    reports = RoundReport.objects.filter(round__in=rounds, action=OuterRef("pk"))
    actions = (
        Action.objects.with_related()
        .filter(lead_agency__in=agency_ids, strategy__in=[r.strategy_id for r in rounds])
        .annotate(
            report_at=Subquery(reports.values("submitted_at")[:1]),
            report_update_id=Subquery(reports.values("update")[:1]),
        )
        .order_by("strategy__code", "category__code", "code")
    )
    by_strategy = defaultdict(list)
    for action in actions:
        by_strategy[action.strategy_id].append(action)
    result = []
    for round in rounds:
        groups = {"late": [], "due": [], "submitted": []}
        for action in by_strategy[round.strategy_id]:
            if action.report_at is not None:
                action.submitted_late = timezone.localdate(action.report_at) > round.deadline
                groups["submitted"].append(action)
            elif action.status is None or action.status.outcome == StatusOutcome.OPEN:
                groups["late" if today > round.deadline else "due"].append(action)
        result.append(
            {
                "round": round,
                **groups,
                "groups": [
                    ("late", _("Late"), groups["late"]),
                    ("due", pgettext_lazy("round report", "Due"), groups["due"]),
                    ("submitted", _("Submitted"), groups["submitted"]),
                ],
            }
        )
    return result


@dataclass
class Change:
    """One action compared between two closed rounds."""

    action: Action
    before: RoundSnapshot | None
    after: RoundSnapshot | None

    @property
    def status_changed(self) -> bool:
        return bool(self.before and self.after and self.before.status_id != self.after.status_id)

    @property
    def progress_delta(self) -> int | None:
        if self.before and self.after:
            return self.after.progress - self.before.progress
        return None


def _is_delayed(snapshot) -> bool:
    return bool(
        snapshot and snapshot.status and snapshot.status.needs_reason and not snapshot.status.is_closed
    )


def _is_achieved(snapshot) -> bool:
    return bool(snapshot and snapshot.status and snapshot.status.outcome == StatusOutcome.ACHIEVED)


def rounds_compare(before: ReportingRound, after: ReportingRound) -> dict:
    """What moved from the closed round `before` to the closed round `after` of one strategy: status changes,
    progress deltas, actions newly delayed (a status that needs a reason, still open) or newly achieved, and
    the lead agencies that did not report in `after`, with their missing actions. Two queries."""

    def snapshots(round):
        return {
            s.action_id: s
            for s in RoundSnapshot.objects.filter(round=round).select_related(
                "action__strategy", "status", "lead_agency", "category"
            )
        }

    old, new = snapshots(before), snapshots(after)
    changes = [
        Change(action=(new.get(pk) or old.get(pk)).action, before=old.get(pk), after=new.get(pk))
        for pk in set(old) | set(new)
    ]
    changes.sort(key=lambda c: ((c.after or c.before).category.code, c.action.code))
    status_changes = [c for c in changes if c.status_changed]
    progress_changes = [c for c in changes if c.progress_delta]
    newly_delayed = [c for c in changes if _is_delayed(c.after) and not _is_delayed(c.before)]
    newly_achieved = [c for c in changes if _is_achieved(c.after) and not _is_achieved(c.before)]
    silent = defaultdict(list)
    for snapshot in new.values():
        if snapshot.was_open and snapshot.report_id is None:
            silent[snapshot.lead_agency].append(snapshot.action)
    not_reported = sorted(
        ((agency, sorted(actions, key=lambda a: a.code)) for agency, actions in silent.items()),
        key=lambda pair: pair[0].name,
    )
    return {
        "status_changes": status_changes,
        "progress_changes": progress_changes,
        "newly_delayed": newly_delayed,
        "newly_achieved": newly_achieved,
        "not_reported": not_reported,
    }


CHART_ROW = 22  # pixels per bar of the HTML chart
# The colours of the status mix chart (the same as the status badges' in tracker.css).
STATUS_COLOURS = {
    "red": "#b02a37",
    "amber": "#f0ad4e",
    "green": "#198754",
    "grey": "#6c757d",
    None: "#ced4da",
}


@dataclass
class ChartBar:
    label: str
    count: int
    colour: str
    width: float  # share of the longest bar, 0–1
    y: int = 0  # its place in the HTML chart (pixels from the top)

    @property
    def pixels(self) -> int:
        """Its length in the HTML chart, whose longest bar is 360 pixels."""
        return round(self.width * 360)


def status_mix(summary: RoundSummary) -> list[ChartBar]:
    """One bar per status in the round (and one for actions without an update), for the report's chart."""
    longest = max((count for _status, count in summary.by_status), default=0) or 1
    return [
        ChartBar(
            label=status.name if status else str(_("No update yet")),
            count=count,
            colour=STATUS_COLOURS[status.colour if status else None],
            width=count / longest,
            y=index * CHART_ROW,
        )
        for index, (status, count) in enumerate(summary.by_status)
    ]


def round_report(round: ReportingRound) -> dict:
    """Everything the round report shows: summary figures, the status mix, per category its lines, and the
    late or missing reports. Six queries at most, however many actions."""
    lines = round_lines(round)
    summary = round_summary(lines, list(Status.objects.all()))
    return {
        "round": round,
        "strategy": round.strategy,
        "lines": lines,
        "summary": summary,
        "chart": (chart := status_mix(summary)),
        "chart_height": max(len(chart), 1) * CHART_ROW,
        "categories": lines_by_category(lines),
        "late": [line for line in lines if line.state in ReportState.LATE_OR_MISSING],
    }
