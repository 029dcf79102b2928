"""The admin in daily use (issue 13): an action's autocomplete names its strategy; django-otp's app has a
translated name; the status-update list shows corrections."""

import pytest
from django.urls import reverse

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
