"""Reviewers and Officials never enter the admin, and no page checks a model permission for them: their roles
are their groups' names (core.access). Drop the model permissions the groups were given in 0002."""

from django.db import migrations


def drop_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Reviewers", "Officials"]):
        group.permissions.clear()


class Migration(migrations.Migration):

    dependencies = [
        ("tracker", "0007_action_progress_without_validators_agency_action_supports"),
    ]

    operations = [migrations.RunPython(drop_permissions, migrations.RunPython.noop)]
