"""The counted figures of actions (ActionFigures and AgencyFigures, tracker.services.figures) always equal a
fresh count of the actions, after every kind of write: status updates and corrections, actions created, edited
and deleted in the admin, spreadsheet imports, a strategy's load, sample rounds and their removal (a restored
backup: tests/test_backup.py)."""

import datetime

import pytest
import tablib
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tracker.models import Action, ActionFigures, AgencyDueFigures, AgencyFigures, Status, StatusUpdate
from tracker.queries import _figures, _totals, agency_figures, category_figures, strategy_figures
from tracker.resources import ActionResource
from tracker.services.figures import figures_recount
from tracker.services.samples import samples_remove
from tracker.services.updates import status_update_create_many

from . import factories


def fresh() -> dict:
    """The figures counted now from every action: per category, status and due month ("category"), per lead
    agency and status ("agency"), and per lead agency, status and due month ("agency due")."""
    actions = Action.objects.order_by().annotate(month=TruncMonth("due_date"))
    counts = {"n": Count("pk"), "total": Sum("progress")}
    return {
        **{
            ("category", s, c, st, m): (n, total)
            for s, c, st, m, n, total in actions.values_list(
                "strategy", "category", "status", "month"
            ).annotate(**counts)
        },
        **{
            ("agency", s, a, st): (n, total)
            for s, a, st, n, total in actions.values_list("strategy", "lead_agency", "status").annotate(
                **counts
            )
        },
        **{
            ("agency due", s, a, st, m): (n, total)
            for s, a, st, m, n, total in actions.values_list(
                "strategy", "lead_agency", "status", "month"
            ).annotate(**counts)
        },
    }


def kept() -> dict:
    figures = ("actions", "progress_sum")
    return {
        **{
            ("category", s, c, st, m): (n, total)
            for s, c, st, m, n, total in ActionFigures.objects.values_list(
                "strategy", "category", "status", "due_month", *figures
            )
        },
        **{
            ("agency", s, a, st): (n, total)
            for s, a, st, n, total in AgencyFigures.objects.values_list(
                "strategy", "lead_agency", "status", *figures
            )
        },
        **{
            ("agency due", s, a, st, m): (n, total)
            for s, a, st, m, n, total in AgencyDueFigures.objects.values_list(
                "strategy", "lead_agency", "status", "due_month", *figures
            )
        },
    }


def counted(kind: str) -> dict:
    """The kept rows of one kind ("category" or "agency"), by their key less the kind."""
    return {key[1:]: value for key, value in kept().items() if key[0] == kind}


class Form:
    """What ActionAdmin.save_model reads of its form."""

    cleaned_data = {}  # noqa: RUF012


def action_admin():
    request = RequestFactory().post("/")
    request.user = factories.UserFactory(is_staff=True, is_superuser=True)
    return admin.site._registry[Action], request


@pytest.fixture
def two_categories(db, statuses):
    first = factories.CategoryFactory(code="1")
    second = factories.CategoryFactory(strategy=first.strategy, code="2")
    for number in range(3):
        factories.ActionFactory(
            category=first, code=f"1.{number}", due_date=datetime.date(2024, 1 + number, 10)
        )
    figures_recount()
    return first, second


def test_figures_follow_status_updates_and_corrections(two_categories, statuses):
    first_action, second_action, _third = Action.objects.order_by("code")

    update = factories.status_update(first_action, statuses["in-progress"], progress=30)
    factories.status_update(second_action, statuses["completed"])
    assert kept() == fresh()
    factories.status_update(
        first_action,
        statuses["delayed"],
        progress=20,
        reported_on=update.reported_on,
        corrects=update,
        correction_reason="Wrong status.",
    )

    assert kept() == fresh()
    assert sum(n for n, _total in counted("category").values()) == 3
    assert sum(n for n, _total in counted("agency").values()) == 3
    assert sum(n for n, _total in counted("agency due").values()) == 3


