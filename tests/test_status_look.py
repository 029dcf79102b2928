"""Every status looks different from every other: its own colour and an icon, so that colour is never the only
signal; an action's progress bar takes its status's colour (issue 13, point 2)."""

import csv
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from tests import factories
from tracker.models import Status, StatusColour, StatusIcon

SHIPPED = Path(__file__).resolve().parent.parent / "tracker" / "data" / "ta9036" / "statuses.csv"


def test_shipped_statuses_have_distinct_colours_and_distinct_icons():
    with SHIPPED.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))

    colours = [row["colour"] for row in rows]
    icons = [row["icon"] for row in rows]

    assert len(set(colours)) == len(rows) == 5
    assert len(set(icons)) == len(rows)
    assert set(colours) <= set(StatusColour.values)
    assert set(icons) <= set(StatusIcon.values)
    by_code = {row["code"]: (row["colour"], row["icon"]) for row in rows}
    assert by_code["in-progress"] != by_code["completed"]


@pytest.mark.django_db
def test_status_sharing_colour_and_icon_with_another_rejected(statuses):
    with pytest.raises(IntegrityError), transaction.atomic():
        Status.objects.create(
            code="x", name="X", definition="d", default_progress=0, colour="green", icon="arrow"
        )


@pytest.mark.django_db
def test_status_icon_outside_vocabulary_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        Status.objects.create(
            code="x", name="X", definition="d", default_progress=0, colour="green", icon="star"
        )


@pytest.mark.django_db
def test_status_badges_differ_in_class_and_icon(statuses):
    badges = {
        code: render_to_string("includes/status_badge.html", {"status": s}) for code, s in statuses.items()
    }

    looks = {(f"status-{s.colour}" in badges[code], s.colour, s.glyph) for code, s in statuses.items()}
    assert all(shown for shown, _, _ in looks)
    assert len({(colour, glyph) for _, colour, glyph in looks}) == len(statuses)
    assert '<span class="status-icon" aria-hidden="true">✓</span> Completed' in badges["completed"]
    assert (
        '<span class="status-icon" aria-hidden="true">▶</span> In progress (on track)'
        in badges["in-progress"]
    )


@pytest.mark.django_db
def test_delayed_action_progress_bar_takes_the_delayed_colour(reviewer_client, statuses):
    action = factories.ActionFactory(status=statuses["delayed"], progress=40)

    page = reviewer_client.get(action.get_absolute_url()).content.decode()

    assert '<div class="progress-bar status-amber pct-40"></div>' in page
    assert "bg-primary pct-40" not in page
