from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_series_chinese_unit"),
    ]

    operations = [
        # The series list's geography choices (filters.geography_choices): a DISTINCT over this index alone.
        migrations.AddIndex(
            model_name="series",
            index=models.Index(fields=["geography_en", "geography_zh_hans"], name="series_geography_idx"),
        ),
    ]
