"""Issue 15 (scale): the count of stale series (the dashboard) reads the few recent observations from an index
instead of looking up every series."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0005_series_chinese_unit'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='observation',
            index=models.Index(fields=['end_year', 'series'], name='observation_recent_idx'),
        ),
    ]
