"""Project-wide request handling: security headers, idle sessions, two-factor sign-in for superusers."""

import time
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

# A signed-in session is stamped with the time of its latest request at most this often, so that most
# requests write nothing; each stamp saves the session and so restarts its idle clock (SESSION_COOKIE_AGE).
SESSION_STAMP_SECONDS = 60
SESSION_STAMP_KEY = "tracker_seen_at"


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer; nothing personal or downloaded kept by browsers or proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.get("Content-Disposition", "").startswith("attachment"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def stamp_session(session):
    session[SESSION_STAMP_KEY] = int(time.time())


class SessionIdleMiddleware:
    """Keeps a signed-in session alive while it is used; unused for SESSION_IDLE_MINUTES, it expires."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            seen = request.session.get(SESSION_STAMP_KEY, 0)
            if time.time() - seen >= SESSION_STAMP_SECONDS:
                stamp_session(request.session)
        return self.get_response(request)


class OTPRequiredMiddleware:
    """With OTP_REQUIRED_FOR_SUPERUSERS, a superuser not signed in with a code is sent to set one up."""

    # Where such a superuser may still go: the set-up page itself, signing out, the language menu.
    ALLOWED = ("otp-setup", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OTP_REQUIRED_FOR_SUPERUSERS
            and user.is_authenticated
            and user.is_superuser
            and not user.is_verified()
            and request.path not in {reverse(name) for name in self.ALLOWED}
        ):
            return redirect("otp-setup")
        return self.get_response(request)


class RefuseNulMiddleware:
    """No address of ours holds a NUL character, and PostgreSQL refuses to compare text with one: 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            raise SuspiciousOperation("NUL character in the address")
        return self.get_response(request)
