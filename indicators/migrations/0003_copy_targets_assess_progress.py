"""Carry each series' single target over to the Target table, and work out every series' progress.

A target had one value or a range, and an optional year; it becomes a Target dated by that year (or undated),
with the series' source. Incomplete baselines (a value without a period, or the reverse) cannot be kept under
the new constraint, and no period can be guessed: the migration stops and names them, so that an administrator
completes them first.
"""

from django.db import migrations
from django.db.models import Q

from indicators.progress import Goal, Point, assess


def period_years(text):
    from indicators.models import parse_period

    return parse_period(text)


def copy_targets(apps, schema_editor):
    Series = apps.get_model("indicators", "Series")
    Target = apps.get_model("indicators", "Target")
    incomplete = Series.objects.filter(
        Q(baseline_value__isnull=True, baseline_period__gt="") | Q(baseline_value__isnull=False, baseline_period="")
    )
    codes = sorted(series.code for series in incomplete)
    if codes:
        raise RuntimeError(
            "Complete or clear the baseline (period and value) of these series, then migrate again: "
            + ", ".join(codes)
        )
    for series in Series.objects.exclude(target_value__isnull=True, target_low__isnull=True):
        Target.objects.create(
            series=series,
            start_year=series.target_year,
            end_year=series.target_year,
            value=series.target_value,
            low=series.target_low if series.target_value is None else None,
            high=series.target_high if series.target_value is None else None,
            source=series.source,
        )


def copy_targets_back(apps, schema_editor):
    Series = apps.get_model("indicators", "Series")
    for series in Series.objects.prefetch_related("targets"):
        target = next(iter(series.targets.all()), None)
        if target is not None:
            series.target_value, series.target_low, series.target_high = target.value, target.low, target.high
            series.target_year = target.end_year
            series.save(update_fields=["target_value", "target_low", "target_high", "target_year"])


def assess_all(apps, schema_editor):
    Series = apps.get_model("indicators", "Series")
    for series in Series.objects.prefetch_related("observations", "targets"):
        baseline = None
        if series.baseline_period:
            start, end = period_years(series.baseline_period)
            baseline = Point(start, end, series.baseline_value)
        result = assess(
            series.direction,
            [Point(o.start_year, o.end_year, o.value) for o in series.observations.all()],
            [Goal(t.value, t.low, t.high, t.start_year, t.end_year) for t in series.targets.all()],
            baseline,
        )
        Series.objects.filter(pk=series.pk).update(progress=result.progress)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_targets_baselines_vintages"),
    ]

    operations = [
        migrations.RunPython(copy_targets, copy_targets_back),
        migrations.RunPython(assess_all, migrations.RunPython.noop),
    ]
