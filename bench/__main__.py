"""`make bench`: generate the data of each size (once; kept for the next run) and time every page, the exports
and the import on it, then print the table and the goals' ratios and write them to docs/benchmarks.md.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python -m bench
    .venv/bin/python -m bench --sqlite --sizes XS --repeat 1      (a smoke run on temporary SQLite files)

On PostgreSQL each size has a database of its own, named after BENCH_DATABASE_URL's with the size appended
(tracker_bench_s, tracker_bench_l), created when missing and overwritten when it holds other data.
Speed is measured here, never in a timed test.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def database_for(base_url: str, size: str) -> str:
    head, _slash, name = base_url.rpartition("/")
    name, _q, query = name.partition("?")
    url = f"{head}/{name}_{size.lower()}" + (f"?{query}" if query else "")
    ensure_database(base_url, f"{name}_{size.lower()}")
    return url


def ensure_database(base_url: str, name: str):
    import psycopg

    head, _slash, _name = base_url.rpartition("/")
    with psycopg.connect(f"{head}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="S,L", help="comma-separated: XS, S, L (default S,L)")
    parser.add_argument("--sqlite", action="store_true", help="temporary SQLite files instead of PostgreSQL")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page after a warm-up")
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=None, help="observations imported")
    parser.add_argument("--only", default="", help="comma-separated parts: pages, exports, import")
    parser.add_argument("--write", default=str(DOC), help="the Markdown file to update ('' to write none)")
    args = parser.parse_args()
    sizes = [size.strip().upper() for size in args.sizes.split(",") if size.strip()]
    base_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    folder = tempfile.mkdtemp(prefix="tracker-bench-")
    results = {}
    for size in sizes:
        url = f"sqlite:///{folder}/{size}.sqlite3" if args.sqlite else database_for(base_url, size)
        output = Path(folder) / f"{size}.json"
        command = [sys.executable, "-m", "bench.measure", size, url, str(output), f"--repeat={args.repeat}",
                   f"--export-repeat={args.export_repeat}", f"--only={args.only}"]  # fmt: skip
        if args.import_rows:
            command.append(f"--import-rows={args.import_rows}")
        subprocess.run(command, cwd=ROOT, check=True)
        results[size] = json.loads(output.read_text())
    report = render(results, sizes, args)
    print(report)
    if args.write:
        write(Path(args.write), report)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {os.cpu_count()} × {cpu}{memory}, Python {platform.python_version()}"


def database_version(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def ms(value):
    return "—" if value is None else (f"{value / 1000:.2f} s" if value >= 10_000 else f"{value:.0f} ms")


def kb(value):
    return f"{value / 1e6:.1f} MB" if value >= 1e6 else f"{value / 1e3:.0f} kB"


def verdict(ok):
    return "yes" if ok else "**no**"


def render(results, sizes, args) -> str:
    small, large = sizes[0], sizes[-1]
    lines = [
        f"Run on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {machine()}, "
        f"{'SQLite' if args.sqlite else 'PostgreSQL'}; "
        f"command: `{' '.join(['python -m bench', *sys.argv[1:]])}`"
        f"; medians of {args.repeat} (exports: {args.export_repeat}).",
        "",
    ]
    for size in sizes:
        c = results[size]["counts"]
        lines.append(
            f"- {size}: {c['actions']:,} actions, {c['updates']:,} updates, {c['series']:,} series, "
            f"{c['observations']:,} observations, {c['agencies']:,} agencies"
        )
    lines.append("")
    pages_small = {row["label"].split(" (")[0]: row for row in results[small]["pages"]}
    pages_large = {row["label"].split(" (")[0]: row for row in results[large]["pages"]}
    goals = []
    if pages_large:
        header = f"| page | {small} | {large} | {large}/{small} | queries {small} / {large} | HTML {large} |"
        lines += [header, "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for row in results[large]["pages"]:
            key = row["label"].split(" (")[0]
            s = pages_small.get(key)
            ratio = row["ms"] / s["ms"] if s else None
            lines.append(
                f"| {row['label']} | {ms(s['ms']) if s else '—'} | {ms(row['ms'])} | "
                f"{'—' if ratio is None else f'{ratio:.1f}'} | "
                f"{s['queries'] if s else '—'} / {row['queries']} | "
                f"{kb(row['bytes'])} |"
            )
            if key not in ("admin changelist, same filter", "floor view, same rows") and s:
                goals.append(
                    (f"{key}: {large} within 1.5× {small}, same queries, ≤ 1 MB",
                     f"{ratio:.2f}×, {s['queries']}/{row['queries']} queries, {kb(row['bytes'])}",
                     ratio <= 1.5 and s["queries"] == row["queries"] and row["bytes"] <= 1_000_000)
                )  # fmt: skip
        lines.append("")
        listing = pages_large["action list, default"]["ms"]
        admin = pages_large["admin changelist, same filter"]["ms"]
        floor = pages_large["floor view, same rows"]["ms"]
        goals.append((f"action list ≤ 0.5× admin changelist ({large})", f"{listing / admin:.2f}×",
                      listing / admin <= 0.5))  # fmt: skip
        goals.append(
            (f"action list ≤ 2× floor view ({large})", f"{listing / floor:.2f}×", listing / floor <= 2)
        )
    exports = results[large].get("exports") or {}
    if exports:
        lines += [
            "| export (all actions of the strategy) | "
            + " | ".join(sizes)
            + f" | peak memory growth {large}: Python (tracemalloc) | resident |",
            "| --- | " + " | ".join("---:" for _ in sizes) + " | ---: | ---: |",
        ]
        for fmt in ("csv", "xlsx", "copy"):
            cells = []
            for size in sizes:
                figures = (results[size].get("exports") or {}).get(fmt)
                cells.append(ms(figures["ms"]) if figures else "—")
            figures = exports.get(fmt) or {}
            peak = kb(figures["peak_bytes"]) if "peak_bytes" in figures else "—"
            resident = kb(figures["rss_peak_bytes"]) if figures.get("rss_peak_bytes") is not None else "—"
            name = {"csv": "CSV", "xlsx": "XLSX", "copy": "PostgreSQL COPY, same columns"}[fmt]
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {peak} | {resident} |")
        lines.append("")
        compared = (exports.get("copy") or {}).get("compared")
        if compared:
            differing = ", ".join(f"{name}: {n:,}" for name, n in compared["differing_cells"].items())
            lines += [
                f"CSV export against `COPY` at {large}: {compared['rows']:,} and {compared['copy_rows']:,} "
                f"rows; cells that differ: {differing or 'none'}.",
                "",
            ]
        for fmt in ("csv", "xlsx"):
            # The larger of Python's own peak and the process's resident one (which also counts C buffers).
            peak = max(exports[fmt]["peak_bytes"], exports[fmt].get("rss_peak_bytes") or 0)
            goal = f"{fmt.upper()} export: peak memory growth < 100 MB ({large})"
            goals.append((goal, kb(peak), peak < 100e6))
        if exports.get("copy"):
            ratio = exports["csv"]["ms"] / exports["copy"]["ms"]
            goals.append((f"CSV export ≤ 3× COPY ({large})", f"{ratio:.1f}×", ratio <= 3))
    imported = results[large].get("import")
    if imported:
        ratio = imported["import_ms"] / imported["bulk_ms"]
        lines.append(
            f"Import of {imported['rows']:,} observations at {large} (dry run, then confirmed): "
            f"{ms(imported['import_ms'])}, {imported['import_queries']:,} queries; "
            f"bulk_create of the same rows: {ms(imported['bulk_ms'])}."
        )
        lines.append("")
        goals.append((f"import ≤ 3× bulk_create ({large})", f"{ratio:.1f}×", ratio <= 3))
    explain = results[large].get("explain") or []
    if explain:
        lines += ["| index | query | used by the plan |", "| --- | --- | --- |"]
        lines += [f"| `{row['index']}` | {row['query']} | {verdict(row['used'])} |" for row in explain]
        lines.append("")
    if goals:
        lines += ["| goal | measured | met |", "| --- | --- | --- |"]
        lines += [f"| {goal} | {value} | {verdict(ok)} |" for goal, value, ok in goals]
    return "\n".join(lines)


def write(path: Path, report: str):
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, _start, rest = text.partition(START)
    _old, _end, tail = rest.partition(END)
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{head}{START}\n{report}\n{END}{tail}")


if __name__ == "__main__":
    main()
