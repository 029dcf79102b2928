"""Measure one size in this process: `python -m bench.measure SIZE DATABASE_URL OUTPUT.json [options]`.

bench/__main__.py runs it once per size, each in a process of its own (a database per size, and memory
figures that do not carry over from one size to the other).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRATEGY = "ta9036"


def setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="tracker-bench-"))
    sys.path.insert(0, str(ROOT))
    import logging
    import warnings

    from django.conf import settings

    warnings.filterwarnings("ignore", message="No directory at")
    settings.TEMPLATES[0]["DIRS"].append(ROOT / "bench" / "templates")
    import django

    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False
    logging.getLogger("axes").setLevel(logging.WARNING)


def prepare(size, log):
    from django.core.management import call_command

    from . import generate

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # sign-in (django-axes) reads the cache
    wanted = generate.fingerprint(size)
    if generate.stored_fingerprint() == wanted:
        log(f"{size.name}: data already generated ({wanted})")
        users = generate.bench_users()
    else:
        from django.db import connection

        if generate.stored_fingerprint() is not None or _has_actions():
            # Another size or seed: start again from an empty database (migrations make the groups).
            log(f"{size.name}: emptying the database")
            if connection.vendor != "postgresql":
                raise SystemExit(f"{connection.settings_dict['NAME']} holds other data: use an empty one")
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            call_command("migrate", verbosity=0)
            call_command("createcachetable", verbosity=0)
        log(f"{size.name}: generating ({wanted})")
        start = time.perf_counter()
        users = generate.generate(size, log=log)
        log(f"{size.name}: generated in {time.perf_counter() - start:.1f} s")
    agency = generate.give_official_large_agency(users["official"])
    from django.db import connection

    if connection.vendor == "postgresql":
        # As autovacuum keeps a production database: statistics, and the visibility map that lets PostgreSQL
        # answer from an index alone. Quick when nothing changed since the last run.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return users, agency


def _has_actions():
    from tracker.models import Action

    return Action.objects.exists()


def pages(agency_count, per_page):
    from tracker.models import Category, Strategy

    strategy = Strategy.objects.get(code=STRATEGY)
    category = Category.objects.filter(strategy=strategy).order_by("code").first()
    last = max(1, -(-strategy.actions.count() // per_page))
    return [
        ("action list, default", "reviewer", f"/s/{STRATEGY}/actions/"),
        ("action list, last page", "reviewer", f"/s/{STRATEGY}/actions/?page={last}"),
        ("action list, text search", "reviewer", f"/s/{STRATEGY}/actions/?q=harbour"),
        ("dashboard", "reviewer", f"/s/{STRATEGY}/"),
        ("category list", "reviewer", f"/s/{STRATEGY}/categories/"),
        ("category page", "reviewer", f"/s/{STRATEGY}/categories/{category.code}/"),
        ("series list", "reviewer", "/indicators/"),
        (f"My actions (agency leading {agency_count:,})", "official", "/my-actions/"),
        ("data quality", "admin", "/data-quality/"),
        # The goals' references.
        (
            "admin changelist, same filter",
            "admin",
            f"/admin/tracker/action/?strategy__id__exact={strategy.pk}",
        ),  # noqa: E501
        ("floor view, same rows", "reviewer", f"/bench/floor/{STRATEGY}/"),
    ]


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def time_page(client, url, repeat, *, stream=False, beside=None):
    """The median time of `repeat` requests after a warm-up. With `stream`, each response is read a piece at
    a time and dropped, as a web server sends it on (not joined in memory), and the peak growth of the
    process's resident memory from before the warm-up to the last request is given too (rss_peak_bytes: Linux
    only, else None), which counts what tracemalloc does not see (the database driver's buffers) and the
    first request's caches. `beside`: a reference timed after each request, (ms, bytes), whose median is
    given as "beside" (so that both see the same load of a shared machine)."""
    base = reset_rss_peak() if stream else None
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        sum(len(chunk) for chunk in response.streaming_content)
    times = []
    references = []
    size = 0
    queries = 0
    for _ in range(repeat):
        with QueryCounter() as counter:
            start = time.perf_counter()
            response = client.get(url)
            if stream:
                size = sum(len(chunk) for chunk in response.streaming_content)
            else:
                body = b"".join(response.streaming_content) if response.streaming else response.content
                size = len(body)
            times.append((time.perf_counter() - start) * 1000)
        queries = counter.count
        if beside is not None:
            references.append(beside())
    figures = {"ms": statistics.median(times), "queries": queries, "bytes": size}
    if references:
        figures["beside"] = {"ms": statistics.median(ms for ms, _ in references), "bytes": references[-1][1]}
    if stream:
        figures["rss_peak_bytes"] = rss_kb("VmHWM") * 1024 - base if base is not None else None
    return figures


def rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def reset_rss_peak():
    """Reset the process's peak resident memory (VmHWM) to its present size and return that size in bytes;
    None where the kernel does not allow it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return rss_kb("VmRSS") * 1024
    except (OSError, LookupError):
        return None


class QueryCounter:
    """Counts the queries run on the default database (CaptureQueriesContext keeps only 9,000)."""

    def __enter__(self):
        from django.db import connection

        self.count = 0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def peak_memory(client, url):
    """Peak growth of Python's memory while the whole response is produced and read, in bytes."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    response = client.get(url)
    total = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        total += len(chunk)  # read and dropped, as a web server sends it on
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base, total


def _shown(column: str) -> str:
    """A translated column as the export shows it in English: English, else Chinese, else ""."""
    return f"COALESCE(NULLIF({column}_en, ''), NULLIF({column}_zh_hans, ''), '')"


# The export's fourteen columns in its order, as the English export reads them (core.translated, tracker
# .action_export): the latest update no later one corrects, the supporting agencies by name and the linked
# series by code with their latest observation, printed as indicators.models.as_printed does (but for
# rounding a half to even). copy_differences() checks it cell by cell against the export.
EXPORT_SQL = f"""
    SELECT st.code, a.code, {_shown("a.title")}, c.code || '. ' || {_shown("c.name")}, {_shown("ag.name")},
           CASE WHEN a.status_id IS NULL THEN 'No update yet' ELSE {_shown("s.name")} END,
           a.progress, a.due_date, a.last_reported_on,
           COALESCE(u.narrative, ''),
           CASE WHEN u.reason_id IS NULL THEN ''
                WHEN u.reason_text <> '' THEN {_shown("r.name")} || ' — ' || u.reason_text
                ELSE {_shown("r.name")} END,
           COALESCE((SELECT string_agg({_shown("sa.name")}, '; ' ORDER BY sa.name)
                     FROM tracker_actionsupport x JOIN tracker_agency sa ON sa.id = x.agency_id
                     WHERE x.action_id = a.id), ''),
           CASE WHEN u.evidence_url <> '' THEN u.evidence_url
                WHEN u.evidence_file <> '' THEN '/evidence/' || u.id || '/' ELSE '' END,
           COALESCE((SELECT string_agg(se.code || ' ' || {_shown("se.name")} || ': ' || CASE
                       WHEN o.end_year IS NULL THEN 'no figure yet'
                       ELSE (CASE WHEN o.decimals IS NULL THEN trim_scale(o.value)
                                  ELSE round(o.value, o.decimals) END)::text
                            || ' ' || {_shown("se.unit")} || ' (' || CASE
                            WHEN o.start_year = o.end_year THEN o.start_year::text
                            ELSE o.start_year || '-' || o.end_year END || ')' END, '; ' ORDER BY se.code)
                     FROM tracker_actionseries l JOIN indicators_series se ON se.id = l.series_id
                     LEFT JOIN LATERAL (
                         SELECT value, decimals, start_year, end_year FROM indicators_observation
                         WHERE series_id = se.id ORDER BY end_year DESC, start_year DESC LIMIT 1
                     ) o ON true
                     WHERE l.action_id = a.id), '')
    FROM tracker_action a
    JOIN tracker_strategy st ON st.id = a.strategy_id
    JOIN tracker_category c ON c.id = a.category_id
    JOIN tracker_agency ag ON ag.id = a.lead_agency_id
    LEFT JOIN tracker_status s ON s.id = a.status_id
    LEFT JOIN LATERAL (
        SELECT * FROM tracker_statusupdate latest
        WHERE latest.action_id = a.id
          AND NOT EXISTS (SELECT 1 FROM tracker_statusupdate k WHERE k.corrects_id = latest.id)
        ORDER BY latest.reported_on DESC, latest.created_at DESC, latest.id DESC LIMIT 1
    ) u ON true
    LEFT JOIN tracker_reasoncode r ON r.id = u.reason_id
    WHERE st.code = %s
    ORDER BY st.code, c.code, a.code
"""


def copy_differences(export_body: bytes) -> dict:
    """How the CSV export's rows differ from the COPY's: the row counts and, per column header, how many
    cells differ (the figures of the series column differ in printing only; nothing else should)."""
    import csv
    import io

    from django.db import connection

    exported = list(csv.reader(io.StringIO(export_body.decode("utf-8-sig"))))
    header, exported = exported[0], exported[1:]
    with connection.cursor() as cursor:
        sql = EXPORT_SQL.replace("%s", "'" + STRATEGY + "'")
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            copied = list(csv.reader(io.StringIO(b"".join(copy).decode("utf-8"))))
    differing = {}
    for ours, theirs in zip(exported, copied, strict=False):
        for name, a, b in zip(header, ours, theirs, strict=False):
            if a != b:
                differing[name] = differing.get(name, 0) + 1
    return {"rows": len(exported), "copy_rows": len(copied), "differing_cells": differing}


def time_copy():
    """One PostgreSQL COPY of the export's columns, read whole by the client (CSV): (ms, bytes)."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        sql = EXPORT_SQL.replace("%s", "'" + STRATEGY + "'")
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            size = sum(len(block) for block in copy)
    return (time.perf_counter() - start) * 1000, size


def observation_rows(count):
    """`count` new observations of the generated series (years after their last), as in a spreadsheet."""
    from django.db.models import Max

    from indicators.models import Series

    series = list(
        Series.objects.filter(code__startswith="GEN-")
        .annotate(last=Max("observations__end_year"))
        .order_by("code")
        .values_list("code", "pk", "last")
    )
    rows = []
    year_offset = 1
    while len(rows) < count:
        for code, pk, last in series:
            if len(rows) == count:
                break
            rows.append((code, pk, (last or 2000) + year_offset, f"{len(rows) % 997}.5"))
        year_offset += 1
    return rows


def time_import(count):
    """The spreadsheet import of `count` observations as the admin runs it (a dry run, then the confirmed
    import), against one bulk_create of the same rows; both rolled back."""
    import tablib
    from django.db import transaction

    from indicators.models import Observation
    from indicators.resources import ObservationResource

    rows = observation_rows(count)
    dataset = tablib.Dataset(headers=["series", "period", "value", "source_ref", "note"])
    for code, _pk, year, value in rows:
        dataset.append([code, str(year), value, "Bench", ""])
    result = {"rows": count}
    with transaction.atomic():
        with QueryCounter() as counter:
            start = time.perf_counter()
            for dry_run in (True, False):
                outcome = ObservationResource().import_data(dataset, dry_run=dry_run, raise_errors=False)
                assert not outcome.has_errors() and not outcome.has_validation_errors(), outcome
            result["import_ms"] = (time.perf_counter() - start) * 1000
        result["import_queries"] = counter.count
        transaction.set_rollback(True)
    with transaction.atomic():
        start = time.perf_counter()
        Observation.objects.bulk_create(
            Observation(series_id=pk, start_year=year, end_year=year, value=value, source_ref="Bench")
            for _code, pk, year, value in rows
        )
        result["bulk_ms"] = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("size")
    parser.add_argument("database_url")
    parser.add_argument("output")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=None)
    parser.add_argument("--only", default="", help="comma-separated parts: pages, exports, import")
    args = parser.parse_args()
    setup(args.database_url)

    from tracker.tables import DEFAULT_PER_PAGE

    from .generate import SIZES

    def log(message):
        print(message, file=sys.stderr, flush=True)

    size = SIZES[args.size]
    users, agency = prepare(size, log)
    from django.db import connection

    from tracker.models import Action

    only = set(filter(None, args.only.split(","))) or {"pages", "exports", "import"}
    result = {"size": size.name, "counts": size_counts(), "pages": [], "exports": {}, "import": None}
    clients = {key: client_for(user) for key, user in users.items()}
    if "pages" in only:
        for label, who, url in pages(Action.objects.filter(lead_agency=agency).count(), DEFAULT_PER_PAGE):
            figures = time_page(clients[who], url, args.repeat)
            ms, queries, size_bytes = figures["ms"], figures["queries"], figures["bytes"]
            log(f"{size.name} {label}: {ms:.0f} ms, {queries} queries, {size_bytes:,} B")
            result["pages"].append({"label": label, "url": url, **figures})
    if "exports" in only:
        for fmt in ("csv", "xlsx"):
            url = f"/s/{STRATEGY}/actions/export.{fmt}"
            # Timed without tracemalloc (which slows Python several times); its peak in a run of its own.
            # COPY timed right after each CSV export, so that both meet the same load.
            copy = time_copy if fmt == "csv" and connection.vendor == "postgresql" else None
            figures = time_page(clients["reviewer"], url, args.export_repeat, stream=True, beside=copy)
            if "beside" in figures:
                result["exports"]["copy"] = figures.pop("beside")
            figures["peak_bytes"], _total = peak_memory(clients["reviewer"], url)
            ms, peak = figures["ms"], figures["peak_bytes"] / 1e6
            rss = figures["rss_peak_bytes"]
            rss = f"{rss / 1e6:.1f} MB" if rss is not None else "not measured"
            log(f"{size.name} export {fmt}: {ms:.0f} ms, peak {peak:.1f} MB (Python), resident {rss}")
            result["exports"][fmt] = figures
        if result["exports"].get("copy"):
            # Last, so that its memory is nobody's growth.
            response = clients["reviewer"].get(f"/s/{STRATEGY}/actions/export.csv")
            compared = copy_differences(b"".join(response.streaming_content))
            result["exports"]["copy"]["compared"] = compared
            log(f"{size.name} export csv against COPY: {compared}")
    if "import" in only:
        count = args.import_rows or min(size.observations, 100_000)  # issue 15's goal: 100,000 at L
        result["import"] = time_import(count)
        log(f"{size.name} import: {result['import']}")
    result["explain"] = explain_checks()
    Path(args.output).write_text(json.dumps(result, indent=1, default=str))


def size_counts():
    from indicators.models import Observation, Series
    from tracker.models import Action, Agency, StatusUpdate

    return {
        "actions": Action.objects.count(),
        "updates": StatusUpdate.objects.count(),
        "series": Series.objects.count(),
        "observations": Observation.objects.count(),
        "agencies": Agency.objects.count(),
    }


def explain_checks():
    """Each named index and whether PostgreSQL's plan of the query it is for uses it."""
    from django.db import connection

    from .indexes import CHECKS

    if connection.vendor != "postgresql":
        return []
    # The import before this rolled back its rows and the series verdicts it refreshed: their dead rows are
    # cleared, as autovacuum would, so that plans are those of a kept database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    results = []
    for index, label, queryset in CHECKS():
        plan = queryset.explain()
        results.append({"index": index, "query": label, "used": index in plan})
    return results


if __name__ == "__main__":
    main()
