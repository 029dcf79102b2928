"""Signing in and serving safely: lockout, throttled resets, two-factor codes, headers, idle sessions, crafted
addresses, read-only history, strict CSP-ready pages."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.models import Membership, StatusUpdate

from . import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password"
LOGINS = ["login", "admin:login"]


@pytest.fixture
def staff_user(db):
    user = factories.UserFactory(username="staff", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, url_name, username, password, *, address="127.0.0.1", **fields):
    data = {"username": username, "password": password, **fields}
    return client.post(reverse(url_name), data, REMOTE_ADDR=address)


@pytest.mark.parametrize("url_name", LOGINS)
def test_wrong_passwords_lock_the_account_out_from_that_address(client, staff_user, settings, url_name):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, url_name, "staff", "wrong").status_code == 200

    locked = sign_in(client, url_name, "staff", "wrong")
    right_password = sign_in(client, url_name, "staff", PASSWORD)

    assert locked.status_code == right_password.status_code == 429
    html = right_password.content.decode()
    assert "The password was wrong 5 times in a row for this account from your address." in html
    assert "paused for 15 minutes" in html
    assert "_auth_user_id" not in client.session
    # Another address may still sign in to the same account.
    other = sign_in(client, url_name, "staff", PASSWORD, address="192.0.2.7")
    assert other.status_code == 302


def test_lockout_on_one_login_holds_on_the_other(client, staff_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "login", "staff", "wrong")

    assert sign_in(client, "admin:login", "staff", PASSWORD).status_code == 429


def test_lockout_ends_after_the_cool_off(client, staff_user, settings, monkeypatch):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "login", "staff", "wrong")
    later = timezone.now() + datetime.timedelta(minutes=settings.AXES_COOLOFF_MINUTES, seconds=5)
    # The shared cache (a table here, Redis in production) forgets the counter when the cool-off ends.
    monkeypatch.setattr("django.core.cache.backends.db.tz_now", lambda: later)

    assert sign_in(client, "login", "staff", PASSWORD).status_code == 302


def test_password_reset_mails_are_throttled_per_address(client, settings):
    factories.UserFactory(username="someone", email="someone@example.org")
    for _attempt in range(settings.PASSWORD_RESET_LIMIT):
        response = client.post(reverse("password_reset"), {"email": "someone@example.org"})
        assert response.status_code == 302

    refused = client.post(reverse("password_reset"), {"email": "Someone@example.org"})

    assert refused.status_code == 429
    assert "Too many password-reset requests. Wait an hour, then try again." in refused.content.decode()
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


def test_password_reset_link_on_the_login_page(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.mark.parametrize("url_name", LOGINS)
def test_account_with_two_factor_needs_its_code(client, staff_user, url_name):
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)

    without = sign_in(client, url_name, "staff", PASSWORD)
    wrong = sign_in(client, url_name, "staff", PASSWORD, otp_token="000000")
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    right = sign_in(client, url_name, "staff", PASSWORD, otp_token=current_code(device))

    message = "Enter the current code from your authenticator app as well as your password."
    assert message in without.content.decode() and message in wrong.content.decode()
    assert right.status_code == 302
    assert client.get(reverse("otp-setup")).context["device"] == device


def test_setting_up_two_factor_writes_the_device_only_when_a_code_proves_it(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("otp-setup"))
    assert "<svg" in page.content.decode() and TOTPDevice.objects.count() == 0
    pending = TOTPDevice(key=client.session["otp_pending_key"])

    wrong = client.post(reverse("otp-setup"), {"otp_token": "123456"})
    assert wrong.context["form"].errors and TOTPDevice.objects.count() == 0
    client.post(reverse("otp-setup"), {"otp_token": current_code(pending)})

    device = TOTPDevice.objects.get()
    assert (device.user, device.confirmed, device.key) == (administrator, True, pending.key)


def test_two_factor_setup_refused_to_non_staff(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("otp-setup")).status_code == 403


def test_superuser_without_two_factor_sent_to_set_it_up_when_required(client, staff_user, settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    client.force_login(staff_user)

    for url in (reverse("tracker:home"), reverse("admin:index")):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, reverse("otp-setup"))
    page = client.get(reverse("otp-setup")).content.decode()
    assert "Superusers must sign in with a code from an authenticator app." in page


def test_signed_in_pages_downloads_and_exports_are_not_stored(client, reviewer, update_with_file):
    client.force_login(reviewer)
    for url in (
        factories.url("strategy-detail"),
        factories.url("action-export", "csv"),
        reverse("tracker:evidence-download", args=[update_with_file.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_every_answer_carries_the_security_headers(client):
    response = client.get(reverse("login"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_cookies_are_http_only_and_same_site(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie["httponly"], cookie["samesite"], cookie["secure"]) == (True, "Lax", True)


def test_a_session_unused_for_the_idle_time_ends(client, reviewer, settings, monkeypatch):
    client.force_login(reviewer)
    assert client.get(reverse("tracker:home")).status_code == 200
    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    monkeypatch.setattr("django.contrib.sessions.backends.db.timezone.now", lambda: later)

    response = client.get(reverse("tracker:home"))

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next=/")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/actions/%00/", 400),
        ("/actions/?q=%00", 400),
        ("/categories/%00/log/", 400),
        ("/admin/tracker/action/abc/history/", 404),
        ("/admin/tracker/action/1/history/abc/", 404),
        ("/admin/tracker/statusupdate/?reported_on__year=99999999999999999999", 200),
        (
            "/admin/tracker/statusupdate/?reported_on__year=9999&reported_on__month=12&reported_on__day=31",
            200,
        ),
        ("/admin/tracker/reminder/?sent_on__year=-1", 200),
        ("/evidence/99999999999999999999999/", 404),
    ],
)
def test_crafted_addresses_answer_400_or_404_never_500(client, url, status, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    user = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code in (status, 302)  # an admin list with bad lookups redirects to ?e=1


def test_history_pages_write_nothing_whatever_is_posted(client, lead_official, other_agency, action):
    # The review's exploit: a view-only staff account moving an official to another agency.
    viewer = factories.UserFactory(username="viewer", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    superuser = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    membership = Membership.objects.get(user=lead_official)
    record = membership.history.latest("history_id")
    url = reverse("admin:tracker_membership_simple_history", args=[membership.pk, record.history_id])
    for user in (viewer, superuser):
        client.force_login(user)
        response = client.post(url, {"user": lead_official.pk, "agency": other_agency.pk})
        assert response.status_code == 405
    page = client.get(url)

    membership.refresh_from_db()
    assert membership.agency == action.lead_agency
    assert page.status_code == 200
    assert 'name="agency"' not in page.content.decode()  # every field shown read-only


def test_action_admin_page_shows_the_latest_updates_and_saves_with_hundreds(
    client, administrator, action, statuses
):
    author = factories.UserFactory(username="author")
    for day in range(600, 0, -1):
        reported_on = timezone.localdate() - datetime.timedelta(days=day)
        factories.status_update(action, statuses["in-progress"], reported_on=reported_on, author=author)
    client.force_login(administrator)
    url = reverse("admin:tracker_action_change", args=[action.pk])

    page = client.get(url)

    html = page.content.decode()
    assert "The latest 10 of 600 updates are shown." in html
    assert "All 600 updates" in html
    assert len(page.content) < 200_000
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data |= {management.add_prefix(n): management[n].value() for n in management.fields}
        for inline_form in formset.formset.forms:
            data |= {inline_form.add_prefix(n): inline_form[n].value() or "" for n in inline_form.fields}
    data["title_en"] = "Renamed with 600 updates"
    assert len(data) < 1000
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert StatusUpdate.objects.filter(action=action).count() == 600


INLINE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize(
    "url",
    [
        "/s/plan-a/", "/actions/", "/s/plan-a/actions/", "/s/plan-a/actions/1.1/", "/s/plan-a/categories/",
        "/my-actions/", "/data-quality/", "/admin/", "/admin/tracker/strategy/",
        "/admin/tracker/action/", "/admin/tracker/action/{action}/change/",
        "/admin/tracker/action/{action}/history/", "/admin/tracker/action/import/",
        "/admin/tracker/action/export/", "/admin/auth/user/", "/accounts/two-factor/",
        "/admin/tracker/statusupdate/?reported_on__year=2020",
        "/indicators/", "/indicators/LN-GDP/", "/indicators/LN-ONE/", "/admin/indicators/series/",
        "/s/plan-a/rounds/", "/s/plan-a/rounds/compare/", "/changes/", "/admin/tracker/reportinground/",
    ],
)  # fmt: skip
def test_pages_hold_no_inline_script_or_style(client, administrator, action, url):
    # Charts are images at their own addresses (indicators:series-chart), so pages embed no SVG and its style.
    charted = factories.SeriesFactory(code="LN-GDP")
    factories.ObservationFactory(series=charted, start_year=2016, end_year=2016)
    factories.ObservationFactory(series=charted, start_year=2017, end_year=2017)
    factories.ActionSeriesFactory(action=action, series=charted)
    factories.ObservationFactory(series=factories.SeriesFactory(code="LN-ONE"))  # a figure card
    client.force_login(administrator)
    response = client.get(url.format(action=action.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert INLINE.findall(html) == []
    if url in ("/actions/1.1/", "/indicators/LN-GDP/"):
        assert '<img class="chart-image" src="/indicators/LN-GDP/chart.svg' in html
