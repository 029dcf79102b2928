"""Strategies and status outcomes, made required once 0011 has filled them: a category and an action belong to
one strategy, their codes are unique within it, and a status's outcome replaces its `is_final` flag."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0011_existing_data_becomes_strategy_ta9036'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='action',
            options={'ordering': ['strategy__code', 'category__code', 'code'], 'verbose_name': 'action', 'verbose_name_plural': 'actions'},
        ),
        migrations.AlterModelOptions(
            name='category',
            options={'ordering': ['strategy__code', 'code'], 'verbose_name': 'category', 'verbose_name_plural': 'categories'},
        ),
        migrations.RemoveConstraint(
            model_name='status',
            name='status_default_progress_range',
        ),
        migrations.RemoveField(
            model_name='historicalstatus',
            name='is_final',
        ),
        migrations.RemoveField(
            model_name='status',
            name='is_final',
        ),
        migrations.AlterField(
            model_name='action',
            name='code',
            field=models.CharField(help_text='Unique within the strategy, such as 2.3.', max_length=20, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='category',
            name='code',
            field=models.CharField(help_text='Short code, unique within the strategy, such as 1.', max_length=20, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='historicalaction',
            name='code',
            field=models.CharField(help_text='Unique within the strategy, such as 2.3.', max_length=20, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='historicalcategory',
            name='code',
            field=models.CharField(help_text='Short code, unique within the strategy, such as 1.', max_length=20, verbose_name='code'),
        ),
        migrations.AddConstraint(
            model_name='status',
            constraint=models.CheckConstraint(condition=models.Q(('max_progress__lte', 100), ('min_progress__gte', 0), ('min_progress__lte', models.F('max_progress'))), name='status_progress_range_valid'),
        ),
        migrations.AddConstraint(
            model_name='status',
            constraint=models.CheckConstraint(condition=models.Q(('default_progress__gte', models.F('min_progress')), ('default_progress__lte', models.F('max_progress'))), name='status_default_progress_in_range'),
        ),
        migrations.AddConstraint(
            model_name='status',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['open', 'achieved', 'dropped'])), name='status_outcome_valid'),
        ),
        migrations.AlterField(
            model_name='action',
            name='strategy',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='tracker.strategy', verbose_name='strategy'),
        ),
        migrations.AlterField(
            model_name='category',
            name='strategy',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='categories', to='tracker.strategy', verbose_name='strategy'),
        ),
        migrations.AddConstraint(
            model_name='action',
            constraint=models.UniqueConstraint(fields=('strategy', 'code'), name='action_code_unique_in_strategy'),
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.UniqueConstraint(fields=('strategy', 'code'), name='category_code_unique_in_strategy'),
        ),
    ]
