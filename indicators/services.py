"""Writes to indicator data that touch more than one row: revised observations keep their earlier value, and
each series' stored progress follows its observations, baseline and targets."""

from django.db import transaction
from django.utils import timezone

from .models import Observation, ObservationVintage, Series
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
    verdict lets list pages and the dashboard filter on it in the database.
    """
    changed = 0
    series_list = Series.objects.filter(pk__in=set(series_ids)).prefetch_related("observations", "targets")
    for series in series_list:
        progress = series_assessment(series).progress
        if progress != series.progress:
            # update(), not save(): a verdict worked out from other rows is not a change to the series.
            Series.objects.filter(pk=series.pk).update(progress=progress)
            changed += 1
    return changed


def observation_save(*, observation: Observation, refresh: bool = True) -> ObservationVintage | None:
    """Save `observation`; when it changes the value of a stored one, the value it replaces is kept as an
    earlier vintage, with the date it had been recorded and its source. Returns that vintage, or None.

    A change of printed decimals only (12.5 to 12.50) is no revision. `refresh=False` leaves the series'
    progress to the caller (an import refreshes every series it touched once, at its end).
    """
    with transaction.atomic():
        vintage = None
        old = None
        if observation.pk is not None:
            old = Observation.objects.select_for_update().filter(pk=observation.pk).first()
        if old is not None and old.value != observation.value:
            now = timezone.now()
            vintage = ObservationVintage.objects.create(
                observation=old,
                value=old.value,
                decimals=old.decimals,
                source_ref=old.source_ref,
                note=old.note,
                recorded_at=old.recorded_at,
                replaced_at=max(now, old.recorded_at),
            )
            observation.recorded_at = vintage.replaced_at
        observation.save()
        if refresh:
            series_progress_refresh(series_ids={observation.series_id, old.series_id if old else None})
    return vintage
