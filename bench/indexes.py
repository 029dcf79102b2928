"""The named indexes the fixes added, each with the query it is for: the benchmark runs EXPLAIN on each query
and reports whether PostgreSQL's plan uses the index."""


def CHECKS():  # noqa: N802 - a table of checks, built once Django is set up
    return []
