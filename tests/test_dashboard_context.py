"""A dashboard says what it shows and when: the strategy, its period, the time of the figures; actions not
reported yet are counted apart from the average; one date format per language; a favicon; a one-click
language switch (issue 13, point 8)."""

import re

import pytest
from django.utils import timezone, translation

from . import factories

pytestmark = pytest.mark.django_db


def test_dashboard_names_strategy_period_and_the_time_of_its_figures(reviewer_client, catalogue):
    strategy = catalogue["1.1"].strategy

    html = reviewer_client.get(factories.url("strategy-detail")).content.decode()

    assert f'<h1 class="h2 mb-2">{strategy.title}</h1>' in html
    as_of = re.search(r'<p class="small mt-2 mb-0 as-of">(.*?)</p>', html, re.S).group(1)
    assert re.search(r"Figures as of \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d", as_of)
    if strategy.period:
        assert f"strategy period {strategy.period}" in as_of


def test_dashboard_counts_unreported_actions_apart(reviewer_client, catalogue):
    html = reviewer_client.get(factories.url("strategy-detail")).content.decode()

    assert "1 not reported yet" in html
    assert '<th scope="col" class="text-end d-none d-sm-table-cell">Not reported yet</th>' in html


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "{d.day} {d:%b} {d.year}"), ("zh-hans", "{d.year}年{d.month}月{d.day}日")],
)
def test_dates_written_one_way_per_language(reviewer_client, catalogue, language, written):
    today = timezone.localdate()
    reviewer_client.cookies["django_language"] = language

    html = reviewer_client.get(factories.url("strategy-detail")).content.decode()

    assert written.format(d=today) in html
    assert today.isoformat() not in html


def test_pages_carry_a_favicon_and_a_one_click_language_switch(reviewer_client, catalogue):
    html = reviewer_client.get(factories.url("strategy-detail")).content.decode()

    assert '<link rel="icon" href="/static/tracker/favicon.svg" type="image/svg+xml">' in html
    form = re.search(r'<form action="/i18n/setlang/".*?</form>', html, re.S).group(0)
    assert '<button type="submit" name="language" value="zh-hans" lang="zh-hans"' in form
    assert "<select" not in form


def test_language_button_switches_in_one_post(reviewer_client, catalogue):
    response = reviewer_client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True)

    assert response.content.decode().startswith("<!doctype html>")
    assert '<html lang="zh-hans">' in response.content.decode()
    translation.activate("en")
