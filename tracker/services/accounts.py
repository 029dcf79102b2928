"""Accounts: the demo accounts of `load_report --demo`, and the language a user chose for their emails."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext

from core.access import ADMINISTRATORS, OFFICIALS, REVIEWERS

from ..models import Membership, UserPreference

DEMO_PASSWORD = "tracker-demo"
DEMO_FIRST_NAME = "Demo"


def demo_accounts_create(*, official_agencies) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo accounts: an administrator, a reviewer, one official per agency given.

    Returns (username, role, agencies) rows. Only for demonstrations: every password is DEMO_PASSWORD.
    """
    User = get_user_model()
    rows = []

    def account(username, group, **extra):
        user, _created = User.objects.get_or_create(username=username, defaults=extra)
        user.set_password(DEMO_PASSWORD)
        for field, value in extra.items():
            setattr(user, field, value)
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user

    with transaction.atomic():
        demo = DEMO_FIRST_NAME
        account("admin", ADMINISTRATORS, is_staff=True, first_name=demo, last_name="Administrator")
        rows.append(("admin", ADMINISTRATORS, ""))
        account("reviewer", REVIEWERS, first_name=demo, last_name="Reviewer")
        rows.append(("reviewer", REVIEWERS, ""))
        for agency in official_agencies:
            username = f"official-{agency.code.lower()}"
            user = account(username, OFFICIALS, first_name=demo, last_name=f"Official {agency.code}")
            Membership.objects.get_or_create(user=user, agency=agency)
            rows.append((username, OFFICIALS, agency.name))
    return rows


def demo_display_name(user) -> str | None:
    """A demo account's name in the active language ("Demo Reviewer", 演示评审员); None for anyone else.
    Demo accounts are the ones demo_accounts_create makes: their usernames and names are its own."""
    if user.first_name != DEMO_FIRST_NAME:
        return None
    if user.username == "admin" and user.last_name == "Administrator":
        return gettext("Demo Administrator")
    if user.username == "reviewer" and user.last_name == "Reviewer":
        return gettext("Demo Reviewer")
    code = user.last_name.removeprefix("Official ")
    if user.last_name.startswith("Official ") and user.username == f"official-{code.lower()}":
        return gettext("Demo Official %(agency)s") % {"agency": code}
    return None


def user_language_set(*, user, language: str) -> None:
    """Remember the user's language, if it is one the tracker speaks."""
    if language in dict(settings.LANGUAGES):
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})


def user_language(user) -> str:
    """The language to write to `user` in: their choice, or the site's default."""
    preference = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return preference or settings.LANGUAGE_CODE
