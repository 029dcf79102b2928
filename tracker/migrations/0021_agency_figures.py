"""Issue 15 (scale): the counted figures of actions per lead agency, and per lead agency and due month
(AgencyFigures, AgencyDueFigures, kept by tracker.services.figures), that the dashboard reads instead of every
action, counted here from the actions already there; the indexes of an agency's latest update and of its
actions due this month (tracker.queries.agency_figures), and of an action's category and a series' actions
(a category page's series)."""

import django.db.models.deletion
from django.db import migrations, models


def count(apps, schema_editor):
    """The figures of the actions already there (as tracker.services.figures.figures_recount counts them)."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth

    Action = apps.get_model("tracker", "Action")
    actions = Action.objects.order_by().annotate(due_month=TruncMonth("due_date"))
    for name, fields in (
        ("AgencyFigures", ("lead_agency", "status")),
        ("AgencyDueFigures", ("lead_agency", "status", "due_month")),
    ):
        table = apps.get_model("tracker", name)
        rows = actions.values("strategy", *fields).annotate(n=Count("pk"), total=Sum("progress"))
        table.objects.bulk_create(
            table(
                strategy_id=row["strategy"],
                actions=row["n"],
                progress_sum=row["total"] or 0,
                **{name if name == "due_month" else f"{name}_id": row[name] for name in fields},
            )
            for row in rows
        )


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0020_scale_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='AgencyDueFigures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_month', models.DateField(help_text='The first day of the month the actions are due in.', null=True, verbose_name='due month')),
                ('actions', models.PositiveIntegerField(default=0, verbose_name='actions')),
                ('progress_sum', models.PositiveBigIntegerField(default=0, verbose_name='progress added up')),
            ],
            options={
                'verbose_name': 'agency figures by due month',
                'verbose_name_plural': 'agency figures by due month',
                'ordering': ['strategy', 'lead_agency', 'status', 'due_month'],
            },
        ),
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
                'ordering': ['strategy', 'lead_agency', 'status'],
            },
        ),
        # Whether an action is in a category, from the index alone (the series of a category page).
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['category', 'id'], name='action_category_key_idx'),
        ),
        # A series' actions from the index alone (the series of a category page, their counts of actions).
        migrations.AddIndex(
            model_name='actionseries',
            index=models.Index(fields=['series', 'action'], name='action_series_by_series_idx'),
        ),
        # A lead agency's latest update within a strategy: one row (tracker.queries.agency_figures, dashboard).
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['strategy', 'lead_agency', 'last_reported_on'], name='action_agency_reported_idx'),
        ),
        # A lead agency's open actions due this month before today, read from the index alone
        # (tracker.queries.agency_figures, dashboard).
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['strategy', 'lead_agency', 'due_date', 'status'], name='action_agency_due_idx'),
        ),
        migrations.AddField(
            model_name='agencyduefigures',
            name='lead_agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.agency', verbose_name='lead agency'),
        ),
        migrations.AddField(
            model_name='agencyduefigures',
            name='status',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.status', verbose_name='current status'),
        ),
        migrations.AddField(
            model_name='agencyduefigures',
            name='strategy',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracker.strategy', verbose_name='strategy'),
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
        # An agency's rows due before this month, read from the index alone (the dashboard), and the row the
        # services change.
        migrations.AddIndex(
            model_name='agencyduefigures',
            index=models.Index(fields=['strategy', 'lead_agency', 'status', 'due_month', 'actions'], name='agency_due_figures_key_idx'),
        ),
        # A strategy's rows (the dashboard), and the row the services change.
        migrations.AddIndex(
            model_name='agencyfigures',
            index=models.Index(fields=['strategy', 'lead_agency', 'status'], name='agency_figures_key_idx'),
        ),
        migrations.RunPython(count, migrations.RunPython.noop, elidable=True),
    ]
