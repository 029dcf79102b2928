"""Bounded reads for list pages: one page of rows and the count of all, from one query."""

from contextlib import suppress

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, IntegerField, Subquery, Window
from django.db.models.expressions import RawSQL

# A list whose count is capped counts its rows up to this many and says "more than" beyond, so that neither
# its count nor its last page reads more rows than that, however large the table grows.
COUNT_CAP = 1000


def page_rows(
    queryset,
    *,
    limit: int,
    offset: int = 0,
    cap: int | None = None,
    rows_from=None,
    keys=None,
    count_parts=None,
) -> tuple[list, int]:
    """Rows `offset` to `offset + limit` of `queryset` and how many it has in all, from one query.

    The page's keys are picked by a narrow subquery (its ORDER BY, OFFSET and LIMIT sort and skip keys, not
    whole rows with their joined columns) and only those rows are read whole; the count is an uncorrelated
    subquery, computed once. With `cap`, counting stops after `cap + 1` rows, so that its cost does not grow
    with the data: a count above `cap` means "more than `cap`". With `rows_from` (the same rows unfiltered,
    with what they select), the page's rows are read from it by key alone, instead of from `queryset` with
    its filters evaluated a second time. With `keys` (a subquery of the page's keys in the queryset's order,
    such as ActionQuerySet.page_keys), the page's keys are read from it instead. With `count_parts` and
    `cap` (disjoint querysets whose rows together are `queryset`'s), each part is counted up to `cap` + 1 and
    the counts are added up, so that each is read from an index of its own where an OR of them would read
    every row: a total above `cap` still means "more than `cap`".
    """
    if cap is None:
        total = Subquery(queryset.order_by().annotate(total=Window(Count("pk"))).values("total")[:1])
    else:
        counts = []
        for part in count_parts or [queryset]:
            with suppress(EmptyResultSet):  # a filter that matches nothing (such as pk__in=[]) counts 0
                counts.append(capped_count_sql(part, cap))
        if not counts:
            return [], 0
        total = RawSQL(
            " + ".join(f"({count.sql})" for count in counts),
            tuple(param for count in counts for param in count.params),
            output_field=IntegerField(),
        )
    if keys is None:
        keys = queryset.values("pk")[offset : offset + limit]
    if rows_from is None:
        rows_from = queryset
    elif queryset.query.order_by:
        rows_from = rows_from.order_by(*queryset.query.order_by)
    rows = list(rows_from.filter(pk__in=keys).annotate(total_count=total))
    return rows, (rows[0].total_count if rows else 0)


def capped_count_sql(queryset, cap: int) -> RawSQL:
    """`queryset`'s count up to cap + 1, as an expression: COUNT(*) over its first cap + 1 keys."""
    sql, params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
    return RawSQL(f"SELECT COUNT(*) FROM ({sql}) capped", params, output_field=IntegerField())  # noqa: S611


def capped_count(queryset, cap: int) -> int:
    """`queryset`'s count up to cap + 1."""
    return queryset.order_by()[: cap + 1].count()
