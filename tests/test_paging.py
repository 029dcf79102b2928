"""Bounded reads of list pages (core.paging): a page of rows and a count that stops at a cap."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core.paging import page_rows
from tracker.models import Action

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_actions(statuses):
    category = factories.CategoryFactory(code="1")
    return [factories.ActionFactory(category=category, code=f"1.{number}") for number in range(1, 5)]


def test_page_rows_counts_all_without_cap(four_actions):
    rows, count = page_rows(Action.objects.order_by("code"), limit=2)

    assert ([action.code for action in rows], count) == (["1.1", "1.2"], 4)


def test_page_rows_count_stops_above_cap(four_actions):
    rows, count = page_rows(Action.objects.order_by("code"), limit=2, cap=2)

    assert ([action.code for action in rows], count) == (["1.1", "1.2"], 3)


def test_page_rows_count_under_cap_is_exact(four_actions):
    rows, count = page_rows(Action.objects.filter(code__in=["1.3", "1.4"]), limit=1, cap=2)

    assert ([action.code for action in rows], count) == (["1.3"], 2)


def test_page_rows_reads_rows_from_given_queryset_in_the_filtered_order(four_actions):
    ordered = Action.objects.filter(code__in=["1.2", "1.3"]).order_by("-code")

    rows, count = page_rows(ordered, limit=5, cap=10, rows_from=Action.objects.with_related())

    assert ([action.code for action in rows], count) == (["1.3", "1.2"], 2)


def test_page_rows_of_nothing_is_empty(four_actions):
    assert page_rows(Action.objects.filter(pk__in=[]), limit=5, cap=10) == ([], 0)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [("en", 1000, "1000"), ("en", 1001, "more than 1,000"), ("zh-hans", 1001, "超过 1000")],
)
def test_capped_count_says_more_than_the_cap(language, count, expected):
    with translation.override(language):
        html = render_to_string("includes/capped_count.html", {"count": count, "cap": 1000})

    assert html.strip() == expected
