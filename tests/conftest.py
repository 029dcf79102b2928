import pytest
from django.contrib.auth.models import Group

from tracker.access import ADMINISTRATORS, OFFICIALS, REVIEWERS

from . import factories


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def statuses(db):
    """The seed vocabulary: not started, in progress, delayed (needs a reason), completed, discontinued."""
    return factories.seed_statuses()


@pytest.fixture
def reason(db):
    return factories.ReasonCodeFactory(code="funding", name="Funding")


@pytest.fixture
def lead_agency(db):
    return factories.AgencyFactory(code="LEAD", name="Lead department")


@pytest.fixture
def supporting_agency(db):
    return factories.AgencyFactory(code="SUPPORT", name="Supporting department")


@pytest.fixture
def other_agency(db):
    return factories.AgencyFactory(code="OTHER", name="Unrelated department")


@pytest.fixture
def action(db, lead_agency, supporting_agency):
    action = factories.ActionFactory(code="1.1", lead_agency=lead_agency)
    factories.ActionSupportFactory(action=action, agency=supporting_agency)
    return action


@pytest.fixture
def lead_official(db, lead_agency):
    return factories.official(lead_agency, username="lead-official")


@pytest.fixture
def supporting_official(db, supporting_agency):
    return factories.official(supporting_agency, username="support-official")


@pytest.fixture
def other_official(db, other_agency):
    return factories.official(other_agency, username="other-official")


@pytest.fixture
def reviewer(db):
    user = factories.UserFactory(username="reviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def administrator(db):
    user = factories.UserFactory(username="administrator", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return user


@pytest.fixture
def officials_group(db):
    return Group.objects.get(name=OFFICIALS)
