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


def reporting_agency(user, action: Action) -> Agency | None:
    """The agency the user reports for on this action: the lead if they work there, else a supporting one."""
    mine = user_agencies(user)
    return (
        mine.filter(pk=action.lead_agency_id).first()
        or mine.filter(supports__action=action).order_by("name").first()
    )


def can_log_progress(user, action: Action) -> bool:
    """Only officials of the action's lead or a supporting agency log progress on it."""
    return is_official(user) and reporting_agency(user, action) is not None


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
