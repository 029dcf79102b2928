"""Issue 15 (scale): the dashboard's count of stale series reads the few recent observations from an index
instead of looking up every series; its count of series per verdict and its evidence disagreements read the
series by verdict from an index."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0006_series_geography_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='series',
            index=models.Index(fields=['progress', 'direction'], name='series_progress_idx'),
        ),
        migrations.AddIndex(
            model_name='observation',
            index=models.Index(fields=['end_year', 'series'], name='observation_recent_idx'),
        ),
    ]
