from functools import cached_property

from django.conf import settings

from core.access import is_administrator, is_official

from .models import Strategy


class StrategyMenu:
    """What the menu needs to know of the strategies: read once, and only by a page that shows the menu."""

    @cached_property
    def _first_two(self) -> list[Strategy]:
        return list(Strategy.objects.all()[:2])

    @property
    def several(self) -> bool:
        """More than one strategy: the menu offers the overview."""
        return len(self._first_two) > 1

    @property
    def only(self) -> Strategy | None:
        """The strategy, if there is only one: the menu's pages are its pages on every page."""
        return self._first_two[0] if len(self._first_two) == 1 else None


def tracker(request):
    """Who is reading, for the navigation (the group lookup is cached on the user for the request), and the
    strategies it links to."""
    user = getattr(request, "user", None)
    return {
        "TRACKER_PUBLIC": settings.TRACKER_PUBLIC,
        "is_official": bool(user) and is_official(user),
        "is_administrator": bool(user) and is_administrator(user),
        "strategy_menu": StrategyMenu(),
    }
