"""Signing in: lockout after wrong passwords, throttled password-reset mails, two-factor codes (TOTP)."""

import base64
import hashlib

import segno
from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

PENDING_KEY = "otp_pending_key"


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in sees (django-axes' AXES_LOCKOUT_CALLABLE)."""
    context = {"minutes": settings.AXES_COOLOFF_MINUTES, "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


class TwoFactorLoginMixin(forms.Form):
    """A code from an authenticator app, asked of every account that has turned two-factor sign-in on.

    A wrong code counts as a failed sign-in: guessing codes ends in the same lockout as guessing passwords.
    """

    otp_token = forms.CharField(
        label=_("Two-factor code"),
        required=False,
        max_length=8,
        help_text=_("Only if you have turned on two-factor sign-in: the 6 digits your app shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not any(devices_for_user(user, confirmed=True)):
            return
        token = (self.cleaned_data.get("otp_token") or "").strip()
        device = match_token(user, token) if token else None
        if device is None:
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            raise ValidationError(
                _("Enter the current code from your authenticator app as well as your password."),
                code="otp_token",
            )
        user.otp_device = device  # django-otp marks the session as verified when the sign-in completes


class LoginForm(TwoFactorLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(TwoFactorLoginMixin, AdminAuthenticationForm):
    pass


def throttle_allows(scope: str, value: str, *, limit: int, seconds: int = 3600) -> bool:
    """Counts one more request for `value` within a fixed window; False once more than `limit` are counted."""
    key = f"throttle:{scope}:{hashlib.sha256(value.encode()).hexdigest()}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return True


class ThrottledPasswordResetView(PasswordResetView):
    """Password-reset mails, at most PASSWORD_RESET_LIMIT an hour per email address and per client address.

    The answer is the same whether or not an account has the address, so it tells nobody who has one.
    """

    def form_valid(self, form):
        limit = settings.PASSWORD_RESET_LIMIT
        email = form.cleaned_data["email"].strip().lower()
        address = get_client_ip_address(self.request) or ""
        allowed = throttle_allows("reset-email", email, limit=limit)
        allowed = throttle_allows("reset-address", address, limit=limit) and allowed
        if not allowed:
            form.add_error(
                None,
                _("Too many password-reset requests. Wait an hour, then try again."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].strip()
        if self.device.pk is None:
            # A device being set up is not saved until a code proves the app holds its key.
            device = self.device
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            verified = token.isdigit() and totp.verify(int(token), device.tolerance)
        else:
            with transaction.atomic():
                verified = self.device.verify_token(token)  # throttled after wrong codes
        if not verified:
            raise ValidationError(_("That code is not right (or no longer current); try the next one."))
        return token


@never_cache
@login_required
def otp_setup(request):
    """Turn two-factor sign-in on (scan the code, type one code back) or off, for staff accounts."""
    user = request.user
    if not (user.is_staff or user.is_superuser):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    required = settings.OTP_REQUIRED_FOR_SUPERUSERS and user.is_superuser
    if device is not None:
        form = TokenForm(request.POST or None, device=device)
        if request.method == "POST" and not required and form.is_valid():
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("otp-setup")
        return render(
            request, "registration/otp_setup.html", {"device": device, "form": form, "required": required}
        )
    # The new key waits in the session until a code proves the app has it: only then is a device written.
    key = request.session.get(PENDING_KEY) or default_key()
    request.session[PENDING_KEY] = key
    pending = TOTPDevice(user=user, name="authenticator", key=key, confirmed=False)
    form = TokenForm(request.POST or None, device=pending)
    if request.method == "POST" and form.is_valid():
        pending.confirmed = True
        pending.save()
        del request.session[PENDING_KEY]
        otp_login(request, pending)
        messages.success(
            request, _("Two-factor sign-in is on: from now on, sign in with a code from your app.")
        )
        return redirect("otp-setup")
    context = {
        "form": form,
        "required": required,
        "qr_code": segno.make(pending.config_url, error="m").svg_inline(scale=4, dark="#212529"),
        "secret": _base32(pending.bin_key),
    }
    return render(request, "registration/otp_setup.html", context)


def _base32(key: bytes) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
