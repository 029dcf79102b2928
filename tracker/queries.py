"""Read models for the overview and the dashboards: figures per strategy, category and lead agency from a few
aggregate queries, and the groups of My actions."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, OuterRef, Q, Subquery, Sum, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.paging import COUNT_CAP, page_rows
from indicators.charts import Marker
from indicators.models import Series, SeriesDirection, stale_since_year
from indicators.progress import Progress

from .models import (
    COUNTED_OUTCOMES,
    Action,
    ActionFigures,
    ActionSeries,
    Agency,
    AgencyDueFigures,
    AgencyFigures,
    Category,
    Status,
    StatusColour,
    StatusOutcome,
    StatusUpdate,
    Strategy,
)

# At most this many status-update markers on one chart: the newest.
MAX_CHART_EVENTS = 200
# Rows shown in each group of My actions; the group says how many it has in all.
GROUP_ROWS = 50
# Lead agencies a dashboard lists: those that lead the most actions (the page says how many there are).
DASHBOARD_AGENCIES = 25


@dataclass
class Segment:
    """One coloured part of a status bar."""

    label: str
    colour: str  # a CSS class suffix: a StatusColour value or none
    count: int
    glyph: str = "–"  # the status's icon, beside its colour
    percent: int = 0  # width in whole percent; the segments of one bar add up to 100
    status_code: str = "none"


@dataclass
class Figures:
    """The figures of a group of actions (a strategy, a category, an agency, or all of a strategy's)."""

    subject: object
    total: int = 0
    overdue: int = 0
    achieved: int = 0
    dropped: int = 0
    latest_update: object = None
    unreported: int = 0  # actions not reported on yet: left out of the average, counted apart
    counted: int = 0
    progress_sum: int = 0
    segments: list[Segment] = field(default_factory=list)

    @property
    def average_progress(self):
        """Mean progress over the counted actions, rounded to a whole percent; None when none count."""
        return round(self.progress_sum / self.counted) if self.counted else None


def _widths(counts: list[int]) -> list[int]:
    """Whole percentages that add up to 100 (largest remainder), so that a bar is never short or too long."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    exact = [count * 100 / total for count in counts]
    widths = [int(value) for value in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - widths[i], reverse=True)
    for i in by_remainder[: 100 - sum(widths)]:
        widths[i] += 1
    return widths


def _segments(statuses, counts: dict) -> list[Segment]:
    segments = [
        Segment(
            label=status.name,
            colour=status.colour,
            glyph=status.glyph,
            count=counts.get(status.pk, 0),
            status_code=status.code,
        )
        for status in statuses
    ]
    segments.append(Segment(label=_("No update yet"), colour="none", count=counts.get(None, 0)))
    segments = [segment for segment in segments if segment.count]
    for segment, width in zip(segments, _widths([s.count for s in segments]), strict=True):
        segment.percent = width
    return segments


def _totals(rows, key: str, statuses) -> dict:
    """Figures per value of `key` from ActionQuerySet.figure_counts rows (one per value and status): what the
    status of a row means (open, achieved, dropped; none yet) is known here, so the database only counts."""
    by_pk = {status.pk: status for status in statuses}
    totals = {}
    for row in rows:
        figures, counts = totals.setdefault(row[key], (Figures(subject=None), {}))
        status = by_pk.get(row["status"])
        outcome = status.outcome if status else None
        figures.total += row["total"]
        if outcome in (None, StatusOutcome.OPEN):  # an open action (OPEN_ACTION)
            figures.overdue += row["overdue"]
        if outcome == StatusOutcome.ACHIEVED:
            figures.achieved += row["total"]
        elif outcome == StatusOutcome.DROPPED:
            figures.dropped += row["total"]
        elif status is None:
            figures.unreported += row["total"]
        if outcome in COUNTED_OUTCOMES:
            figures.counted += row["total"]
            figures.progress_sum += row["progress_sum"]
        latest = row["latest_update"]
        if latest and (figures.latest_update is None or latest > figures.latest_update):
            figures.latest_update = latest
        counts[row["status"]] = row["total"]
    for figures, counts in totals.values():
        figures.segments = _segments(statuses, counts)
    return {value: figures for value, (figures, _counts) in totals.items()}


def _figures(subjects, totals: dict) -> list[Figures]:
    """Each of `subjects` with its figures from _totals (none: all zero)."""
    result = []
    for subject in subjects:
        figures = totals.get(subject.pk) or Figures(subject=None)
        figures.subject = subject
        result.append(figures)
    return result


def _overall(rows: list[Figures], statuses) -> Figures:
    total = Figures(subject=None)
    counts = defaultdict(int)
    for row in rows:
        total.total += row.total
        total.overdue += row.overdue
        total.achieved += row.achieved
        total.dropped += row.dropped
        total.unreported += row.unreported
        total.counted += row.counted
        total.progress_sum += row.progress_sum
        if row.latest_update and (total.latest_update is None or row.latest_update > total.latest_update):
            total.latest_update = row.latest_update
        for segment in row.segments:
            counts[segment.status_code] += segment.count
    by_pk = {status.code: status.pk for status in statuses}
    total.segments = _segments(statuses, {by_pk.get(code): count for code, count in counts.items()})
    return total


def category_figures(categories, *, actions=None, statuses=None) -> list[Figures]:
    """Figures for each of `categories` from `actions`: one query, two without the statuses. Without
    `actions`, from the counted rows (ActionFigures) of each category's actions, with the latest update and
    this month's overdue actions read from one index row and one month of rows per category: the same
    figures in two queries (three without the statuses), however many actions there are."""
    statuses = list(Status.objects.all()) if statuses is None else statuses
    if actions is not None:
        return _figures(categories, _totals(actions.figure_counts("category"), "category", statuses))
    categories = list(categories)
    rows, overdue_now = counted_figure_counts(categories)
    totals = _totals(rows, "category", statuses)
    for pk, figures in totals.items():
        figures.overdue += overdue_now.get(pk, 0)
    return _figures(categories, totals)


def counted_figure_counts(categories, today=None) -> tuple[list[dict], dict]:
    """ActionQuerySet.figure_counts("category") rows from the counted rows of `categories` (ActionFigures),
    with overdue counting the actions due in earlier months, and apart, per category, the open actions due
    earlier this month: two queries, whatever the number of actions."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    ids = [category.pk for category in categories]
    due_this_month = (
        Action.objects.open()
        .filter(category=OuterRef("pk"), due_date__gte=month, due_date__lt=today)
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = (
        Action.objects.filter(category=OuterRef("pk"), last_reported_on__isnull=False)
        .order_by("-last_reported_on")
        .values("last_reported_on")[:1]
    )
    per_category = {
        row["pk"]: row
        for row in Category.objects.filter(pk__in=ids)
        .annotate(latest_update=Subquery(latest), overdue_now=Subquery(due_this_month))
        .values("pk", "latest_update", "overdue_now")
    }
    rows = [
        {**row, "latest_update": per_category[row["category"]]["latest_update"]}
        for row in ActionFigures.objects.filter(category__in=ids)
        .order_by()
        .values("category", "status")
        .annotate(
            total=Sum("actions"),
            progress_sum=Sum("progress_sum"),
            # Overdue if open: due in an earlier month (the actions due this month are counted apart).
            overdue=Sum("actions", filter=Q(due_month__lt=month), default=0),
        )
    ]
    return rows, {pk: row["overdue_now"] or 0 for pk, row in per_category.items()}


def strategy_figures(strategies) -> list[Figures]:
    """Figures for each of `strategies`, the sum of its categories' (category_figures, from the counted
    rows): four queries, however many strategies and actions there are."""
    statuses = list(Status.objects.all())
    ids = [strategy.pk for strategy in strategies]
    by_strategy = defaultdict(list)
    for figures in category_figures(Category.objects.filter(strategy__in=ids), statuses=statuses):
        by_strategy[figures.subject.strategy_id].append(figures)
    result = []
    for strategy in strategies:
        figures = _overall(by_strategy[strategy.pk], statuses)
        figures.subject = strategy
        result.append(figures)
    return result


def agency_figures(strategy, statuses, *, limit: int, today=None) -> tuple[list[Figures], int]:
    """Figures for the `limit` agencies that lead the most of the strategy's actions (listed by name), and
    how many agencies lead any: from the counted rows (AgencyFigures), with the overdue actions of the
    agencies shown from their counted rows of the months before this one (AgencyDueFigures) and, apart, from
    their open actions due earlier this month, and their latest update from one index row. Two queries,
    whatever the number of actions."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    # Tuples, not dicts: a strategy has a row per agency and status, hundreds of them.
    rows = list(
        AgencyFigures.objects.filter(strategy=strategy)
        .order_by()
        .values_list("lead_agency", "status", "actions", "progress_sum")
    )
    totals = defaultdict(int)
    for agency, _status, actions, _progress in rows:
        totals[agency] += actions
    # The agencies that lead the most actions (choosing among them here is cheap), and the figures of those
    # only; their latest update and overdue actions are added below.
    leading = sorted(totals, key=lambda pk: (-totals[pk], pk))[:limit]
    shown = set(leading)
    by_agency = _totals(
        [
            {
                "lead_agency": agency,
                "status": status,
                "total": actions,
                "progress_sum": progress,
                "overdue": 0,
                "latest_update": None,
            }
            for agency, status, actions, progress in rows
            if agency in shown
        ],
        "lead_agency",
        statuses,
    )
    # Open: no status yet or an open one, by id (not a join on the statuses), so that indexes alone answer.
    open_status = Q(status__isnull=True) | Q(
        status__in=[s.pk for s in statuses if s.outcome == StatusOutcome.OPEN]
    )
    due_earlier = (
        AgencyDueFigures.objects.filter(
            open_status, strategy=strategy, lead_agency=OuterRef("pk"), due_month__lt=month
        )
        .order_by()
        .values("lead_agency")
        .annotate(n=Sum("actions"))
        .values("n")
    )
    actions = Action.objects.filter(strategy=strategy, lead_agency=OuterRef("pk")).order_by()
    due_this_month = (
        actions.filter(open_status, due_date__gte=month, due_date__lt=today)
        .values("lead_agency")
        .annotate(n=Count("*"))
        .values("n")
    )
    latest = actions.filter(last_reported_on__isnull=False).order_by("-last_reported_on")
    agencies = Agency.objects.filter(pk__in=leading).annotate(
        latest_update=Subquery(latest.values("last_reported_on")[:1]),
        due_earlier=Subquery(due_earlier),
        due_this_month=Subquery(due_this_month),
    )
    figures = _figures(agencies, by_agency)
    for row in figures:
        row.latest_update = row.subject.latest_update
        row.overdue = (row.subject.due_earlier or 0) + (row.subject.due_this_month or 0)
    return figures, len(totals)


def dashboard(strategy) -> dict:
    """Figures of the strategy's actions per category, per lead agency and overall, from the counted rows:
    six queries, whatever the number of actions."""
    statuses = list(Status.objects.all())
    categories = category_figures(strategy.categories.all(), statuses=statuses)
    agencies, agency_count = agency_figures(strategy, statuses, limit=DASHBOARD_AGENCIES)
    return {
        "statuses": statuses,
        "categories": categories,
        "agencies": agencies,
        "agency_count": agency_count,
        "overall": _overall(categories, statuses),
    }


@dataclass
class Group:
    """The first rows of a group of actions, and how many it has in all, counted up to a cap: a count above
    COUNT_CAP means "more than COUNT_CAP" (capped)."""

    rows: list
    count: int

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def first_rows(queryset, limit: int, count_parts) -> Group:
    """The first `limit` rows of `queryset` (actions) and its count up to COUNT_CAP (the capped counts of
    its `count_parts` added up), from one query (core.paging); in the default order, picked category by
    category (ActionQuerySet.page_keys)."""
    rows, count = page_rows(
        queryset,
        limit=limit,
        cap=COUNT_CAP,
        rows_from=Action.objects.with_related(),
        keys=queryset.page_keys(0, limit),
        count_parts=count_parts,
    )
    return Group(rows=rows, count=count)


def agency_action_groups(agency_ids, *, due_soon_days: int, limit: int = GROUP_ROWS) -> dict[str, Group]:
    """The actions that `agency_ids` lead or support, each in the first group it belongs to: overdue,
    due_soon, stale, other; of each, the first `limit` (the soonest due first in the first two) and the
    count (up to COUNT_CAP). Each action shown carries latest_update (or None) and is_lead.

    Five queries, however many actions there are; the latest updates are read for the rows shown only.
    """
    base = Action.objects.for_agencies(agency_ids)
    # Counted as the actions the agencies lead plus those they only support, each part from an index.
    parts = Action.objects.for_agencies_parts(agency_ids)
    # The groups are the querysets' own conditions, so My actions and the reminders agree; each group is
    # one condition (not a NOT IN subquery of the groups before it), so that each is read in one pass.
    today = timezone.localdate()
    overdue = Action.objects.overdue_q(today)
    due_soon = Action.objects.due_within_q(due_soon_days, today)
    stale = Action.objects.stale_q(today=today)
    by_due_date = ("due_date", *Action._meta.ordering)
    # The last two groups are "not in an earlier group": one CASE of the conditions in order rather than
    # their negations, whose ORs PostgreSQL would match against every index of actions while planning. An
    # inequality, which PostgreSQL supposes a third of the actions meet (as the last groups' conditions
    # roughly do), so that it reads them category by category.
    first_group = Case(When(overdue, then=1), When(due_soon, then=2), When(stale, then=3), default=4)
    conditions = {
        "overdue": (overdue, by_due_date),
        "due_soon": (due_soon, by_due_date),
        "stale": (Q(first_group__gt=2) & stale, Action._meta.ordering),
        "other": (Q(first_group__gt=3), Action._meta.ordering),
    }
    groups = {
        key: first_rows(
            base.alias(first_group=first_group).filter(condition).with_related().order_by(*ordering),
            limit,
            [part.alias(first_group=first_group).filter(condition) for part in parts],
        )
        for key, (condition, ordering) in conditions.items()
    }
    shown = [action.pk for group in groups.values() for action in group.rows]
    latest = StatusUpdate.objects.filter(action=OuterRef("pk")).effective().latest_first().values("pk")[:1]
    latest_ids = Action.objects.filter(pk__in=shown).annotate(latest=Subquery(latest)).values("latest")
    updates = StatusUpdate.objects.filter(pk__in=latest_ids).select_related("status", "author", "agency")
    updates = {update.action_id: update for update in updates} if shown else {}
    for group in groups.values():
        for action in group.rows:
            action.latest_update = updates.get(action.pk)
            action.is_lead = action.lead_agency_id in agency_ids
    return groups


def series_markers(series, action_code=None) -> tuple[list, list]:
    """The markers of a series' chart (registered with indicators.markers), from the actions linked to it
    (only the action `action_code` names, "<strategy>:<code>", when given): a dot per date on which one of
    them logged a status update still in force, and a line at the publication of each of their strategies.

    Three queries, however many actions and updates there are.
    """
    updates = StatusUpdate.objects.effective().filter(action__series_links__series=series)
    strategies = Strategy.objects.filter(actions__series_links__series=series)
    if action_code:
        strategy_code, _sep, code = action_code.rpartition(":")
        updates = updates.filter(action__code=code)
        if strategy_code:
            updates = updates.filter(action__strategy__code=strategy_code)
            strategies = strategies.filter(code=strategy_code)
        else:
            strategies = strategies.filter(actions__code=code)
    rows = list(
        updates.order_by("-reported_on", "action__strategy__code", "action__code")
        .values_list("reported_on", "action__strategy__code", "action__code")
        .distinct()[:MAX_CHART_EVENTS]
    )
    # Two strategies may both have an action 2.5: name the strategy when the chart shows several.
    several = len({strategy for _date, strategy, _code in rows}) > 1
    events = [Marker(date, f"{strategy} {code}" if several else code) for date, strategy, code in rows]
    milestones = [
        Marker(strategy.published_on, _("%(strategy)s published") % {"strategy": strategy.label})
        for strategy in strategies.filter(published_on__isnull=False)
        .distinct()
        .order_by("published_on", "code")
    ]
    return events, milestones


def indicator_figures(today=None) -> dict:
    """For the dashboard: how many series there are, how many are stale, and how many have each verdict."""
    since = stale_since_year(today)
    # COUNT(*): series_progress_idx alone answers.
    counts = dict(Series.objects.order_by().values_list("progress").annotate(n=Count("*")))
    return {
        "series_total": sum(counts.values()),
        "series_stale": Series.objects.stale(since).count(),
        "stale_since": since,
        "series_progress": [(code, label, counts.get(code, 0)) for code, label in Progress.choices],
    }


def evidence_disagreements(actions=None, *, limit: int = 20) -> dict:
    """Links where an action's own status and the evidence of a series it is meant to move disagree:
    reported on track (a green status) or achieved while the series deteriorates, or reported delayed (amber)
    while the series makes substantial progress or has met its target. Context-only series never count.

    Returns the total and the first `limit` links (two queries, however many actions there are).
    """
    links = ActionSeries.objects.exclude(series__direction=SeriesDirection.NONE).filter(
        Q(
            Q(action__status__colour=StatusColour.GREEN) | Q(action__status__outcome=StatusOutcome.ACHIEVED),
            series__progress=Progress.DETERIORATION,
        )
        | Q(
            action__status__colour=StatusColour.AMBER,
            series__progress__in=[Progress.SUBSTANTIAL, Progress.TARGET_ACHIEVED],
        )
    )
    if actions is not None:
        links = links.filter(action__in=actions)
    links = links.select_related("action__strategy", "action__status", "series").order_by(
        "action__strategy__code", "action__category__code", "action__code", "series__code"
    )
    return {"total": links.count(), "rows": list(links[:limit])}
