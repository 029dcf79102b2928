"""Deterministic bulk data for the benchmark, written with PostgreSQL's COPY (SQLite: executemany).

The report's own data is loaded first (its strategy, 7 categories, statuses, reasons and series); the
generator adds agencies up to AGENCIES, then the size's actions, their supporting agencies, status updates,
indicator series, observations and links. Each action's current status, progress and date are those of its
latest update, as tracker.services.updates.action_refresh_current keeps them.
"""

import dataclasses
import datetime
import random

from django.db import connection, transaction

SEED = 2017
AGENCIES = 300
# A fixed "today" keeps the data identical from run to run; the pages compare dates with the real today, so
# some actions are overdue and some updates stale whenever the benchmark runs.
BASE = datetime.date(2026, 6, 30)
CREATED = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=datetime.UTC)
TEXT = (
    "port harbour logistics trade investment industry services innovation research energy water rail road "
    "tourism finance customs zone cluster training skills export import agriculture fisheries environment "
    "emissions land housing health education digital platform cooperation border"
)
WORDS = tuple(TEXT.split(" "))


@dataclasses.dataclass(frozen=True)
class Size:
    name: str
    actions: int
    updates_per_action: int
    series: int
    observations_per_series: int

    @property
    def updates(self):
        return self.actions * self.updates_per_action

    @property
    def observations(self):
        return self.series * self.observations_per_series


SIZES = {
    "XS": Size("XS", 200, 5, 50, 10),  # the SQLite smoke run
    "S": Size("S", 1_000, 10, 500, 20),
    "L": Size("L", 100_000, 10, 10_000, 100),
}


def fingerprint(size: Size) -> str:
    parts = (size.name, size.actions, size.updates_per_action, size.series, size.observations_per_series)
    return ":".join(str(part) for part in (*parts, SEED))


def stored_fingerprint() -> str | None:
    with connection.cursor() as cursor:
        if "bench_info" not in connection.introspection.table_names(cursor):
            return None
        cursor.execute("SELECT fingerprint FROM bench_info")
        row = cursor.fetchone()
    return row[0] if row else None


def copy_rows(table: str, columns: list[str], rows) -> int:
    """Write `rows` (tuples in the order of `columns`) into `table`; COPY on PostgreSQL."""
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch = []
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            for row in rows:
                batch.append(row)
                count += 1
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return count


