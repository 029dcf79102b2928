"""Every status gets its own look: an icon beside its colour, and no two statuses share both (issue 13).

The shipped statuses get their icons, and Completed turns blue so that it no longer looks like In progress.
"""

from django.db import migrations, models

SHIPPED = {
    "not-started": ("grey", "circle"),
    "in-progress": ("green", "arrow"),
    "delayed": ("amber", "warning"),
    "completed": ("blue", "check"),
    "discontinued": ("red", "cross"),
}
ICON_CHOICES = [
    ("circle", "Empty circle ○"),
    ("arrow", "Arrow ▶"),
    ("warning", "Warning sign ⚠"),
    ("check", "Tick ✓"),
    ("cross", "Cross ✕"),
    ("pause", "Pause ⏸"),
    ("question", "Question mark ?"),
]
COLOUR_CHOICES = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("grey", "Grey"),
    ("blue", "Blue"),
    ("purple", "Purple"),
]
ICON_FIELD = {
    "choices": ICON_CHOICES,
    "default": "circle",
    "help_text": "Shown beside the colour, so that colour is never the only signal.",
    "max_length": 10,
    "verbose_name": "icon",
}
COLOUR_FIELD = {
    "choices": COLOUR_CHOICES,
    "help_text": (
        "Green marks work on track and amber work behind plan (the dashboards compare them with the "
        "indicators); no two statuses may share both colour and icon."
    ),
    "max_length": 10,
    "verbose_name": "colour",
}
ICONS = ["circle", "arrow", "warning", "check", "cross", "pause", "question"]
COLOURS = ["red", "amber", "green", "grey", "blue", "purple"]


def give_icons(apps, schema_editor):
    Status = apps.get_model("tracker", "Status")
    taken = set()
    later = []
    for status in Status.objects.order_by("order", "pk"):
        if status.code in SHIPPED and SHIPPED[status.code] not in taken:
            status.colour, status.icon = SHIPPED[status.code]
            status.save(update_fields=["colour", "icon"])
            taken.add((status.colour, status.icon))
        else:
            later.append(status)
    # Statuses an administrator added keep their colour and take the first icon nobody else has with it.
    for status in later:
        pairs = [(status.colour, icon) for icon in ICONS] + [(c, i) for c in COLOURS for i in ICONS]
        status.colour, status.icon = next(pair for pair in pairs if pair not in taken)
        status.save(update_fields=["colour", "icon"])
        taken.add((status.colour, status.icon))


class Migration(migrations.Migration):
    dependencies = [("tracker", "0015_scale_indexes")]

    operations = [
        migrations.AddField(model_name="status", name="icon", field=models.CharField(**ICON_FIELD)),
        migrations.AddField(model_name="historicalstatus", name="icon", field=models.CharField(**ICON_FIELD)),
        migrations.AlterField(model_name="status", name="colour", field=models.CharField(**COLOUR_FIELD)),
        migrations.AlterField(
            model_name="historicalstatus", name="colour", field=models.CharField(**COLOUR_FIELD)
        ),
        migrations.RemoveConstraint(model_name="status", name="status_colour_valid"),
        migrations.AddConstraint(
            model_name="status",
            constraint=models.CheckConstraint(
                condition=models.Q(("colour__in", ["red", "amber", "green", "grey", "blue", "purple"])),
                name="status_colour_valid",
            ),
        ),
        migrations.RunPython(give_icons, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="status",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("icon__in", ["circle", "arrow", "warning", "check", "cross", "pause", "question"])
                ),
                name="status_icon_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="status",
            constraint=models.UniqueConstraint(fields=("colour", "icon"), name="status_look_unique"),
        ),
    ]
