from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import health, security
from tracker.views import account

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", account.set_language, name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=security.LoginForm),
        name="login",
    ),
    path("accounts/password_reset/", security.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/two-factor/", security.otp_setup, name="otp-setup"),
    path("accounts/tokens/", account.api_tokens, name="api-tokens"),
    path("accounts/tokens/<int:pk>/revoke/", account.api_token_revoke_view, name="api-token-revoke"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("tracker.api.urls")),
    path("indicators/", include("indicators.urls")),
    path("", include("tracker.urls")),
]