def next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(size: Size, *, log=print) -> dict:
    """Fill an empty, migrated database with the report and `size`'s data; returns the benchmark's users."""
    from django.core.management import call_command
    from django.core.management.color import no_style

    from indicators.models import Observation, Series
    from tracker.models import (
        Action,
        ActionSeries,
        ActionSupport,
        Agency,
        Category,
        ReasonCode,
        Status,
        StatusUpdate,
    )

    rng = random.Random(SEED)
    call_command("load_report", verbosity=0)
    users = bench_users()
    author = users["official"].pk
    with transaction.atomic():
        # Agencies: the report's, then generated ones up to AGENCIES.
        first = next_id("tracker_agency")
        have = Agency.objects.count()
        copy_rows(
            "tracker_agency",
            ["id", "code", "name", "name_en", "name_zh_hans", "short_name", "short_name_en",
             "short_name_zh_hans", "level", "parent_id"],
            (
                (first + i, f"G{i:04d}", f"Generated agency {i}", f"Generated agency {i}", f"生成机构{i}",
                 f"GA{i}", f"GA{i}", f"机构{i}", "municipal", None)
                for i in range(AGENCIES - have)
            ),
        )  # fmt: skip
        agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
        # A few agencies lead many actions (a "large agency" for My actions), most lead a few.
        weights = [1 / (rank + 1) for rank in range(len(agencies))]
        categories = list(Category.objects.filter(strategy__code="ta9036").values_list("pk", "code"))
        strategy_id = Category.objects.get(pk=categories[0][0]).strategy_id
        statuses = list(Status.objects.values_list("pk", "min_progress", "max_progress", "needs_reason"))
        reason = ReasonCode.objects.order_by("pk").values_list("pk", flat=True).first()

        first_action = next_id("tracker_action")
        actions = []  # (id, lead agency id)
        action_rows = []
        update_rows = []
        first_update = next_id("tracker_statusupdate")
        update_id = first_update
        for n in range(size.actions):
            action_id = first_action + n
            category_id, category_code = categories[n % len(categories)]
            lead = rng.choices(agencies, weights)[0]
            due = BASE + datetime.timedelta(days=rng.randint(-700, 900))
            start = due - datetime.timedelta(days=rng.randint(400, 1500))
            # Updates every 30–90 days from the start; the latest decides the current state.
            day = start + datetime.timedelta(days=rng.randint(0, 60))
            latest = None
            for _ in range(size.updates_per_action):
                status_id, low, high, needs_reason = rng.choice(statuses)
                progress = rng.randint(low, high)
                latest = (status_id, progress, day)
                update_rows.append(
                    (update_id, progress, day, sentence(rng, 12), "", "", "",
                     "Generated reason." if needs_reason else "", CREATED, action_id, lead, author, None,
                     reason if needs_reason else None, status_id)
                )  # fmt: skip
                update_id += 1
                day += datetime.timedelta(days=rng.randint(30, 90))
                if day > BASE:
                    break
            title = f"{sentence(rng, 3).capitalize()} action {n}"
            description = sentence(rng, 25)
            action_rows.append(
                (action_id, f"G{category_code}.{n}", title, title, f"生成行动{n}", description, description,
                 "", f"¶{rng.randint(1, 300)}", start, due, "named", latest[1], latest[2], lead,
                 category_id, latest[0], strategy_id)
            )  # fmt: skip
            actions.append((action_id, lead))
        log(f"  actions: {len(action_rows):,}")
        copy_rows(
            "tracker_action",
            ["id", "code", "title", "title_en", "title_zh_hans", "description", "description_en",
             "description_zh_hans", "source_paragraphs", "start_date", "due_date", "responsibility_basis",
             "progress", "last_reported_on", "lead_agency_id", "category_id", "status_id", "strategy_id"],
            action_rows,
        )  # fmt: skip
        del action_rows
        first_support = next_id("tracker_actionsupport")
        supports = []
        for action_id, lead in actions:
            for agency in {rng.choice(agencies) for _ in range(rng.randint(0, 2))} - {lead}:
                supports.append((first_support + len(supports), action_id, agency))
        copy_rows("tracker_actionsupport", ["id", "action_id", "agency_id"], supports)
        log(f"  supporting agencies: {len(supports):,}")
        log(f"  status updates: {len(update_rows):,}")
        copy_rows(
            "tracker_statusupdate",
            ["id", "progress", "reported_on", "narrative", "evidence_url", "evidence_file",
             "evidence_filename", "reason_text", "created_at", "action_id", "agency_id", "author_id",
             "corrects_id", "reason_id", "status_id"],
            update_rows,
        )  # fmt: skip
        del update_rows

        first_series = next_id("indicators_series")
        series_rows = []
        observation_rows = []
        first_observation = next_id("indicators_observation")
        for n in range(size.series):
            series_id = first_series + n
            name = f"{sentence(rng, 2).capitalize()} indicator {n}"
            series_rows.append(
                (series_id, f"GEN-{n:05d}", name, name, f"生成指标{n}", "percent", "percent", "百分比",
                 "Liaoning", "Liaoning", "辽宁省", "annual", rng.choice(["up", "down", "none"]),
                 "Generated", "", "", "", None, "", None, "", "not_assessable")
            )  # fmt: skip
            # Consecutive years ending between five years ago and last year: some series are stale.
            last = BASE.year - rng.randint(1, 5)
            value = rng.uniform(10, 1000)
            for year in range(last - size.observations_per_series + 1, last + 1):
                value *= rng.uniform(0.95, 1.08)
                observation_rows.append(
                    (first_observation + len(observation_rows), year, year, round(value, 1), 1, "Table G", "",
                     series_id, CREATED)
                )  # fmt: skip
        copy_rows(
            "indicators_series",
            ["id", "code", "name", "name_en", "name_zh_hans", "unit", "unit_en", "unit_zh_hans", "geography",
             "geography_en", "geography_zh_hans", "frequency", "direction", "source", "notes", "notes_en",
             "notes_zh_hans", "baseline_value", "baseline_period", "comparison_id", "baseline_source",
             "progress"],
            series_rows,
        )  # fmt: skip
        log(f"  series: {len(series_rows):,}")
        copy_rows(
            "indicators_observation",
            ["id", "start_year", "end_year", "value", "decimals", "source_ref", "note", "series_id",
             "recorded_at"],
            observation_rows,
        )  # fmt: skip
        log(f"  observations: {len(observation_rows):,}")
        del observation_rows
        # One series for each action but every fifth, so that some actions lack one (data quality).
        first_link = next_id("tracker_actionseries")
        links = [
            (first_link + i, "", "", "", action_id, first_series + rng.randrange(size.series))
            for i, (action_id, _lead) in enumerate(actions)
            if i % 5
        ]
        copy_rows(
            "tracker_actionseries",
            ["id", "expected_effect", "expected_effect_en", "expected_effect_zh_hans", "action_id",
             "series_id"],
            links,
        )  # fmt: skip
        after_copy()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Agency, Action, ActionSupport, StatusUpdate, Series, Observation, ActionSeries]
            ):
                cursor.execute(sql)
            cursor.execute("DROP TABLE IF EXISTS bench_info")
            cursor.execute("CREATE TABLE bench_info (fingerprint varchar(200) NOT NULL)")
            cursor.execute("INSERT INTO bench_info VALUES (%s)", [fingerprint(size)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return users


def after_copy():
    """What the services keep in step with the rows copied above (none yet beyond the actions' mirror)."""


def bench_users() -> dict:
    """A reviewer, an official of the agency that leads the most actions, and an administrator."""
    from django.contrib.auth.models import Group

    from core.access import ADMINISTRATORS, OFFICIALS, REVIEWERS

    User = _user_model()
    users = {}
    for key, name, group, staff in (
        ("reviewer", "bench-reviewer", REVIEWERS, False),
        ("official", "bench-official", OFFICIALS, False),
        ("admin", "bench-admin", ADMINISTRATORS, True),
    ):
        user, created = User.objects.get_or_create(username=name, defaults={"is_staff": staff})
        if created:
            user.groups.add(Group.objects.get(name=group))
        users[key] = user
    return users


def large_agency():
    from django.db.models import Count

    from tracker.models import Agency

    return Agency.objects.annotate(n=Count("led_actions")).order_by("-n", "pk").first()


def give_official_large_agency(official):
    from tracker.models import Membership

    agency = large_agency()
    Membership.objects.get_or_create(user=official, agency=agency)
    return agency


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()
