"""Issue 15 (scale): the counted figures of actions per lead agency (AgencyFigures, kept by
tracker.services.figures) that the dashboard reads instead of every action, counted here from the actions
already there; and the indexes of an agency's latest update and of its overdue actions
(tracker.queries.agency_figures)."""

import django.db.models.deletion
from django.db import migrations, models


def count(apps, schema_editor):
    """The figures of the actions already there (as tracker.services.figures.figures_recount counts them)."""
    from django.db.models import Count, Sum

    Action = apps.get_model("tracker", "Action")
    AgencyFigures = apps.get_model("tracker", "AgencyFigures")
    rows = (
        Action.objects.order_by()
        .values("strategy", "category", "lead_agency", "status")
        .annotate(n=Count("pk"), total=Sum("progress"))
    )
    AgencyFigures.objects.bulk_create(
        AgencyFigures(
            strategy_id=row["strategy"],
            category_id=row["category"],
            lead_agency_id=row["lead_agency"],
            status_id=row["status"],
            actions=row["n"],
            progress_sum=row["total"] or 0,
        )
        for row in rows
    )


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0019_list_figures'),
    ]

    operations = [
        migrations.CreateModel(
            name='AgencyFigures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actions', models.PositiveIntegerField(default=0, verbose_name='actions')),
                ('progress_sum', models.PositiveBigIntegerField(default=0, verbose_name='progress added up')),
            ],
            options={
                'verbose_name': 'agency figures',
                'verbose_name_plural': 'agency figures',
                'ordering': ['strategy', 'category', 'lead_agency', 'status'],
            },
        ),
        # A lead agency's latest update within a strategy: one row (tracker.queries.agency_figures, dashboard).
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['strategy', 'lead_agency', 'last_reported_on'], name='action_agency_reported_idx'),
        ),
        # A lead agency's open actions due before today, read from the index alone
        # (tracker.queries.agency_figures, dashboard).
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['strategy', 'lead_agency', 'due_date', 'status'], name='action_agency_due_idx'),
        ),
        migrations.AddField(
            model_name='agencyfigures',
            name='category',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.category', verbose_name='category'),
        ),
        migrations.AddField(
            model_name='agencyfigures',
            name='lead_agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.agency', verbose_name='lead agency'),
        ),
        migrations.AddField(
            model_name='agencyfigures',
            name='status',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.status', verbose_name='current status'),
        ),
        migrations.AddField(
            model_name='agencyfigures',
            name='strategy',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.strategy', verbose_name='strategy'),
        ),
        # The counted row of one category, agency and status, as the services change it (services.figures).
        migrations.AddIndex(
            model_name='agencyfigures',
            index=models.Index(fields=['category', 'lead_agency', 'status'], name='agency_figures_key_idx'),
        ),
        migrations.RunPython(count, migrations.RunPython.noop, elidable=True),
    ]
