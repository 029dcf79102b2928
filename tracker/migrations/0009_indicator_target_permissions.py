"""Administrators' permissions on the indicators app's new models: targets (edited like series) and the
earlier values of revised observations (kept by the tracker, only read). The other roles never enter the
admin (0008)."""

from django.db import migrations

from tracker.migrations._permissions import create_permissions_now


def grant(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = ["view_target", "add_target", "change_target", "delete_target", "view_observationvintage"]
    permissions = Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames)
    for group in Group.objects.filter(name="Administrators"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0008_roles_without_unused_permissions"),
        ("indicators", "0004_remove_series_target_fields"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
