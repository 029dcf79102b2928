"""How the pages write a person and a figure that may be missing: `{% load display %}`."""

import re

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from ..services.accounts import demo_display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    """The person's full name, or their username when they gave none; a demo account's in the page's
    language."""
    return demo_display_name(user) or user.get_full_name() or user.get_username()


@register.filter
def percent_or_dash(value) -> str:
    """A percentage such as 45%, or a dash when there is none yet (no action counts towards it)."""
    return "—" if value is None else f"{value}%"


PARAGRAPH_PART = re.compile(r"¶(\d+)(?:,\s*(item|measure|initiative)\s+(\d+))?")
PART_WORDS = {"item": "第{}项", "measure": "第{}项措施", "initiative": "第{}项举措"}


@register.filter
def paragraph_ref(text) -> str:
    """A reference to a strategy's paragraphs ("¶121, item 2") as the page's language writes it: in Chinese
    "第121段第2项". Other text is left as it is."""
    if not text or not get_language().startswith("zh"):
        return text

    def chinese(match):
        paragraph, kind, number = match.groups()
        return f"第{paragraph}段" + (PART_WORDS[kind].format(number) if kind else "")

    return PARAGRAPH_PART.sub(chinese, str(text))


def render_once(request, template_name: str, key, context: dict) -> str:
    """`template_name` rendered with `context`, once per request and `key` (what the output depends on): a
    list shows the same few statuses and progress bars on every row, and rendering an include is the main
    cost of a row. Without a request, rendered every time."""
    if request is None:
        return render_to_string(template_name, context)
    cache = request.__dict__.setdefault("_tracker_fragments", {})
    full_key = (template_name, get_language(), key)
    if full_key not in cache:
        cache[full_key] = render_to_string(template_name, context)
    return cache[full_key]


@register.simple_tag(takes_context=True)
def status_badge(context, status):
    """includes/status_badge.html for `status`, rendered once per page."""
    return render_once(
        context.get("request"), "includes/status_badge.html", status and status.pk, {"status": status}
    )


@register.simple_tag(takes_context=True)
def progress_bar(context, value, status):
    """includes/progress_bar.html for `value` and `status`'s colour, rendered once per page."""
    key = (value, status.colour if status else None)
    return render_once(
        context.get("request"), "includes/progress_bar.html", key, {"value": value, "status": status}
    )
