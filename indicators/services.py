"""Writes to indicator data that touch more than one row: revised observations keep their earlier value, and
each series' stored progress follows its observations, baseline and targets."""

from collections import defaultdict

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from .models import Observation, ObservationVintage, Series, Target
from .progress import Assessment, Goal, Point, assess


def series_assessment(series, observations=None, targets=None, baseline: Point | None = None) -> Assessment:
    """The series' progress, worked out now. `observations` and `targets` may be passed in when already
    fetched; otherwise they are read. `baseline` replaces the series' own (a strategy's baseline for it)."""
    observations = series.observations.all() if observations is None else observations
    targets = series.targets.all() if targets is None else targets
    if baseline is None and series.baseline_years:
        baseline = Point(*series.baseline_years, series.baseline_value)
    return assess(
        series.direction,
        [Point(obs.start_year, obs.end_year, obs.value) for obs in observations],
        [Goal(t.value, t.low, t.high, t.start_year, t.end_year) for t in targets],
        baseline,
    )


def series_progress_refresh(*, series_ids) -> int:
    """Store the progress of each series in `series_ids` again; returns how many changed.

    Called after every write to observations, targets or a baseline (admin, imports, services). The stored
    verdict lets list pages and the dashboard filter on it in the database. What it reads is read as plain
    values, not model instances, and of the observations only each series' first and latest (series_ends):
    an import may touch thousands of series with a hundred figures each.
    """
    ids = set(series_ids) - {None}
    points, goals = defaultdict(list), defaultdict(list)
    for series_id, start, end, value in series_ends(ids).values_list(
        "series_id", "start_year", "end_year", "value"
    ):
        points[series_id].append(Point(start, end, value))
    for series_id, *goal in Target.objects.filter(series_id__in=ids).values_list(
        "series_id", "value", "low", "high", "start_year", "end_year"
    ):
        goals[series_id].append(Goal(*goal))
    changed = defaultdict(list)
    for series in Series.objects.filter(pk__in=ids).only(
        "direction", "progress", "baseline_period", "baseline_value"
    ):
        baseline = Point(*series.baseline_years, series.baseline_value) if series.baseline_years else None
        progress = assess(series.direction, points[series.pk], goals[series.pk], baseline).progress
        if progress != series.progress:
            changed[progress].append(series.pk)
    for progress, changed_ids in changed.items():
        # update(), not save(): a verdict worked out from other rows is not a change to the series.
        Series.objects.filter(pk__in=changed_ids).update(progress=progress)
    return sum(len(changed_ids) for changed_ids in changed.values())


def series_ends(ids):
    """The first and the latest observation in time of each series in `ids`: all that the verdict reads of
    them (assess), so that a refresh after an import of 100,000 observations reads two a series, not every
    one. Time as Point.time orders it (a span counts at its middle; then by its last year)."""
    in_series = Observation.objects.filter(series=OuterRef("pk")).values("pk")
    middle = F("start_year") + F("end_year")  # twice the middle year
    ends = Series.objects.filter(pk__in=ids).annotate(
        first=Subquery(in_series.order_by(middle.asc(), F("end_year").asc())[:1]),
        latest=Subquery(in_series.order_by(middle.desc(), F("end_year").desc())[:1]),
    )
    return Observation.objects.filter(Q(pk__in=ends.values("first")) | Q(pk__in=ends.values("latest")))


def observation_vintages(revisions, *, now) -> list[ObservationVintage]:
    """The earlier vintages that revised observations keep, unsaved: `revisions` pairs each observation about
    to be saved with its stored version, as read before the change. A changed
    value keeps the one it replaces, with the date it had been recorded and its source, and the observation
    takes the time of the revision as its own; a change of printed decimals only (12.5 to 12.50) is no
    revision. Shared by observation_save and the spreadsheet import, which saves thousands at once."""
    vintages = []
    for observation, old in revisions:
        if old.value == observation.value:
            continue
        vintage = ObservationVintage(
            observation_id=observation.pk,
            value=old.value,
            decimals=old.decimals,
            source_ref=old.source_ref,
            note=old.note,
            recorded_at=old.recorded_at,
            replaced_at=max(now, old.recorded_at),
        )
        observation.recorded_at = vintage.replaced_at
        vintages.append(vintage)
    return vintages


def observation_save(*, observation: Observation, refresh: bool = True) -> ObservationVintage | None:
    """Save `observation`; when it changes the value of a stored one, the value it replaces is kept as an
    earlier vintage (see observation_vintages). Returns that vintage, or None.

    `refresh=False` leaves the series' progress to the caller.
    """
    with transaction.atomic():
        vintage = None
        old = None
        if observation.pk is not None:
            old = Observation.objects.select_for_update().filter(pk=observation.pk).first()
        if old is not None:
            vintages = observation_vintages([(observation, old)], now=timezone.now())
            if vintages:
                vintage = vintages[0]
                vintage.save()
        observation.save()
        if refresh:
            series_progress_refresh(series_ids={observation.series_id, old.series_id if old else None})
    return vintage
