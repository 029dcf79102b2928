"""Open data: series and their observations as CSV, SDMX-CSV and JSON, streamed row by row so that the whole
indicator set never sits in memory.

- CSV: one row per observation, the columns of the observations import first (series, period, value,
  source_ref, note), so that administrators can import the file back; then the series' name, unit and
  geography for readers.
- SDMX-CSV (the CSV format of SDMX 2.1): DATAFLOW, INDICATOR, REF_AREA, TIME_PERIOD, OBS_VALUE, UNIT_MEASURE,
  COMMENT; a span of years is written as a time range, 1991/2000.
- JSON: each series with its metadata, baseline, targets, progress and observations (with earlier values).

Figures are written as printed (12.50 stays 12.50): as text in JSON, where a number would lose the zero.
"""

import csv
import json

from django.conf import settings
from django.db.models import Prefetch

from core.resources import neutralise as _neutral  # a formula-looking cell gets a quote, as elsewhere

from .models import Observation, ObservationVintage, as_printed

CSV_COLUMNS = ["series", "period", "value", "source_ref", "note", "series_name", "unit", "geography"]
SDMX_COLUMNS = ["DATAFLOW", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "COMMENT"]
CHUNK = 2000

FORMATS = {
    # name: (content type, file name suffix)
    "csv": ("text/csv; charset=utf-8", "csv"),
    "sdmx": ("application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8", "sdmx.csv"),
    "json": ("application/json", "json"),
}


class _Echo:
    """A file-like object whose write() returns what it was given, for csv.writer into a stream."""

    def write(self, value):
        return value


def sdmx_period(observation) -> str:
    if observation.start_year == observation.end_year:
        return str(observation.start_year)
    return f"{observation.start_year}/{observation.end_year}"


def parse_sdmx_period(text: str) -> tuple[int, int]:
    start, _, end = text.partition("/")
    return int(start), int(end or start)


def _observations(series_queryset):
    return (
        Observation.objects.filter(series__in=series_queryset)
        .select_related("series")
        .order_by("series__code", "start_year", "end_year")
        .iterator(chunk_size=CHUNK)
    )


def csv_rows(series_queryset):
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(CSV_COLUMNS)
    for obs in _observations(series_queryset):
        series = obs.series
        yield writer.writerow(
            [
                series.code,
                obs.period,
                format(obs.display_value, "f"),
                _neutral(obs.source_ref),
                _neutral(obs.note),
                _neutral(series.name),
                _neutral(series.unit),
                _neutral(series.geography),
            ]
        )


def sdmx_rows(series_queryset):
    writer = csv.writer(_Echo(), lineterminator="\n")
    dataflow = settings.INDICATORS_SDMX_DATAFLOW
    yield writer.writerow(SDMX_COLUMNS)
    for obs in _observations(series_queryset):
        series = obs.series
        yield writer.writerow(
            [
                dataflow,
                series.code,
                series.geography_en or series.geography,
                sdmx_period(obs),
                format(obs.display_value, "f"),
                series.unit_en or series.unit,
                obs.note,
            ]
        )


def json_chunks(series_queryset):
    """The series as one JSON document, written a series at a time."""
    series_list = (
        series_queryset.order_by("code")
        .select_related("comparison")
        .prefetch_related(
            "targets",
            Prefetch(
                "observations",
                queryset=Observation.objects.order_by("start_year", "end_year").prefetch_related(
                    Prefetch("vintages", queryset=ObservationVintage.objects.order_by("replaced_at"))
                ),
            ),
        )
    )
    yield '{"series": ['
    for index, series in enumerate(series_list.iterator(chunk_size=100)):
        yield ("," if index else "") + json.dumps(series_document(series), ensure_ascii=False)
    yield "]}\n"


def _figure(value, decimals=None):
    return None if value is None else format(as_printed(value, decimals), "f")


def series_document(series) -> dict:
    return {
        "code": series.code,
        "name": series.name,
        "unit": series.unit,
        "geography": series.geography,
        "frequency": series.frequency,
        "direction": series.direction,
        "source": series.source,
        "progress": series.progress,
        "baseline": (
            {
                "period": series.baseline_period,
                "value": _figure(series.baseline_value),
                "source": series.baseline_source,
            }
            if series.baseline_period
            else None
        ),
        "comparison": series.comparison.code if series.comparison_id else None,
        "targets": [
            {
                "period": target.period or None,
                "value": _figure(target.value),
                "low": _figure(target.low),
                "high": _figure(target.high),
                "source": target.source,
                "note": target.note,
            }
            for target in series.targets.all()
        ],
        "observations": [
            {
                "period": obs.period,
                "value": _figure(obs.value, obs.decimals),
                "source_ref": obs.source_ref,
                "note": obs.note,
                "recorded_at": obs.recorded_at.isoformat(),
                "earlier_values": [
                    {
                        "value": _figure(vintage.value, vintage.decimals),
                        "source_ref": vintage.source_ref,
                        "recorded_at": vintage.recorded_at.isoformat(),
                        "replaced_at": vintage.replaced_at.isoformat(),
                    }
                    for vintage in obs.vintages.all()
                ],
            }
            for obs in series.observations.all()
        ],
    }


def stream(series_queryset, fmt):
    return {"csv": csv_rows, "sdmx": sdmx_rows, "json": json_chunks}[fmt](series_queryset)
