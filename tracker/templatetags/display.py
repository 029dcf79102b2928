"""How the pages write a person and a figure that may be missing: `{% load display %}`."""

import re

from django import template
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
