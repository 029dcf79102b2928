"""The rows of the action export (CSV and XLSX): the list's columns and what a briefing is written from, read
straight from the database as plain values, a chunk of actions at a time, with the same few queries for each
chunk whatever its size, in the current language."""

import itertools
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import get_language, gettext, override
from django.utils.translation import gettext_lazy as _

from core.translated import translated
from indicators.models import Series, as_printed, format_period, latest_observation

from .models import Action, ActionSeries, ActionSupport, Agency, Category, ReasonCode, Status, StatusUpdate
from .tables import ActionTable

# Actions read from the database at a time while an export is written (a server-side cursor on PostgreSQL).
CHUNK_ROWS = 2000

# The narrative and reason of an action without update.
NO_UPDATE = ("", "")

BRIEFING_HEADERS = (
    _("Latest narrative"),
    _("Reason"),
    _("Supporting agencies"),
    _("Evidence link"),
    _("Indicator series (latest figure)"),
)


def headers() -> list[str]:
    """The list's column headers, in its order (the strategy's too, which a strategy's own list hides), then
    the briefing's."""
    columns = ActionTable.base_columns
    return [str(columns[name].verbose_name) for name in ActionTable.Meta.sequence] + [
        str(header) for header in BRIEFING_HEADERS
    ]


def action_rows(actions, *, site_url: str = ""):
    """The header, then a row of plain values (text, numbers, dates) per action of `actions`, in its order,
    in the current language (kept while the rows are read later, as the response is sent). `site_url` starts
    the links to evidence files."""
    return _rows(actions, site_url, get_language())


def _rows(actions, site_url, language):
    with override(language):
        yield headers()
        yield from _action_rows(actions, site_url)


def _action_rows(actions, site_url):
    values = (
        actions.rewrite(False)  # modeltranslation would read the rows one attribute at a time
        .with_latest_update_pk()
        .annotate(
            shown_title=translated(Action, "title"),
            category_name=translated(Category, "category__name"),
            lead_agency_name=translated(Agency, "lead_agency__name"),
            status_name=translated(Status, "status__name"),
        )
        .values_list(
            "pk",
            "strategy__code",
            "code",
            "shown_title",
            "category__code",
            "category_name",
            "lead_agency_name",
            "status_id",
            "status_name",
            "progress",
            "due_date",
            "last_reported_on",
            "latest_update_pk",
        )
    )
    no_update = gettext("No update yet")
    rows = values.iterator(chunk_size=CHUNK_ROWS)
    figures = {}
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        updates, evidence = _latest_updates([row[-1] for row in chunk if row[-1] is not None], site_url)
        ids = [row[0] for row in chunk]
        supporting = _supporting_agencies(ids)
        series = _series(ids, figures)
        for pk, strategy, code, title, category_code, category, lead, status_id, status, *rest in chunk:
            progress, due, reported, update_pk = rest
            yield [
                strategy,
                code,
                title,
                f"{category_code}. {category}",
                lead,
                no_update if status_id is None else status,
                progress,
                due,
                reported,
                *updates.get(update_pk, NO_UPDATE),
                "; ".join(supporting.get(pk, ())),
                evidence.get(update_pk, ""),
                "; ".join(series.get(pk, ())),
            ]


def _latest_updates(pks, site_url: str):
    """(narrative, reason) of each of the updates `pks`, by id; and the link to each one's evidence, by id."""
    rows = (
        StatusUpdate.objects.filter(pk__in=pks)
        .annotate(reason_name=translated(ReasonCode, "reason__name"))
        .values_list(
            "pk", "narrative", "reason_id", "reason_name", "reason_text", "evidence_url", "evidence_file"
        )
    )
    texts, links = {}, {}
    for pk, narrative, reason_id, reason_name, reason_text, url, file in rows:
        if reason_id is None:
            reason = ""
        elif reason_text:
            reason = f"{reason_name} — {reason_text}"
        else:
            reason = reason_name
        texts[pk] = (narrative, reason)
        if url:
            links[pk] = url
        elif file:
            links[pk] = site_url.rstrip("/") + reverse("tracker:evidence-download", args=[pk])
    return texts, links


def _supporting_agencies(action_ids) -> dict[int, list[str]]:
    """The names of each action's supporting agencies, by action id, in the order of ActionSupport.Meta."""
    rows = (
        ActionSupport.objects.filter(action_id__in=action_ids)
        .order_by("action_id", "agency__name")
        .values_list("action_id", translated(Agency, "agency__name"))
    )
    names = defaultdict(list)
    for action_id, name in rows:
        names[action_id].append(name)
    return names


def _series(action_ids, figures: dict) -> dict[int, list[str]]:
    """Each action's linked series with its latest figure ("LN-PORT Port throughput: 412.5 million t (2016)"),
    by action id, in series code order. `figures` keeps each series' text, by id, for the next chunks: many
    actions share a series, whose latest figure is then looked up once an export."""
    links = (
        ActionSeries.objects.rewrite(False)
        .filter(action_id__in=action_ids)
        .order_by("action_id", "series__code")
        .values_list("action_id", "series_id")
    )
    parts = defaultdict(list)
    for action_id, series_id in links:
        parts[action_id].append(series_id)
    missing = {series_id for ids in parts.values() for series_id in ids} - figures.keys()
    rows = (
        Series.objects.rewrite(False)
        .filter(pk__in=missing)
        .annotate(shown_name=translated(Series, "name"), shown_unit=translated(Series, "unit"))
        .annotate(**latest_observation("pk"))
        .values_list(
            "pk",
            "code",
            "shown_name",
            "shown_unit",
            "latest_value",
            "latest_decimals",
            "latest_start",
            "latest_end",
        )
    )
    no_figure = gettext("no figure yet")
    for pk, code, name, unit, value, decimals, start, end in rows:
        if end is None:
            figure = no_figure
        else:
            figure = f"{as_printed(value, decimals)} {unit} ({format_period(start, end)})"
        figures[pk] = f"{code} {name}: {figure}"
    return {action_id: [figures[series_id] for series_id in ids] for action_id, ids in parts.items()}