def test_figures_follow_actions_created_edited_and_deleted_in_the_admin(two_categories, statuses):
    first, second = two_categories
    model_admin, request = action_admin()
    action = Action.objects.order_by("code").first()
    factories.status_update(action, statuses["in-progress"], progress=40)

    new = Action(
        category=second,
        strategy=second.strategy,
        code="2.1",
        title="New",
        lead_agency=action.lead_agency,
        due_date=datetime.date(2025, 5, 5),
    )
    model_admin.save_model(request, new, Form(), change=False)
    assert kept() == fresh()
    other_agency = factories.AgencyFactory()
    action.category, action.due_date = second, datetime.date(2030, 1, 1)
    action.lead_agency = other_agency
    model_admin.save_model(request, action, Form(), change=True)
    assert kept() == fresh()
    model_admin.delete_model(request, new)
    assert kept() == fresh()
    model_admin.delete_queryset(request, Action.objects.filter(category=first))

    assert kept() == fresh()
    in_progress = statuses["in-progress"].pk
    assert kept() == {
        ("category", second.strategy_id, second.pk, in_progress, datetime.date(2030, 1, 1)): (1, 40),
        ("agency", second.strategy_id, other_agency.pk, in_progress): (1, 40),
        ("agency due", second.strategy_id, other_agency.pk, in_progress, datetime.date(2030, 1, 1)): (1, 40),
    }


def test_figures_follow_a_spreadsheet_import(two_categories):
    first, second = two_categories
    exported = ActionResource().export(Action.objects.order_by("code")[:1])
    headers = exported.headers
    other_agency = factories.AgencyFactory()
    moved = dict(zip(headers, exported[0], strict=True)) | {
        "category": "2",
        "due_date": "2031-03-04",
        "lead_agency": other_agency.code,
    }
    added = moved | {"code": "2.9", "due_date": ""}
    dataset = tablib.Dataset(*[[row[name] for name in headers] for row in (moved, added)], headers=headers)

    result = ActionResource().import_data(dataset)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Action.objects.filter(category=second, lead_agency=other_agency).count() == 2
    assert kept() == fresh()


def test_figures_follow_a_strategy_load_samples_and_their_removal(db, settings):
    settings.DEBUG = True  # demo accounts and samples are refused otherwise
    call_command("load_report", verbosity=0)
    assert kept() == fresh() and kept()

    call_command("load_report", "--demo", verbosity=0)  # adds the sample rounds and their updates
    assert kept() == fresh()
    assert Action.objects.filter(status__isnull=False).exists()
    samples_remove()

    assert kept() == fresh()


def test_rebuild_figures_counts_them_again(two_categories):
    ActionFigures.objects.all().delete()
    AgencyFigures.objects.all().delete()
    AgencyDueFigures.objects.all().delete()

    call_command("rebuild_figures", verbosity=0)

    assert kept() == fresh() and kept()


def test_category_figures_from_counted_rows_equal_those_counted_from_every_action(db, statuses):
    today = timezone.localdate()
    first = factories.CategoryFactory(code="1")
    second = factories.CategoryFactory(strategy=first.strategy, code="2")
    dues = [
        None,
        today - datetime.timedelta(days=40),
        today.replace(day=1),
        today,
        today + datetime.timedelta(days=3),
        today - datetime.timedelta(days=400),
    ]
    kinds = [None, "in-progress", "delayed", "completed", "discontinued", "not-started"]
    for number, due in enumerate(dues * 2):
        action = factories.ActionFactory(
            category=(first, second)[number % 2], code=f"{number}", due_date=due, start_date=None
        )
        kind = kinds[number % len(kinds)]
        if kind:
            factories.status_update(action, statuses[kind])

    counted = category_figures([first, second])
    read = category_figures([first, second], actions=Action.objects.all())

    assert [vars(figures) for figures in counted] == [vars(figures) for figures in read]
    assert sum(figures.overdue for figures in counted) > 0


def test_strategy_figures_from_counted_rows_equal_those_counted_from_every_action(db, statuses):
    today = timezone.localdate()
    strategies = [factories.StrategyFactory(code=code) for code in ("a", "b", "c")]
    categories = [
        factories.CategoryFactory(strategy=strategy, code=code)
        for strategy in strategies[:2]
        for code in "12"
    ]
    dues = [
        None,
        today - datetime.timedelta(days=40),
        today.replace(day=1),
        today,
        today + datetime.timedelta(days=9),
    ]
    kinds = [None, "in-progress", "delayed", "completed", "discontinued", "not-started"]
    for number in range(23):
        action = factories.ActionFactory(
            category=categories[number % len(categories)], code=f"{number}", due_date=dues[number % len(dues)]
        )
        if kind := kinds[number % len(kinds)]:
            factories.status_update(action, statuses[kind])

    counted = strategy_figures(strategies)
    read = _figures(
        strategies, _totals(Action.objects.figure_counts("strategy"), "strategy", list(statuses.values()))
    )

    assert [vars(figures) for figures in counted] == [vars(figures) for figures in read]
    assert counted[2].total == 0 and counted[0].total == 12 and counted[0].overdue > 0


