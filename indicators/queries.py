"""Reads that the indicator pages and the tracker's pages share."""

from .charts import target_text


def series_rows(queryset):
    """The series with what a table of them shows: target in words, latest observation, years covered.

    Expects the observations prefetched.
    """
    rows = list(queryset)
    for series in rows:
        observations = list(series.observations.all())
        series.target_text = target_text(series)
        series.latest = observations[-1] if observations else None
        first, last = (
            (observations[0].start_year, observations[-1].end_year) if observations else (None, None)
        )
        series.years = "" if first is None else str(first) if first == last else f"{first}–{last}"
    return rows
