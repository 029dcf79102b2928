"""The API's lists: cursor pagination."""

from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    """Pages follow creation order, so that a client that kept the last `next` link finds what came since;
    a page's links stay right while rows are added."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 200
