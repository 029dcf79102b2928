"""Demo accounts read in the page's language (issue 13, point 9): "Demo Reviewer" is 演示评审员 on Chinese
pages; anyone else keeps the name they gave."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from tracker.services.accounts import demo_accounts_create
from tracker.templatetags.display import display_name

from . import factories

pytestmark = pytest.mark.django_db


def test_demo_reviewer_named_in_the_language_of_the_page(client, lead_agency):
    demo_accounts_create(official_agencies=[lead_agency])
    client.force_login(get_user_model().objects.get(username="reviewer"))

    english = client.get("/my-actions/", follow=True).content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get("/my-actions/", follow=True).content.decode()

    assert "Demo Reviewer" in english
    assert "演示评审员" in chinese and "Demo Reviewer" not in chinese


def test_every_demo_account_has_a_chinese_name(lead_agency):
    demo_accounts_create(official_agencies=[lead_agency])
    users = get_user_model().objects.order_by("username")

    with translation.override("zh-hans"):
        names = {user.username: display_name(user) for user in users}

    official = f"official-{lead_agency.code.lower()}"
    assert names == {
        "admin": "演示管理员",
        "reviewer": "演示评审员",
        official: f"演示工作人员（{lead_agency.code}）",
    }


def test_a_person_named_demo_keeps_their_name():
    person = factories.UserFactory(username="dmitri", first_name="Demo", last_name="Reviewer")

    with translation.override("zh-hans"):
        assert display_name(person) == "Demo Reviewer"
