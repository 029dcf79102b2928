from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0003_copy_targets_assess_progress"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='series',
            name='series_target_value_or_range',
        ),
        migrations.RemoveConstraint(
            model_name='series',
            name='series_target_range_ordered',
        ),
        migrations.RemoveField(
            model_name='historicalseries',
            name='target_high',
        ),
        migrations.RemoveField(
            model_name='historicalseries',
            name='target_low',
        ),
        migrations.RemoveField(
            model_name='historicalseries',
            name='target_value',
        ),
        migrations.RemoveField(
            model_name='historicalseries',
            name='target_year',
        ),
        migrations.RemoveField(
            model_name='series',
            name='target_high',
        ),
        migrations.RemoveField(
            model_name='series',
            name='target_low',
        ),
        migrations.RemoveField(
            model_name='series',
            name='target_value',
        ),
        migrations.RemoveField(
            model_name='series',
            name='target_year',
        ),
        migrations.AddConstraint(
            model_name='series',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('baseline_value__isnull', True), ('baseline_period', '')), models.Q(('baseline_value__isnull', False), models.Q(('baseline_period', ''), _negated=True)), _connector='OR'), name='series_baseline_complete'),
        ),
    ]
