"""Personal API tokens: made with a key shown once, stored as its digest, revoked but never deleted."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ApiToken

# Tokens start with this, so that a key pasted into the wrong place (a chat, a repository) is recognisable.
KEY_PREFIX = "pt_"
# last_used_at is written at most this often for one token, not on every request.
LAST_USED_PRECISION = timezone.timedelta(minutes=1)


def token_digest(key: str) -> str:
    # The key is 256 random bits: a fast hash is as safe as a slow one and costs nothing per request.
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it and its key, which is not stored and cannot be shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, to tell it from your others.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[: len(KEY_PREFIX) + 5], digest=token_digest(key))
    token.full_clean()
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke the token from now on (again: nothing changes). The row stays, for the record."""
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The active token with this key (its last use recorded), or None."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(digest=token_digest(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
