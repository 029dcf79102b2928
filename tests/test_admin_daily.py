"""The admin in daily use (issue 13): an action's autocomplete names its strategy; django-otp's app has a
translated name; the status-update list shows corrections; the long agency filters are folded until used;
the lists' headers are in the page's language, and their query counts do not grow with their rows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.services.updates import status_update_create

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


def test_action_autocomplete_names_the_strategy(admin_client_, action):
    response = admin_client_.get(
        reverse("admin:autocomplete"),
        {"app_label": "tracker", "model_name": "statusupdate", "field_name": "action", "term": action.code},
    )

    texts = [result["text"] for result in response.json()["results"]]
    assert texts == [f"{action.strategy.label} · {action.code} {action.title}"]


def test_two_factor_app_named_in_the_language_of_the_page(client, administrator):
    superuser = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)

    english = client.get(reverse("admin:index")).content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("admin:index")).content.decode()

    assert "OTP_TOTP" not in english and "Two-factor sign-in" in english
    assert "OTP_TOTP" not in chinese and "双重验证登录" in chinese


def test_status_update_list_shows_corrections(admin_client_, corrected_update):
    html = admin_client_.get(reverse("admin:tracker_statusupdate_changelist")).content.decode()

    assert "Corrected by a later update" in html
    assert "Corrects the update of" in html


def agency_filter(html: str) -> str:
    return re.search(r'<details data-filter-title="lead agency".*?</details>', html, re.S).group(0)


def test_agency_filter_folded_until_it_narrows_the_list(admin_client_, action):
    url = reverse("admin:tracker_action_changelist")
    agency = action.lead_agency

    folded = agency_filter(admin_client_.get(url).content.decode())
    narrowed = agency_filter(admin_client_.get(url, {"lead_agency__id__exact": agency.pk}).content.decode())

    assert folded.startswith('<details data-filter-title="lead agency" class="folded-filter">')
    assert narrowed.startswith('<details data-filter-title="lead agency" class="folded-filter" open>')
    selected = re.search(r'<li class="selected">\s*<a href="[^"]*">(.*?)</a>', narrowed, re.S).group(1)
    assert selected == f"{agency.code} · {agency.name}"


@pytest.mark.parametrize("model", ["action", "statusupdate"])
def test_list_headers_in_chinese(admin_client_, corrected_update, model):
    admin_client_.cookies["django_language"] = "zh-hans"

    html = admin_client_.get(reverse(f"admin:tracker_{model}_changelist")).content.decode()

    headers = re.sub(r"<[^>]+>", " ", re.search(r"<thead>.*?</thead>", html, re.S).group(0))
    assert re.findall(r"[A-Za-z]{3,}", headers) == []


def test_action_list_query_count_does_not_grow(
    admin_client_, django_assert_num_queries, django_assert_max_num_queries, statuses
):
    url = reverse("admin:tracker_action_changelist")
    factories.ActionFactory()
    admin_client_.get(url)  # warm caches (session, content types)
    with django_assert_max_num_queries(100) as first:
        admin_client_.get(url)
    for _ in range(29):
        factories.status_update(factories.ActionFactory(), statuses["in-progress"], progress=20)
    with django_assert_num_queries(len(first.captured_queries)):
        admin_client_.get(url)


def test_status_update_list_query_count_does_not_grow(
    admin_client_,
    django_assert_num_queries,
    django_assert_max_num_queries,
    corrected_update,
    lead_official,
    statuses,
):
    url = reverse("admin:tracker_statusupdate_changelist")
    admin_client_.get(url)
    with django_assert_max_num_queries(100) as first:
        admin_client_.get(url)
    for day in range(1, 29):
        status_update_create(
            action=corrected_update.action,
            status=statuses["in-progress"],
            progress=40 + day,
            reported_on=timezone.localdate(),
            narrative=f"Day {day}.",
            author=lead_official,
            agency=corrected_update.action.lead_agency,
        )
    with django_assert_num_queries(len(first.captured_queries)):
        admin_client_.get(url)
