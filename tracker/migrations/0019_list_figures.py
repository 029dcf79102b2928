"""Issue 15 (scale): the counted figures of actions (ActionFigures, kept by tracker.services.figures) that the
category list and page read instead of every action, counted here from the actions already there; and the
indexes of a category's latest update and of its actions due this month (tracker.queries.counted_figures)."""

import django.db.models.deletion
from django.db import migrations, models


def count(apps, schema_editor):
    """The figures of the actions already there (as tracker.services.figures.figures_recount counts them)."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth

    Action = apps.get_model("tracker", "Action")
    ActionFigures = apps.get_model("tracker", "ActionFigures")
    rows = (
        Action.objects.order_by()
        .annotate(month=TruncMonth("due_date"))
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
        for row in rows
    )


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0004_remove_series_target_fields'),
        ('tracker', '0018_strategy_has_samples'),
    ]

    operations = [
        migrations.CreateModel(
            name='ActionFigures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_month', models.DateField(help_text='The first day of the month the actions are due in.', null=True, verbose_name='due month')),
                ('actions', models.PositiveIntegerField(default=0, verbose_name='actions')),
                ('progress_sum', models.PositiveBigIntegerField(default=0, verbose_name='progress added up')),
            ],
            options={
                'verbose_name': 'action figures',
                'verbose_name_plural': 'action figures',
                'ordering': ['strategy', 'category', 'status', 'due_month'],
            },
        ),
        # A category's latest update: one row (tracker.queries.counted_figures, category list and page).
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['category', 'last_reported_on'], name='action_category_reported_idx'),
        ),
        # A category's open actions due this month before today: overdue beyond the counted months
        # (tracker.queries.counted_figures).
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['category', 'due_date'], name='action_category_due_idx'),
        ),
        migrations.AddField(
            model_name='actionfigures',
            name='category',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.category', verbose_name='category'),
        ),
        migrations.AddField(
            model_name='actionfigures',
            name='status',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.status', verbose_name='current status'),
        ),
        migrations.AddField(
            model_name='actionfigures',
            name='strategy',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.strategy', verbose_name='strategy'),
        ),
        # The counted row of one category, status and month, as the services change it (services.figures).
        migrations.AddIndex(
            model_name='actionfigures',
            index=models.Index(fields=['category', 'status', 'due_month'], name='action_figures_key_idx'),
        ),
        migrations.RunPython(count, migrations.RunPython.noop, elidable=True),
    ]
