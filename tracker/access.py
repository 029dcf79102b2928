"""Who may see and do what. Every view that touches an action asks here."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Action, Agency

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


def can_read(user) -> bool:
    """Read-only pages: any signed-in user, and anonymous visitors when TRACKER_PUBLIC is on."""
    return user.is_authenticated or settings.TRACKER_PUBLIC


def user_agencies(user):
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user)


def can_log_progress(user, action: Action) -> bool:
    """Only officials of the action's lead or a supporting agency log progress on it."""
    if not is_official(user):
        return False
    agency_ids = set(user_agencies(user).values_list("pk", flat=True))
    if action.lead_agency_id in agency_ids:
        return True
    return action.supports.filter(agency_id__in=agency_ids).exists()


def get_action_for_user(user, code: str, *, write: bool = False) -> Action:
    """The action with this code, or 404; PermissionDenied when the user may not read it, or write to it."""
    action = get_object_or_404(Action.objects.with_related(), code=code)
    if not can_read(user):
        raise PermissionDenied
    if write and not can_log_progress(user, action):
        raise PermissionDenied
    return action


def reader_required(view):
    """Read-only pages: signed-in users, or everybody when TRACKER_PUBLIC is on; others go to login."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
