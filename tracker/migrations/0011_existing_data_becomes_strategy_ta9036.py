"""The data loaded so far becomes strategy ta9036, and every status gets an explicit outcome and progress range.

- If there are categories or actions, strategy ta9036 is created with the report's metadata (as in
  tracker/data/ta9036/strategy.csv) and every category and action is assigned to it. On an empty database no
  strategy is created: `load_report` creates it from strategy.csv.
- A status's outcome follows what its `is_final` flag and default progress meant until now: final at 100% is
  achieved, final below 100% is dropped, anything else is open. Its progress range is the one the shipped
  statuses.csv gives the same code, provided its default progress lies in it; otherwise achieved allows 100%
  only, and open and dropped allow 0–100%.
- Historical rows get the same values, so that the next edit's history does not show these columns changing.
- Administrators may view, add, change and delete strategies, as they may categories.
Nothing else changes: no title, date, code or status update is touched."""

import datetime

from django.db import migrations
from django.utils import timezone

from tracker.migrations._permissions import create_permissions_now

STRATEGY = {
    "code": "ta9036",
    "title": "Strategy for Liaoning North Yellow Sea Regional Cooperation and Development",
    "title_en": "Strategy for Liaoning North Yellow Sea Regional Cooperation and Development",
    "title_zh_hans": "辽宁北黄海区域合作与发展战略",
    "short_title": "ADB TA-9036",
    "short_title_en": "ADB TA-9036",
    "short_title_zh_hans": "亚行TA-9036",
    "publisher": "Asian Development Bank",
    "publisher_en": "Asian Development Bank",
    "publisher_zh_hans": "亚洲开发银行",
    "published_on": datetime.date(2017, 12, 1),
    "period_start": None,
    "period_end": None,
    "source_document": (
        "ADB TA-9036, Technical Report 5: Relevant Domestic and International Experience in Designing and "
        "Implementing Regional Cooperation Programs (December 2017)"
    ),
    "description": (
        "Recommendations of Technical Report 5 for using regional cooperation to revive Liaoning's economy, in "
        "seven categories (¶112–¶130): economic structure, attracting and managing foreign trade and "
        "investment, overcapacity, state-owned enterprises, ports and demographic trends."
    ),
    "description_en": (
        "Recommendations of Technical Report 5 for using regional cooperation to revive Liaoning's economy, in "
        "seven categories (¶112–¶130): economic structure, attracting and managing foreign trade and "
        "investment, overcapacity, state-owned enterprises, ports and demographic trends."
    ),
    "description_zh_hans": (
        "第五号技术报告就借助区域合作振兴辽宁经济提出的建议，分为七类（第112–130段）：经济结构、吸引外贸与外资、"
        "外贸与外资管理、产能过剩、国有企业管理、港口管理和人口趋势。"
    ),
}

# The ranges of the shipped statuses.csv.
SEED_RANGES = {
    "not-started": (0, 0),
    "in-progress": (1, 99),
    "delayed": (0, 99),
    "completed": (100, 100),
    "discontinued": (0, 100),
}


def outcome_and_range(row):
    if row.is_final:
        outcome = "achieved" if row.default_progress >= 100 else "dropped"
    else:
        outcome = "open"
    low, high = SEED_RANGES.get(row.code, (None, None))
    if low is None or not low <= row.default_progress <= high:
        low, high = (100, 100) if outcome == "achieved" else (0, 100)
    return outcome, low, high


def forwards(apps, schema_editor):
    for name in ("Status", "HistoricalStatus"):
        for row in apps.get_model("tracker", name).objects.all():
            row.outcome, row.min_progress, row.max_progress = outcome_and_range(row)
            row.save(update_fields=["outcome", "min_progress", "max_progress"])

    Category = apps.get_model("tracker", "Category")
    Action = apps.get_model("tracker", "Action")
    if not (Category.objects.exists() or Action.objects.exists()):
        return
    Strategy = apps.get_model("tracker", "Strategy")
    strategy = Strategy.objects.filter(code=STRATEGY["code"]).first() or Strategy.objects.create(**STRATEGY)
    apps.get_model("tracker", "HistoricalStrategy").objects.create(
        id=strategy.pk,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="The data loaded before strategies existed became this strategy (migration).",
        **STRATEGY,
    )
    for name in ("Category", "HistoricalCategory", "Action", "HistoricalAction"):
        apps.get_model("tracker", name).objects.filter(strategy__isnull=True).update(strategy=strategy)


def grant_administrators(apps, schema_editor):
    create_permissions_now(apps)
    group = apps.get_model("auth", "Group").objects.filter(name="Administrators").first()
    if group:
        codenames = [f"{action}_strategy" for action in ("view", "add", "change", "delete")]
        group.permissions.add(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="tracker", codename__in=codenames
            )
        )


def backwards(apps, schema_editor):
    for name in ("Status", "HistoricalStatus"):
        apps.get_model("tracker", name).objects.update(is_final=False)
        apps.get_model("tracker", name).objects.exclude(outcome="open").update(is_final=True)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0010_strategies_and_status_outcomes"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(grant_administrators, migrations.RunPython.noop),
    ]
