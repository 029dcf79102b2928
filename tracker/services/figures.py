"""The counted figures of actions (ActionFigures): per strategy, category, current status and due month, how
many actions and their progress added up. Every write that changes an action's category, status, progress or
due date keeps them in its own transaction, so that pages read a few counted rows instead of every action.

- `figures_kept(action_ids=...)`: around a write to known actions (a status update, a correction, samples):
  their figures before and after, and the difference applied to the counted rows.
- `figures_recount(categories=...)`: the rows of whole categories counted again from their actions (an
  action created, edited or deleted in the admin, a spreadsheet import, a strategy load); `None`: every row
  (`manage.py rebuild_figures`, the migration, the benchmark's generator).
"""

import contextlib
import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from ..models import Action, ActionFigures, Category

Key = tuple  # (strategy id, category id, status id or None, due month or None)


def _month(day: datetime.date | None) -> datetime.date | None:
    return day.replace(day=1) if day else None


def figures_of(action_ids) -> Counter:
    """The figures `action_ids` add, as a Counter of (key, "actions" or "progress")."""
    figures = Counter()
    rows = Action.objects.filter(pk__in=list(action_ids)).values_list(
        "strategy_id", "category_id", "status_id", "due_date", "progress"
    )
    for strategy, category, status, due_date, progress in rows:
        key = (strategy, category, status, _month(due_date))
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
    _lock({key[1] for key in keys})
    out_of_step = set()
    for strategy, category, status, month in keys:
        key = (strategy, category, status, month)
        actions, progress = change[key, "actions"], change[key, "progress"]
        rows = ActionFigures.objects.filter(category_id=category, status_id=status, due_month=month)
        kept = rows.filter(actions__gte=-actions, progress_sum__gte=-progress)
        if kept.update(actions=F("actions") + actions, progress_sum=F("progress_sum") + progress):
            rows.filter(actions=0).delete()
        elif actions > 0 and progress >= 0 and not rows.exists():
            ActionFigures.objects.create(
                strategy_id=strategy,
                category_id=category,
                status_id=status,
                due_month=month,
                actions=actions,
                progress_sum=progress,
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
        actions = Action.objects.order_by()
        rows = ActionFigures.objects.all()
        if categories is None:
            _lock(Category.objects.values_list("pk", flat=True))
        else:
            ids = [getattr(category, "pk", category) for category in categories]
            _lock(ids)
            actions = actions.filter(category__in=ids)
            rows = rows.filter(category__in=ids)
        rows.delete()
        counted = (
            actions.annotate(month=TruncMonth("due_date"))
            .values("strategy", "category", "status", "month")
            .annotate(n=Count("pk"), total=Sum("progress"))
        )
        ActionFigures.objects.bulk_create(
            ActionFigures(
                strategy_id=row["strategy"],
                category_id=row["category"],
                status_id=row["status"],
                due_month=row["month"],
                actions=row["n"],
                progress_sum=row["total"] or 0,
            )
            for row in counted
        )
