"""Bounded reads for list pages: one page of rows and the count of all, from one query."""

from django.db.models import Count, Subquery, Window


def page_rows(queryset, *, limit: int, offset: int = 0) -> tuple[list, int]:
    """Rows `offset` to `offset + limit` of `queryset` and how many it has in all, from one query.

    The page's keys are picked by a narrow subquery (its ORDER BY, OFFSET and LIMIT sort and skip keys, not
    whole rows with their joined columns) and only those rows are read whole; the count is an uncorrelated
    subquery, computed once.
    """
    total = queryset.order_by().annotate(total=Window(Count("pk"))).values("total")[:1]
    keys = queryset.values("pk")[offset : offset + limit]
    rows = list(queryset.filter(pk__in=keys).annotate(total_count=Subquery(total)))
    return rows, (rows[0].total_count if rows else 0)
