"""Shared by the migrations that grant permissions (the loader skips modules starting with "_").

Keep its behaviour stable: migrations already applied on existing databases ran what it does now.
"""


def create_permissions_now(apps):
    """Create every model's permissions, which Django otherwise creates only after `migrate` has finished."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
