"""Strategies, and explicit status outcomes with progress ranges: the new tables and columns, all of them
nullable or with a default. 0011 fills them from the existing data; 0012 then makes them required."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0001_initial'),
        ('tracker', '0009_indicator_target_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalStrategy',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(help_text='Short name used in addresses and spreadsheets, such as ta9036: letters, digits, hyphens.', max_length=40, verbose_name='code')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('title_en', models.CharField(max_length=300, null=True, verbose_name='title')),
                ('title_zh_hans', models.CharField(max_length=300, null=True, verbose_name='title')),
                ('short_title', models.CharField(blank=True, help_text='Shown in menus, page titles and breadcrumbs, such as ADB TA-9036; the title if empty.', max_length=60, verbose_name='short title')),
                ('short_title_en', models.CharField(blank=True, help_text='Shown in menus, page titles and breadcrumbs, such as ADB TA-9036; the title if empty.', max_length=60, null=True, verbose_name='short title')),
                ('short_title_zh_hans', models.CharField(blank=True, help_text='Shown in menus, page titles and breadcrumbs, such as ADB TA-9036; the title if empty.', max_length=60, null=True, verbose_name='short title')),
                ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                ('publisher_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='publisher')),
                ('publisher_zh_hans', models.CharField(blank=True, max_length=200, null=True, verbose_name='publisher')),
                ('published_on', models.DateField(blank=True, help_text='Pages show the month and year; give the first of the month if the day is not known.', null=True, verbose_name='publication date')),
                ('period_start', models.PositiveSmallIntegerField(blank=True, help_text='First year the strategy covers, if it says.', null=True, verbose_name='covers from year')),
                ('period_end', models.PositiveSmallIntegerField(blank=True, help_text='Last year the strategy covers, if it says.', null=True, verbose_name='covers to year')),
                ('source_document', models.CharField(blank=True, help_text='The document the strategy is taken from: its reference, or a web address.', max_length=300, verbose_name='source document')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('description_en', models.TextField(blank=True, null=True, verbose_name='description')),
                ('description_zh_hans', models.TextField(blank=True, null=True, verbose_name='description')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical strategy',
                'verbose_name_plural': 'historical strategies',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Strategy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(help_text='Short name used in addresses and spreadsheets, such as ta9036: letters, digits, hyphens.', max_length=40, unique=True, verbose_name='code')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('title_en', models.CharField(max_length=300, null=True, verbose_name='title')),
                ('title_zh_hans', models.CharField(max_length=300, null=True, verbose_name='title')),
                ('short_title', models.CharField(blank=True, help_text='Shown in menus, page titles and breadcrumbs, such as ADB TA-9036; the title if empty.', max_length=60, verbose_name='short title')),
                ('short_title_en', models.CharField(blank=True, help_text='Shown in menus, page titles and breadcrumbs, such as ADB TA-9036; the title if empty.', max_length=60, null=True, verbose_name='short title')),
                ('short_title_zh_hans', models.CharField(blank=True, help_text='Shown in menus, page titles and breadcrumbs, such as ADB TA-9036; the title if empty.', max_length=60, null=True, verbose_name='short title')),
                ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                ('publisher_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='publisher')),
                ('publisher_zh_hans', models.CharField(blank=True, max_length=200, null=True, verbose_name='publisher')),
                ('published_on', models.DateField(blank=True, help_text='Pages show the month and year; give the first of the month if the day is not known.', null=True, verbose_name='publication date')),
                ('period_start', models.PositiveSmallIntegerField(blank=True, help_text='First year the strategy covers, if it says.', null=True, verbose_name='covers from year')),
                ('period_end', models.PositiveSmallIntegerField(blank=True, help_text='Last year the strategy covers, if it says.', null=True, verbose_name='covers to year')),
                ('source_document', models.CharField(blank=True, help_text='The document the strategy is taken from: its reference, or a web address.', max_length=300, verbose_name='source document')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('description_en', models.TextField(blank=True, null=True, verbose_name='description')),
                ('description_zh_hans', models.TextField(blank=True, null=True, verbose_name='description')),
            ],
            options={
                'verbose_name': 'strategy',
                'verbose_name_plural': 'strategies',
                'ordering': ['code'],
            },
        ),
        migrations.AddField(
            model_name='historicalstatus',
            name='max_progress',
            field=models.PositiveSmallIntegerField(default=100, help_text='The highest progress an update may give with it.', verbose_name='highest progress (%)'),
        ),
        migrations.AddField(
            model_name='historicalstatus',
            name='min_progress',
            field=models.PositiveSmallIntegerField(default=0, help_text='The lowest progress an update may give with it.', verbose_name='lowest progress (%)'),
        ),
        migrations.AddField(
            model_name='historicalstatus',
            name='outcome',
            field=models.CharField(choices=[('open', 'Open'), ('achieved', 'Achieved'), ('dropped', 'Dropped')], default='open', help_text='Open: work goes on and the action can be late. Achieved: done; counts towards average progress. Dropped: stopped without being done; left out of average progress.', max_length=10, verbose_name='outcome'),
        ),
        migrations.AddField(
            model_name='status',
            name='max_progress',
            field=models.PositiveSmallIntegerField(default=100, help_text='The highest progress an update may give with it.', verbose_name='highest progress (%)'),
        ),
        migrations.AddField(
            model_name='status',
            name='min_progress',
            field=models.PositiveSmallIntegerField(default=0, help_text='The lowest progress an update may give with it.', verbose_name='lowest progress (%)'),
        ),
        migrations.AddField(
            model_name='status',
            name='outcome',
            field=models.CharField(choices=[('open', 'Open'), ('achieved', 'Achieved'), ('dropped', 'Dropped')], default='open', help_text='Open: work goes on and the action can be late. Achieved: done; counts towards average progress. Dropped: stopped without being done; left out of average progress.', max_length=10, verbose_name='outcome'),
        ),
        migrations.AddField(
            model_name='historicalstrategy',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='strategy',
            constraint=models.CheckConstraint(condition=models.Q(('period_start__isnull', True), ('period_end__isnull', True), ('period_end__gte', models.F('period_start')), _connector='OR'), name='strategy_period_ordered'),
        ),
        migrations.AddField(
            model_name='action',
            name='strategy',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='tracker.strategy', verbose_name='strategy'),
        ),
        migrations.AddField(
            model_name='category',
            name='strategy',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='categories', to='tracker.strategy', verbose_name='strategy'),
        ),
        migrations.AddField(
            model_name='historicalaction',
            name='strategy',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tracker.strategy', verbose_name='strategy'),
        ),
        migrations.AddField(
            model_name='historicalcategory',
            name='strategy',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tracker.strategy', verbose_name='strategy'),
        ),
    ]
