"""Reads that the indicator pages and the tracker's pages share."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery

from core.paging import COUNT_CAP, capped_count, page_rows

from .charts import age_text, chart_form, target_text
from .models import Series, format_period, stale_since_year


def stale_years():
    return settings.INDICATORS_STALE_YEARS


def list_queryset():
    """Series with what a list shows, from a fixed number of queries: no observation is read."""
    action_count = (
        Series.actions.through.objects.filter(series=OuterRef("pk"))
        .order_by()
        .values("series")
        .annotate(n=Count("*"))  # COUNT(*): the index on series alone answers
        .values("n")
    )
    return (
        Series.objects.with_summary()
        .annotate(action_count=Subquery(action_count))
        .select_related("comparison")
        .prefetch_related("targets")
    )


# Series a list shows on one page.
SERIES_PER_PAGE = 50


@dataclass
class RowPage:
    """One page of a list: its rows, how many rows the list has in all, and where it is among the pages."""

    rows: list
    count: int
    number: int
    per_page: int
    param: str
    query: object  # the request's QueryDict, for the links to the other pages
    cap: int | None = None  # the count stops at cap + 1: "more than cap"; the pages hold the first cap rows

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.count > self.cap

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, self.cap if self.capped else self.count) // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    def _link(self, number):
        query = self.query.copy()
        query[self.param] = number
        return f"?{query.urlencode()}"

    @property
    def previous_link(self) -> str:
        return self._link(self.number - 1)

    @property
    def next_link(self) -> str:
        return self._link(self.number + 1)


def row_page(queryset, request, *, param="page", per_page=SERIES_PER_PAGE, cap=COUNT_CAP) -> RowPage:
    """The page of `queryset` that `param` in the query string names (the first if it names none or not a
    number, the last if past the end), with the list's count from the same query (core.paging), counted up
    to `cap` + 1 (None: exactly). Only a page past the end costs more queries."""
    try:
        number = max(1, int(request.GET.get(param, 1)))
    except ValueError:
        number = 1
    if cap is not None:
        number = min(number, -(-cap // per_page))
    rows, count = page_rows(queryset, limit=per_page, offset=(number - 1) * per_page, cap=cap)
    if not rows:
        count = queryset.count() if cap is None else capped_count(queryset, cap)
        if count and number > 1:
            page = RowPage([], count, number, per_page, param, request.GET, cap)
            number = page.num_pages
            rows, count = page_rows(queryset, limit=per_page, offset=(number - 1) * per_page, cap=cap)
    return RowPage(rows, count, number, per_page, param, request.GET, cap)


def series_rows(queryset, today=None):
    """The series with their latest figure (printed as the source prints it), its age, and whether it is
    stale. Expects Series.objects.with_summary()."""
    since = stale_since_year(today)
    rows = list(queryset)
    for series in rows:
        series.latest_figure = series.shown(series.latest_value, series.latest_decimals)
        if series.latest_end is not None:
            series.latest_period = format_period(series.latest_start, series.latest_end)
            series.latest_age = age_text(series.latest_end, today)
        series.years = (
            ""
            if series.first_year is None
            else format_period(series.first_year, series.last_year).replace("-", "–")
        )
        series.is_stale = series.latest_end is None or series.latest_end < since
    return rows


def series_panel(series, observations, comparison_observations=(), targets=(), today=None) -> dict:
    """What the chart or figure card of a series shows, from its already fetched rows."""
    observations = list(observations)
    latest = max(observations, key=lambda o: (o.end_year, o.start_year)) if observations else None
    comparison_observations = list(comparison_observations)
    return {
        "series": series,
        "form": chart_form(observations),
        "latest": latest,
        "latest_age": age_text(latest.end_year, today) if latest else "",
        "is_stale": latest is None or latest.end_year < stale_since_year(today),
        "stale_years": stale_years(),
        "comparison_latest": (
            max(comparison_observations, key=lambda o: (o.end_year, o.start_year))
            if comparison_observations
            else None
        ),
        "targets": [{"target": t, "text": target_text(t, series)} for t in targets],
    }
