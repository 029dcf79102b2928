"""The counted figures of actions: per strategy, category, current status and due month (ActionFigures), and
per strategy, category, lead agency and current status (AgencyFigures), how many actions and their progress
added up. Every write that changes an action's category, lead agency, status, progress or due date keeps them
in its own transaction, so that pages read a few counted rows instead of every action.

- `figures_kept(action_ids=...)`: around a write to known actions (a status update, a correction, samples,
  the admin): their figures before and after, and the difference applied to the counted rows.
- `figures_recount(categories=...)`: the rows of whole categories counted again from their actions (a
  spreadsheet import, a strategy load); `None`: every row (`manage.py rebuild_figures`, a restored backup,
  the migrations, the benchmark's generator).

Both tables' rows belong to one category: the category's lock (`_lock`) keeps the writers of its rows apart.
"""

import contextlib
import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from ..models import Action, ActionFigures, AgencyFigures, Category

# Each counted table and the fields of its rows after strategy and category, which are what an action is
# counted by (due_month: the first day of the month of its due date).
COUNTED = {
    ActionFigures: ("status", "due_month"),
    AgencyFigures: ("lead_agency", "status"),
}

Key = tuple  # (table, strategy id, category id, the values of the table's fields)


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
        values = {"lead_agency": lead_agency, "status": status, "due_month": _month(due_date)}
        for table, fields in COUNTED.items():
            key = (table, strategy, category, *(values[name] for name in fields))
            figures[key, "actions"] += 1
            figures[key, "progress"] += progress
    return figures


def _lock(category_ids) -> None:
    # Writers of one category's rows wait for each other (after locking their actions, as every writer does):
    # no two transactions create the same row, and no increment is lost.
    list(Category.objects.select_for_update().filter(pk__in=category_ids).order_by("pk").values_list("pk"))


def figures_apply(*, before: Counter, after: Counter) -> None:
    """Add `after` and take away `before` (figures_of, read around a write) from the counted rows."""
    change = Counter(after)
    change.subtract(before)
    keys = sorted({key for (key, _part), amount in change.items() if amount}, key=str)
    if not keys:
        return
    _lock({key[2] for key in keys})
    out_of_step = set()
    for key in keys:
        table, strategy, category, *values = key
        actions, progress = change[key, "actions"], change[key, "progress"]
        fields = {_column(name): value for name, value in zip(COUNTED[table], values, strict=True)}
        rows = table.objects.filter(category_id=category, **fields)
        kept = rows.filter(actions__gte=-actions, progress_sum__gte=-progress)
        if kept.update(actions=F("actions") + actions, progress_sum=F("progress_sum") + progress):
            rows.filter(actions=0).delete()
        elif actions > 0 and progress >= 0 and not rows.exists():
            table.objects.create(
                strategy_id=strategy, category_id=category, actions=actions, progress_sum=progress, **fields
            )
        else:
            # Less than nothing: the rows were out of step with the actions (written to outside the
            # services). The category's rows are counted again rather than the write refused.
            out_of_step.add(category)
    if out_of_step:
        figures_recount(categories=out_of_step)


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
    """Count the rows of `categories` (ids or instances; None: every category) again from their actions."""
    with transaction.atomic():
        actions = Action.objects.order_by().annotate(due_month=TruncMonth("due_date"))
        if categories is None:
            _lock(Category.objects.values_list("pk", flat=True))
        else:
            ids = [getattr(category, "pk", category) for category in categories]
            _lock(ids)
            actions = actions.filter(category__in=ids)
        for table, fields in COUNTED.items():
            rows = table.objects.all() if categories is None else table.objects.filter(category__in=ids)
            rows.delete()
            counted = actions.values("strategy", "category", *fields).annotate(
                n=Count("pk"), total=Sum("progress")
            )
            table.objects.bulk_create(
                table(
                    strategy_id=row["strategy"],
                    category_id=row["category"],
                    actions=row["n"],
                    progress_sum=row["total"] or 0,
                    **{_column(name): row[name] for name in fields},
                )
                for row in counted
            )
