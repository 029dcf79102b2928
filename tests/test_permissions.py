"""Who may do what on the officials' pages (issue 4): every role against every page and POST.

The table is the contract; each row is asserted on the response and on the database.
"""

import pytest
from django.urls import reverse

from tracker.models import Action, Reminder, StatusUpdate

from . import factories

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "lead official": "lead_official",
    "supporting official": "supporting_official",
    "unrelated official": "other_official",
    "reviewer": "reviewer",
    "administrator": "administrator",
}

LOGIN = "login"  # a redirect to the login page, with ?next= the page asked for
MY_ACTIONS = "tracker:my-actions"
HOME = "tracker:home"
DETAIL = "detail"  # the action's page

# (role, request) -> (status code, where a redirect goes, update written?)
TABLE = {
    # Post-login landing.
    ("anonymous", "GET start"): (302, LOGIN, False),
    ("lead official", "GET start"): (302, MY_ACTIONS, False),
    ("supporting official", "GET start"): (302, MY_ACTIONS, False),
    ("unrelated official", "GET start"): (302, MY_ACTIONS, False),
    ("reviewer", "GET start"): (302, HOME, False),
    ("administrator", "GET start"): (302, HOME, False),
    # My actions: every signed-in user; it lists the actions of their own agencies (none for non-members).
    ("anonymous", "GET my actions"): (302, LOGIN, False),
    ("lead official", "GET my actions"): (200, None, False),
    ("supporting official", "GET my actions"): (200, None, False),
    ("unrelated official", "GET my actions"): (200, None, False),
    ("reviewer", "GET my actions"): (200, None, False),
    ("administrator", "GET my actions"): (200, None, False),
    # The log progress form: only officials of the lead or a supporting agency.
    ("anonymous", "GET log form"): (302, LOGIN, False),
    ("lead official", "GET log form"): (200, None, False),
    ("supporting official", "GET log form"): (200, None, False),
    ("unrelated official", "GET log form"): (403, None, False),
    ("reviewer", "GET log form"): (403, None, False),
    ("administrator", "GET log form"): (403, None, False),
    # Logging progress.
    ("anonymous", "POST log form"): (302, LOGIN, False),
    ("lead official", "POST log form"): (302, DETAIL, True),
    ("supporting official", "POST log form"): (302, DETAIL, True),
    ("unrelated official", "POST log form"): (403, None, False),
    ("reviewer", "POST log form"): (403, None, False),
    ("administrator", "POST log form"): (403, None, False),
    # Evidence files: any signed-in user.
    ("anonymous", "GET evidence"): (302, LOGIN, False),
    ("lead official", "GET evidence"): (200, None, False),
    ("supporting official", "GET evidence"): (200, None, False),
    ("unrelated official", "GET evidence"): (200, None, False),
    ("reviewer", "GET evidence"): (200, None, False),
    ("administrator", "GET evidence"): (200, None, False),
    # Password change: any signed-in user.
    ("anonymous", "GET password change"): (302, LOGIN, False),
    ("lead official", "GET password change"): (200, None, False),
    ("supporting official", "GET password change"): (200, None, False),
    ("unrelated official", "GET password change"): (200, None, False),
    ("reviewer", "GET password change"): (200, None, False),
    ("administrator", "GET password change"): (200, None, False),
}


def database_state(action):
    """Everything issue 4 can write, to compare before and after a request."""
    return {
        "updates": list(StatusUpdate.objects.values_list("pk", "action", "status", "progress", "author")),
        "action": Action.objects.filter(pk=action.pk).values("status", "progress", "last_reported_on").get(),
        "reminders": Reminder.objects.count(),
    }


@pytest.fixture
def setup(request, action, update_with_file, log_data):
    return {"action": action, "update": update_with_file, "log_data": log_data}


