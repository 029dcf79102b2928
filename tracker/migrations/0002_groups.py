"""The three roles, as groups with model permissions."""

from django.db import migrations

from tracker.migrations._permissions import create_permissions_now

DOMAIN_MODELS = {
    "tracker": ["category", "agency", "status", "reasoncode", "action", "actionsupport", "actionseries",
                "statusupdate", "membership"],
    "indicators": ["series", "observation"],
}


def create_groups(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions):
        return [
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for app, models in DOMAIN_MODELS.items()
            for model in models
            for action in actions
        ]

    view = perms(["view"])
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.set(view)
    officials, _ = Group.objects.get_or_create(name="Officials")
    officials.permissions.set(view + [Permission.objects.get(content_type__app_label="tracker",
                                                             codename="add_statusupdate")])
    administrators, _ = Group.objects.get_or_create(name="Administrators")
    administrators.permissions.set(
        perms(["view", "add", "change", "delete"])
        + list(Permission.objects.filter(content_type__app_label="auth", codename__in=[
            "view_user", "add_user", "change_user", "view_group"]))
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewers", "Officials", "Administrators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_initial"),
        ("indicators", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