def test_dashboard_figures_from_counted_rows_equal_those_counted_from_every_action(db, statuses):
    today = timezone.localdate()
    category = factories.CategoryFactory(code="1")
    other = factories.CategoryFactory(strategy=category.strategy, code="2")
    agencies = [factories.AgencyFactory() for _ in range(3)]
    dues = [
        None,
        today - datetime.timedelta(days=40),
        today.replace(day=1),
        today,
        today + datetime.timedelta(3),
    ]
    kinds = [None, "in-progress", "delayed", "completed", "discontinued", "not-started"]
    for number in range(14):
        action = factories.ActionFactory(
            category=(category, other)[number % 2],
            code=f"{number}",
            lead_agency=agencies[number % 3 if number < 12 else 0],
            due_date=dues[number % len(dues)],
            start_date=None,
        )
        kind = kinds[number % len(kinds)]
        if kind:
            factories.status_update(action, statuses[kind])
    factories.ActionFactory(lead_agency=agencies[1])  # another strategy's: not counted
    everything = list(Status.objects.all())
    actions = Action.objects.filter(strategy=category.strategy)
    by_agency = _totals(actions.figure_counts("lead_agency"), "lead_agency", everything)

    shown, count = agency_figures(category.strategy, everything, limit=2)

    assert count == 3
    # The two that lead the most (the first agency leads 6 actions, the others 4), by name.
    leading = sorted(agencies[:2], key=lambda agency: agency.name)
    assert [figures.subject for figures in shown] == leading
    assert [vars(figures) for figures in shown] == [vars(figures) for figures in _figures(leading, by_agency)]
    assert sum(figures.overdue for figures in shown) > 0


def test_figures_out_of_step_are_counted_again_on_the_next_write(two_categories, statuses):
    action = Action.objects.order_by("code").first()
    # As if the actions had been written to outside the services.
    ActionFigures.objects.all().delete()
    AgencyFigures.objects.all().delete()
    AgencyDueFigures.objects.all().delete()

    factories.status_update(action, statuses["in-progress"], progress=10)

    assert kept() == fresh()
    assert [sum(n for n, _p in counted(kind).values()) for kind in ("category", "agency", "agency due")] == [
        3,
        3,
        3,
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite has no row locks, and Django leaves FOR UPDATE out of its SQL.",
)
def test_a_status_set_on_a_selection_locks_every_category_and_agency_before_writing(db, statuses):
    # An official's update takes its action, its category, then its agency. A write to several actions
    # that took them action by action (the second category after the first agency) could wait in a circle
    # with one: each of its locks is taken before anything is written, in that order.
    strategy = factories.StrategyFactory(code="s")
    second, first = (factories.CategoryFactory(strategy=strategy, code=code) for code in "21")
    agencies = [factories.AgencyFactory(code=code) for code in ("A", "B")]
    actions = [
        factories.ActionFactory(category=category, lead_agency=agency, code=f"{number}")
        for number, (category, agency) in enumerate(zip((second, first), agencies, strict=True))
    ]
    author = factories.UserFactory()

    with CaptureQueriesContext(connection) as queries:
        status_update_create_many(
            actions=Action.objects.filter(pk__in=[a.pk for a in actions]).order_by("code"),
            author=author,
            status=statuses["in-progress"],
            progress=10,
            reported_on=timezone.localdate(),
            narrative="Both under way.",
        )

    sql = [query["sql"] for query in queries.captured_queries]
    first_write = next(
        n for n, text in enumerate(sql) if text.startswith('INSERT INTO "tracker_statusupdate"')
    )
    locked = [text for text in sql[:first_write] if "FOR UPDATE" in text]
    assert any('FROM "tracker_category"' in text and "FOR UPDATE" in text for text in locked)
    assert any('FROM "tracker_agency"' in text for text in locked)
    category_locks = [
        n for n, text in enumerate(sql) if 'FROM "tracker_category"' in text and "FOR UPDATE" in text
    ]
    agency_locks = [
        n for n, text in enumerate(sql) if 'FROM "tracker_agency"' in text and "FOR UPDATE" in text
    ]
    # Later locks of the same rows (each update's own) come after the first write and wait for nothing.
    assert min(category_locks) < min(agency_locks) < first_write
    assert StatusUpdate.objects.filter(action__in=actions).count() == 2