def send(client, what, setup):
    action, update = setup["action"], setup["update"]
    log = factories.log_url(action)
    method, url, data = {
        "GET start": ("get", reverse("tracker:start"), None),
        "GET my actions": ("get", reverse(MY_ACTIONS), None),
        "GET log form": ("get", log, None),
        "POST log form": ("post", log, {**setup["log_data"], "narrative": "Posted in the permission table."}),
        "GET evidence": ("get", reverse("tracker:evidence-download", args=[update.pk]), None),
        "GET password change": ("get", reverse("password_change"), None),
    }[what]
    return url, getattr(client, method)(url, data) if data else getattr(client, method)(url)


@pytest.mark.parametrize(
    ("role", "what", "expected"),
    [(role, what, outcome) for (role, what), outcome in TABLE.items()],
    ids=[f"{role} {what}" for role, what in TABLE],
)
def test_permission_table(client, request, setup, role, what, expected):
    expected_status, expected_redirect, writes = expected
    user = request.getfixturevalue(ROLES[role]) if ROLES[role] else None
    if user:
        client.force_login(user)
    action = setup["action"]
    before = database_state(action)

    url, response = send(client, what, setup)

    assert response.status_code == expected_status
    if expected_redirect == LOGIN:
        assert response.url == f"{reverse('login')}?next={url}"
    elif expected_redirect == DETAIL:
        assert response.url == action.get_absolute_url()
    elif expected_redirect:
        assert response.url == reverse(expected_redirect)
    after = database_state(action)
    if writes:
        new = StatusUpdate.objects.latest_first().first()
        assert len(after["updates"]) == len(before["updates"]) + 1
        assert (new.narrative, new.author) == ("Posted in the permission table.", user)
        assert new.agency == user.memberships.get().agency
        assert after["action"] == {
            "status": new.status_id,
            "progress": 60,
            "last_reported_on": new.reported_on,
        }
    else:
        assert after == before


def test_permission_table_covers_every_role_and_request():
    requests = {what for _, what in TABLE}

    assert set(TABLE) == {(role, what) for role in ROLES for what in requests}


@pytest.mark.parametrize("role", ["lead official", "reviewer", "administrator"])
def test_my_actions_log_button_only_where_the_user_may_log(client, request, setup, role):
    client.force_login(request.getfixturevalue(ROLES[role]))

    html = client.get(reverse(MY_ACTIONS)).content.decode()

    has_button = factories.log_url(setup["action"]) in html
    assert has_button is (role == "lead official")


def test_unrelated_official_does_not_see_the_action_on_my_actions(client, other_official, setup):
    client.force_login(other_official)

    html = client.get(reverse(MY_ACTIONS)).content.decode()

    assert setup["action"].title not in html
    assert "Unrelated department" in html


def test_administrator_who_is_also_an_official_member_may_log(client, administrator, officials_group, setup):
    from tracker.models import Membership

    administrator.groups.add(officials_group)
    Membership.objects.create(user=administrator, agency=setup["action"].lead_agency)
    client.force_login(administrator)

    response = client.post(factories.log_url(setup["action"]), setup["log_data"])

    assert response.status_code == 302
    assert StatusUpdate.objects.latest_first().first().author == administrator


def test_official_who_left_the_agency_is_refused(client, lead_official, setup):
    lead_official.memberships.all().delete()
    client.force_login(lead_official)

    response = client.post(factories.log_url(setup["action"]), setup["log_data"])

    assert response.status_code == 403
    assert StatusUpdate.objects.count() == 1  # only the fixture's


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_log_form_refuses_other_methods(client, lead_official, setup, method):
    client.force_login(lead_official)

    response = getattr(client, method)(factories.log_url(setup["action"]))

    assert response.status_code == 405
    assert StatusUpdate.objects.count() == 1


def test_evidence_download_refuses_post(client, reviewer, setup):
    client.force_login(reviewer)

    response = client.post(reverse("tracker:evidence-download", args=[setup["update"].pk]))

    assert response.status_code == 405


def test_log_form_for_unknown_action_is_404(client, lead_official, setup):
    client.force_login(lead_official)

    response = client.get(factories.url("status-update-create", "no-such-action"))

    assert response.status_code == 404
