"""Who may use the API: personal tokens or the session, the same read rule as the pages, and throttling per
token, per signed-in user and per anonymous address."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.settings import api_settings

from core.access import can_read, is_administrator

from ..access import can_log_progress
from ..models import ApiToken
from ..services.tokens import api_token_authenticate


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>` with a personal token (`Token <key>` is accepted too)."""

    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header needs one token, after Bearer.")
            )
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = api_token_authenticate(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid, or has been revoked."))
        return token.user, token

    def authenticate_header(self, request):
        # Makes an unauthenticated request a 401 that says how to authenticate, not a 403.
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token, made on the account page (/accounts/tokens/).",
        }


class CanRead(permissions.BasePermission):
    """Reads as the pages allow them (signed in, or anyone when TRACKER_PUBLIC is on); writes are each
    view's own permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return can_read(request.user)
        return request.user.is_authenticated


class CanLogProgress(CanRead):
    """Status updates: officials of the action's lead or a supporting agency write; readers read."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_log_progress(request.user, view.get_action())


class AdministratorWrites(CanRead):
    """Observations: administrators write; readers read."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or is_administrator(request.user)


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """One budget per token (API_RATE_TOKEN), per signed-in user without a token (API_RATE_USER) and per
    anonymous client address (API_RATE_ANON). A throttled request gets 429 with Retry-After."""

    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def __init__(self):
        pass  # the rate depends on who asks: set in allow_request

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            self.scope, ident = "token", request.auth.pk
        elif request.user.is_authenticated:
            self.scope, ident = "user", request.user.pk
        else:
            self.scope, ident = "anon", self.get_ident(request)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.ident = ident
        return super().allow_request(request, view)

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]  # read now, so that tests may change it

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


__all__ = ["AdministratorWrites", "CanLogProgress", "CanRead", "ClientRateThrottle", "TokenAuthentication"]
