"""How the pages write a person and a figure that may be missing: `{% load display %}`."""

from django import template

register = template.Library()


@register.filter
def display_name(user) -> str:
    """The person's full name, or their username when they gave none."""
    return user.get_full_name() or user.get_username()


@register.filter
def percent_or_dash(value) -> str:
    """A percentage such as 45%, or a dash when there is none yet (no action counts towards it)."""
    return "—" if value is None else f"{value}%"
