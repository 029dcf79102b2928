"""Signing in and out, and changing one's password: Django's auth views in the house style."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from . import factories

pytestmark = pytest.mark.django_db


def test_login_page_extends_base_with_bootstrap_fields(client):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Log in · Policy Tracker</title>" in html
    assert 'class="form-control"' in html
    assert 'autocomplete="current-password"' in html


def test_login_official_lands_on_my_actions(client, lead_official):
    response = client.post(
        reverse("login"), {"username": "lead-official", "password": factories.PASSWORD}, follow=True
    )

    assert response.redirect_chain == [
        (reverse("tracker:start"), 302),
        (reverse("tracker:my-actions"), 302),
    ]
    assert response.status_code == 200
    assert "My actions" in response.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "administrator"])
def test_login_others_land_on_dashboard(client, request, role):
    request.getfixturevalue(role)

    response = client.post(reverse("login"), {"username": role, "password": factories.PASSWORD})
    start = client.get(response.url)

    assert response.url == reverse("tracker:start")
    assert start.url == reverse("tracker:home")


def test_login_wrong_password_shows_message(client, lead_official):
    response = client.post(reverse("login"), {"username": "lead-official", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_returns_to_login(client, lead_official):
    client.force_login(lead_official)

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_logged_out_template_renders(rf):
    html = render_to_string("registration/logged_out.html", request=rf.get("/"))

    assert "You have logged out." in html


def test_password_change_pages_are_styled_and_work(client, lead_official):
    client.force_login(lead_official)

    form = client.get(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "a much better passphrase 42",
            "new_password2": "a much better passphrase 42",
        },
        follow=True,
    )

    assert "Change your password" in form.content.decode()
    assert 'autocomplete="new-password"' in form.content.decode()
    assert "Your password has been changed." in response.content.decode()
    lead_official.refresh_from_db()
    assert lead_official.check_password("a much better passphrase 42")


def test_password_change_mismatch_shows_message_next_to_field(client, lead_official):
    client.force_login(lead_official)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "abcdefgh12345",
            "new_password2": "different9876",
        },
    )

    html = response.content.decode()
    assert 'id="id_new_password2_error"' in html
    assert "The two password fields didn" in html
    lead_official.refresh_from_db()
    assert lead_official.check_password(factories.PASSWORD)


def test_login_without_csrf_token_is_refused(lead_official):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "lead-official", "password": factories.PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
