from django.conf import settings

from core.access import is_administrator, is_official


def tracker(request):
    """Who is reading, for the navigation; the group lookup is cached on the user for the request."""
    user = getattr(request, "user", None)
    return {
        "TRACKER_PUBLIC": settings.TRACKER_PUBLIC,
        "is_official": bool(user) and is_official(user),
        "is_administrator": bool(user) and is_administrator(user),
    }
