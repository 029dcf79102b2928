"""The three roles, and who may read the read-only pages. Object-level rules live in each app's access.py."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

OFFICIALS = "Officials"
REVIEWERS = "Reviewers"
ADMINISTRATORS = "Administrators"


def in_group(user, name: str) -> bool:
    # The groups are read once per request and cached on the user object.
    if not hasattr(user, "_tracker_groups"):
        user._tracker_groups = (
            set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        )
    return name in user._tracker_groups


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or in_group(user, ADMINISTRATORS))


def is_official(user) -> bool:
    return user.is_authenticated and in_group(user, OFFICIALS)


def is_reviewer(user) -> bool:
    return user.is_authenticated and in_group(user, REVIEWERS)


def can_read(user) -> bool:
    """Read-only pages: any signed-in user, and anonymous visitors when TRACKER_PUBLIC is on."""
    return user.is_authenticated or settings.TRACKER_PUBLIC


def reader_required(view):
    """Read-only pages: signed-in users, or everybody when TRACKER_PUBLIC is on; others go to login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
