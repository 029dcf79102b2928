"""The language switcher, and the language a user's emails are written in."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from tracker.models import Action, UserPreference
from tracker.services.accounts import user_language
from tracker.services.reminders import reminder_digest_send


@pytest.mark.django_db
def test_switching_language_sets_cookie_and_remembers_choice(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/actions/"})
    assert (response.status_code, response["Location"]) == (302, "/actions/")
    assert response.cookies["django_language"].value == "zh-hans"
    assert UserPreference.objects.get(user=reviewer).language == "zh-hans"
    assert user_language(reviewer) == "zh-hans"


@pytest.mark.django_db
def test_unknown_language_is_not_remembered(client, reviewer):
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert not UserPreference.objects.exists()
    assert user_language(reviewer) == "en"


@pytest.mark.django_db
def test_anonymous_visitor_can_switch_language(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.cookies["django_language"].value == "zh-hans"
    assert not UserPreference.objects.exists()


@pytest.mark.django_db
def test_language_switch_needs_post(client):
    assert client.get(reverse("set_language"), {"language": "zh-hans"}).status_code == 405


@pytest.mark.django_db
def test_reminder_written_in_the_officials_language(action, lead_official, statuses):
    Action.objects.filter(pk=action.pk).update(due_date=datetime.date(2020, 1, 1))
    UserPreference.objects.create(user=lead_official, language="zh-hans")
    assert reminder_digest_send(user=lead_official)
    assert "逾期" in mail.outbox[0].subject + mail.outbox[0].body
