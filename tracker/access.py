"""Who may see and do what with an action. Every view that touches an action asks here; the roles themselves
and read access are in core.access."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.access import can_read, is_official, is_reviewer

from .models import Action, Agency


def user_agencies(user):
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user)


def reporting_agency(user, action: Action) -> Agency | None:
    """The agency the user reports for on this action: the lead if they work there, else a supporting one."""
    mine = user_agencies(user)
    return (
        mine.filter(pk=action.lead_agency_id).first()
        or mine.filter(action_supports__action=action).order_by("name").first()
    )


def can_log_progress(user, action: Action) -> bool:
    """Only officials of the action's lead or a supporting agency log progress on it."""
    return is_official(user) and reporting_agency(user, action) is not None


def can_review(user) -> bool:
    """Reviewers assess actions in open rounds and ask questions on updates; that is all they write."""
    return is_reviewer(user)


def can_answer(user, action: Action) -> bool:
    """Officials answer reviewers' questions on the actions their agencies lead or support."""
    return can_log_progress(user, action)


def get_action_for_user(user, strategy_code: str, action_code: str, *, write: bool = False) -> Action:
    """The strategy's action with this code, or 404; PermissionDenied when the user may not read it, or write
    to it."""
    action = get_object_or_404(Action.objects.with_related(), strategy__code=strategy_code, code=action_code)
    if not can_read(user):
        raise PermissionDenied
    if write and not can_log_progress(user, action):
        raise PermissionDenied
    return action
