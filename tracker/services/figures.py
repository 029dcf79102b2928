"""The counted figures of actions, how many and their progress added up: per strategy, category, current
status and due month (ActionFigures: the dashboard, the category list and page), per strategy, lead agency
and current status (AgencyFigures: the dashboard's agencies) and the same by due month (AgencyDueFigures:
their overdue actions). Every write that changes an action's category, lead agency, status, progress or due
date keeps them in its own transaction, so that pages read a few counted rows instead of every action.

- `figures_kept(action_ids=...)`: around a write to known actions (a status update, a correction, samples,
  the admin): their figures before and after, and the difference applied to the counted rows.
- `figures_lock(action_ids)`: at the start of a transaction that writes to several actions, every lock the
  writes will take, in order.
- `figures_recount(categories=...)`: the rows of whole categories (and their strategies' rows per agency)
  counted again from their actions (a spreadsheet import, a strategy load); `None`: every row
  (`manage.py rebuild_figures`, a restored backup, the migrations, the benchmark's generator).

Writers of the same rows wait for each other on the rows of the categories and agencies they count (`_lock`):
no two transactions create the same row, and no increment is lost.
"""

import contextlib
import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from ..models import Action, ActionFigures, Agency, AgencyDueFigures, AgencyFigures, Category

# Each counted table and what its rows count an action by, after its strategy (due_month: the first day of
# the month of its due date).
COUNTED = {
    ActionFigures: ("category", "status", "due_month"),
    AgencyFigures: ("lead_agency", "status"),
    AgencyDueFigures: ("lead_agency", "status", "due_month"),
}

Key = tuple  # (table, strategy id, the values of the table's fields)


def _column(name: str) -> str:
    """The attribute of a counted row that holds `name` (a foreign key's id)."""
    return name if name == "due_month" else f"{name}_id"


def _month(day: datetime.date | None) -> datetime.date | None:
    return day.replace(day=1) if day else None


def figures_of(action_ids) -> Counter:
    """The figures `action_ids` add to each table, as a Counter of (key, "actions" or "progress")."""
    figures = Counter()
    rows = Action.objects.filter(pk__in=list(action_ids)).values_list(
        "strategy_id", "category_id", "lead_agency_id", "status_id", "due_date", "progress"
    )
    for strategy, category, lead_agency, status, due_date, progress in rows:
        values = {
            "category": category,
            "lead_agency": lead_agency,
            "status": status,
            "due_month": _month(due_date),
        }
        for table, fields in COUNTED.items():
            key = (table, strategy, *(values[name] for name in fields))
            figures[key, "actions"] += 1
            figures[key, "progress"] += progress
    return figures


def _lock(*, categories, agencies) -> None:
    # After the actions (every writer locks those first), the categories, then the agencies, each in order:
    # writers of the same counted rows wait for each other, and never for each other in a circle.
    list(Category.objects.select_for_update().filter(pk__in=categories).order_by("pk").values_list("pk"))
    list(Agency.objects.select_for_update().filter(pk__in=agencies).order_by("pk").values_list("pk"))


def figures_lock(action_ids) -> None:
    """Lock `action_ids`, then the categories and lead agencies whose counted rows they are in, each in
    order: a transaction that writes to several actions (a status set on a selection, the samples) takes
    every lock it needs at once and in that order, so that it never waits in a circle with a writer of one
    of them (which takes its action, its category, then its agency)."""
    rows = list(
        Action.objects.select_for_update()
        .filter(pk__in=list(action_ids))
        .order_by("pk")
        .values_list("category_id", "lead_agency_id")
    )
    _lock(categories={row[0] for row in rows}, agencies={row[1] for row in rows})


def figures_apply(*, before: Counter, after: Counter) -> None:
    """Add `after` and take away `before` (figures_of, read around a write) from the counted rows."""
    change = Counter(after)
    change.subtract(before)
    keys = sorted({key for (key, _part), amount in change.items() if amount}, key=str)
    if not keys:
        return
    keyed = [(key, dict(zip(COUNTED[key[0]], key[2:], strict=True))) for key in keys]
    _lock(
        categories={values["category"] for _key, values in keyed if "category" in values},
        agencies={values["lead_agency"] for _key, values in keyed if "lead_agency" in values},
    )
    out_of_step = set()
    for key, values in keyed:
        table, strategy = key[:2]
        actions, progress = change[key, "actions"], change[key, "progress"]
        fields = {_column(name): value for name, value in values.items()}
        rows = table.objects.filter(strategy_id=strategy, **fields)
        kept = rows.filter(actions__gte=-actions, progress_sum__gte=-progress)
        if kept.update(actions=F("actions") + actions, progress_sum=F("progress_sum") + progress):
            if actions < 0:
                rows.filter(actions=0).delete()  # no row counts nothing
        elif actions > 0 and progress >= 0 and not rows.exists():
            table.objects.create(strategy_id=strategy, actions=actions, progress_sum=progress, **fields)
        else:
            # Less than nothing: the rows were out of step with the actions (written to outside the
            # services). The strategy's rows are counted again rather than the write refused.
            out_of_step.add(strategy)
    if out_of_step:
        figures_recount(categories=Category.objects.filter(strategy__in=out_of_step))


@contextlib.contextmanager
def figures_kept(*, action_ids):
    """Keep the figures of `action_ids` through the write inside the block (in the same transaction). The
    block receives the list of ids: an action it creates is appended to it."""
    action_ids = list(action_ids)
    with transaction.atomic():
        # Locked first, as a status update locks its action: a concurrent update of one of them waits, instead
        # of landing between the two reads and being counted twice.
        list(Action.objects.select_for_update().filter(pk__in=action_ids).order_by("pk").values_list("pk"))
        before = figures_of(action_ids)
        yield action_ids
        figures_apply(before=before, after=figures_of(action_ids))


def figures_recount(*, categories=None) -> None:
    """Count again from their actions the rows of `categories` (ids or instances; None: every category) and
    the rows per agency of their strategies."""
    with transaction.atomic():
        if categories is None:
            ids = list(Category.objects.values_list("pk", flat=True))
        else:
            ids = [getattr(category, "pk", category) for category in categories]
        # Every agency: any of them may lead one of the strategies' actions, or have led one before the write.
        _lock(categories=ids, agencies=Agency.objects.values_list("pk", flat=True))
        strategies = Category.objects.filter(pk__in=ids).values("strategy")
        actions = Action.objects.order_by().annotate(due_month=TruncMonth("due_date"))
        for table, fields in COUNTED.items():
            if categories is None:
                rows, counted = table.objects.all(), actions
            elif "category" in fields:
                rows, counted = table.objects.filter(category__in=ids), actions.filter(category__in=ids)
            else:
                rows = table.objects.filter(strategy__in=strategies)
                counted = actions.filter(strategy__in=strategies)
            rows.delete()
            table.objects.bulk_create(
                table(
                    strategy_id=row["strategy"],
                    actions=row["n"],
                    progress_sum=row["total"] or 0,
                    **{_column(name): row[name] for name in fields},
                )
                for row in counted.values("strategy", *fields).annotate(n=Count("pk"), total=Sum("progress"))
            )
