"""Personal API tokens (made, seen once, stored hashed, last use recorded, revoked by their owner or an
administrator), throttling per token and per anonymous address, and CSRF on session writes."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tracker.models import ApiToken
from tracker.services.tokens import api_token_create, token_digest

API = "/api/v1"


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_account_page_makes_a_token_shown_once_and_stored_hashed(client, reviewer):
    client.force_login(reviewer)

    response = client.post(reverse("api-tokens"), {"name": "notebook"})

    key = response.context["new_key"]
    token = ApiToken.objects.get()
    assert key.startswith("pt_") and len(key) > 40
    assert key in response.content.decode()
    assert (token.user, token.name, token.digest, token.prefix) == (
        reviewer,
        "notebook",
        token_digest(key),
        key[:8],
    )
    assert key not in str(ApiToken.objects.values_list()) and key not in str(dict(client.session))
    again = client.get(reverse("api-tokens")).content.decode()
    assert key not in again and "notebook" in again and key[:8] in again


def test_account_page_refuses_a_token_without_name(client, reviewer):
    client.force_login(reviewer)

    response = client.post(reverse("api-tokens"), {"name": "  "})

    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert not ApiToken.objects.exists()


def test_token_reads_and_records_its_last_use(client, reviewer, action):
    token, key = api_token_create(user=reviewer, name="loader")
    assert token.last_used_at is None

    response = client.get(f"{API}/actions/", **bearer(key))

    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["1.1"]
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timezone.timedelta(minutes=1)
    assert "sessionid" not in response.cookies  # a token opens no session
    # What a token reads is kept by neither the browser nor a proxy, as for signed-in pages.
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_token_keyword_token_is_accepted_too(client, reviewer, action):
    _, key = api_token_create(user=reviewer, name="loader")

    assert client.get(f"{API}/actions/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer", "Bearer a b"])
def test_unknown_or_malformed_token_is_401(client, action, header, settings):
    settings.TRACKER_PUBLIC = True  # even where anonymous readers are welcome, a wrong key is an error

    response = client.get(f"{API}/actions/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_owner_revokes_a_token_which_then_fails(client, reviewer, action):
    token, key = api_token_create(user=reviewer, name="loader")
    client.force_login(reviewer)

    response = client.post(reverse("api-token-revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(f"{API}/actions/", **bearer(key)).status_code == 401


def test_nobody_revokes_another_users_token(client, reviewer, lead_official):
    token, _ = api_token_create(user=lead_official, name="task system")
    client.force_login(reviewer)

    response = client.post(reverse("api-token-revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_of_a_deactivated_user_fails(client, reviewer, action):
    _, key = api_token_create(user=reviewer, name="loader")
    reviewer.is_active = False
    reviewer.save()

    assert client.get(f"{API}/actions/", **bearer(key)).status_code == 401


def test_administrator_revokes_any_token_in_the_admin(client, administrator, lead_official):
    token, key = api_token_create(user=lead_official, name="task system")
    client.force_login(administrator)

    listing = client.get(reverse("admin:tracker_apitoken_changelist"))
    response = client.post(
        reverse("admin:tracker_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert "task system" in listing.content.decode() and key not in listing.content.decode()
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


# Throttling


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/hour", "user": "3/hour", "anon": "2/hour"},
    }


def test_token_is_throttled_with_429_and_retry_after(client, reviewer, action, low_rates):
    _, key = api_token_create(user=reviewer, name="loader")
    _, other_key = api_token_create(user=reviewer, name="notebook")

    answers = [client.get(f"{API}/actions/", **bearer(key)).status_code for _ in range(3)]
    refused = client.get(f"{API}/actions/", **bearer(key))

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert client.get(f"{API}/actions/", **bearer(other_key)).status_code == 200  # each token its own budget


def test_anonymous_readers_are_throttled_per_address(action, low_rates, settings):
    settings.TRACKER_PUBLIC = True
    one, two = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")

    answers = [one.get(f"{API}/actions/").status_code for _ in range(3)]
    # Without BEHIND_PROXY, a forged X-Forwarded-For is no new address.
    forged = one.get(f"{API}/actions/", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert answers == [200, 200, 429]
    assert forged.status_code == 429
    assert two.get(f"{API}/actions/").status_code == 200


# CSRF


def test_session_writes_need_the_csrf_token_but_token_writes_do_not(lead_official, action, log_data):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lead_official)
    data = {**log_data, "status": "in-progress"}
    address = f"{API}/strategies/plan-a/actions/1.1/updates/"

    refused = browser.post(address, data, content_type="application/json")
    _, key = api_token_create(user=lead_official, name="task system")
    accepted = Client(enforce_csrf_checks=True).post(
        address, data, content_type="application/json", **bearer(key)
    )

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201, accepted.content
    assert action.updates.count() == 1
