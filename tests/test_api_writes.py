"""The API's writes: officials' status updates through the log-progress form's checks and the same service,
administrators' observations through indicators.services; and the role table through the API, for every
role signed in and with a token, asserted on the answer and on the database."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from indicators.models import Observation
from tests.snapshot import tables_written
from tracker.models import Review, StatusUpdate
from tracker.services.rounds import round_close, round_open
from tracker.services.tokens import api_token_create

from . import factories

API = "/api/v1"
UPDATES = f"{API}/strategies/plan-a/actions/1.1/updates/"


@pytest.fixture
def update_data(statuses):
    return {
        "status": "in-progress",
        "progress": 60,
        "reported_on": timezone.localdate().isoformat(),
        "narrative": "The working group met and agreed the plan.",
        "evidence_url": "https://example.org/plan",
    }


def test_official_logs_an_update_as_json(client, lead_official, action, update_data):
    client.force_login(lead_official)

    response = client.post(UPDATES, update_data, content_type="application/json")

    assert response.status_code == 201, response.content
    update = StatusUpdate.objects.get()
    assert (update.status.code, update.progress, update.author, update.agency.code) == (
        "in-progress",
        60,
        lead_official,
        "LEAD",
    )
    assert update.evidence_url == "https://example.org/plan"
    action.refresh_from_db()
    assert (action.status.code, action.progress) == ("in-progress", 60)
    assert response.json()["narrative"] == "The working group met and agreed the plan."


def test_supporting_official_logs_with_a_file_as_multipart(client, supporting_official, action, update_data):
    client.force_login(supporting_official)
    data = {**update_data, "evidence_url": "", "evidence_file": factories.evidence_file("Minutes.pdf")}

    response = client.post(UPDATES, data)  # multipart/form-data

    assert response.status_code == 201, response.content
    update = StatusUpdate.objects.get()
    assert (update.agency.code, update.evidence_filename) == ("SUPPORT", "Minutes.pdf")
    assert update.evidence_file.read().startswith(b"%PDF")
    assert response.json()["evidence_file"] == f"http://testserver/evidence/{update.pk}/"


def test_delayed_update_names_its_reason_by_code(client, lead_official, action, update_data, reason):
    client.force_login(lead_official)
    data = {**update_data, "status": "delayed", "progress": 30, "reason": "funding", "reason_text": "Late."}

    response = client.post(UPDATES, data, content_type="application/json")

    assert response.status_code == 201, response.content
    assert StatusUpdate.objects.get().reason == reason


def form_errors(client, action, data):
    """The log-progress page's messages for the same data (status and reason by their ids)."""
    response = client.post(factories.log_url(action), data)
    return {field: list(messages) for field, messages in response.context["form"].errors.items()}


REFUSALS = [
    ({"progress": 100}, {"progress"}),  # outside in progress's range
    ({"progress": 101}, {"progress"}),
    ({"reported_on": "2999-01-01"}, {"reported_on"}),
    ({"reported_on": "yesterday"}, {"reported_on"}),
    ({"narrative": "   "}, {"narrative"}),
    ({"status": "nope"}, {"status"}),
    ({"status": "delayed", "progress": 30}, {"reason", "reason_text"}),
    ({"evidence_url": "not a link"}, {"evidence_url"}),
    ({"status": None}, {"status"}),
]


@pytest.mark.parametrize(("change", "fields"), REFUSALS)
def test_refused_update_is_400_with_the_forms_messages_and_writes_nothing(
    client, lead_official, action, update_data, statuses, change, fields
):
    client.force_login(lead_official)
    data = {**update_data, **change}
    # The page's form takes the status by its id; the API by its code.
    page_data = {key: ("" if value is None else value) for key, value in data.items()}
    if data.get("status") in statuses:
        page_data["status"] = statuses[data["status"]].pk
    expected = form_errors(client, action, page_data)
    with tables_written() as written:
        response = client.post(UPDATES, data, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == expected
    assert set(expected) == fields
    assert written == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"reported_on": [None, None]}, {"reported_on": ["Give one value, not a list or an object."]}),
        ({"narrative": {"en": "x"}}, {"narrative": ["Give one value, not a list or an object."]}),
    ],
)
def test_update_fields_given_as_lists_or_objects_are_refused(
    client, lead_official, action, update_data, body, expected
):
    # Found by schemathesis: a list reached the form's date field, which expects text (a server error).
    client.force_login(lead_official)

    response = client.post(UPDATES, {**update_data, **body}, content_type="application/json")

    assert (response.status_code, response.json()) == (400, expected)
    assert not StatusUpdate.objects.exists()


def test_update_sent_as_a_json_list_is_refused(client, lead_official, action, update_data):
    client.force_login(lead_official)

    response = client.post(UPDATES, [update_data], content_type="application/json")

    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Send the fields as one JSON object."]},
    )
    assert not StatusUpdate.objects.exists()


def test_update_dated_before_the_latest_is_refused_as_on_the_page(
    client, lead_official, action, update_data, statuses
):
    factories.status_update(action, statuses["in-progress"], progress=20)
    client.force_login(lead_official)
    data = {**update_data, "reported_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat()}

    response = client.post(UPDATES, data, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == ["reported_on"]
    assert response.json()["reported_on"][0].startswith("The latest update is dated")
    assert action.updates.count() == 1


def test_a_disallowed_file_is_refused(client, lead_official, action, update_data):
    client.force_login(lead_official)
    data = {
        **update_data,
        "evidence_file": factories.evidence_file("run.pdf", content=b"MZ\x90\x00 not a pdf"),
    }

    response = client.post(UPDATES, data)

    assert response.status_code == 400
    assert set(response.json()) == {"evidence_file"}
    assert not StatusUpdate.objects.exists()


# Observations


@pytest.fixture
def series(db):
    series = factories.SeriesFactory(code="LN-GDP")
    Observation.objects.create(series=series, start_year=2015, end_year=2015, value="10.5", decimals=1)
    return series


def test_administrator_records_an_observation_keeping_its_decimals(client, administrator, series):
    client.force_login(administrator)

    response = client.post(
        f"{API}/series/LN-GDP/observations/",
        {"period": "2016-2017", "value": "12.50", "source_ref": "Table 3"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    observation = series.observations.get(start_year=2016)
    assert (observation.end_year, str(observation.display_value), observation.source_ref) == (
        2017,
        "12.50",
        "Table 3",
    )
    assert response.json()["value"] == "12.50"
    assert response.json()["period"] == "2016-2017"


def test_administrator_revises_an_observation_which_keeps_the_earlier_value(client, administrator, series):
    client.force_login(administrator)

    response = client.put(
        f"{API}/series/LN-GDP/observations/2015/",
        {"value": "10.7", "source_ref": "Yearbook 2017"},
        content_type="application/json",
    )
    patched = client.patch(
        f"{API}/series/LN-GDP/observations/2015/", {"note": "revised"}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    observation = series.observations.get()
    assert (str(observation.display_value), observation.source_ref) == ("10.7", "Yearbook 2017")
    assert [str(v.display_value) for v in observation.vintages.all()] == ["10.5"]
    assert patched.json()["note"] == "revised" and patched.json()["value"] == "10.7"
    assert [earlier["value"] for earlier in patched.json()["earlier_values"]] == ["10.5"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period": "2015", "value": "1"}, "period"),  # the series has a figure for it
        ({"period": "15", "value": "1"}, "period"),
        ({"period": "2017-2016", "value": "1"}, "period"),
        ({"period": "1800", "value": "1"}, "period"),
        ({"period": "2016", "value": "lots"}, "value"),
        ({"period": "2016", "value": "NaN"}, "value"),
        ({"period": "2016", "value": "1" * 30}, "value"),
        ({"period": "2016"}, "value"),
    ],
)
def test_refused_observation_is_400_naming_the_field_and_writes_nothing(
    client, administrator, series, data, field
):
    client.force_login(administrator)
    with tables_written() as written:
        response = client.post(f"{API}/series/LN-GDP/observations/", data, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert written == []


# The role table, through the API


ROLES = ["anon", "reviewer", "lead", "other", "admin"]
# method, address, body, then the answer for each role; "data" marks a write that must change the database.
TABLE = [
    ("GET", "/strategies/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/categories/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/categories/1/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/actions/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/actions/1.1/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/actions/1.1/updates/", None, "401 200 200 200 200"),
    ("GET", "/actions/", None, "401 200 200 200 200"),
    ("GET", "/updates/", None, "401 200 200 200 200"),
    ("GET", "/agencies/", None, "401 200 200 200 200"),
    ("GET", "/agencies/LEAD/", None, "401 200 200 200 200"),
    ("GET", "/statuses/", None, "401 200 200 200 200"),
    ("GET", "/reasons/", None, "401 200 200 200 200"),
    ("GET", "/series/", None, "401 200 200 200 200"),
    ("GET", "/series/LN-GDP/", None, "401 200 200 200 200"),
    ("GET", "/series/LN-GDP/targets/", None, "401 200 200 200 200"),
    ("GET", "/series/LN-GDP/observations/", None, "401 200 200 200 200"),
    ("GET", "/series/LN-GDP/observations/2015/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/rounds/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/rounds/{round}/", None, "401 200 200 200 200"),
    ("GET", "/strategies/plan-a/rounds/{round}/reviews/", None, "401 200 200 200 200"),
    ("GET", "/schema/", None, "200 200 200 200 200"),
    ("POST", "/strategies/plan-a/actions/1.1/updates/", "update", "401 403 201 403 403"),
    ("PUT", "/strategies/plan-a/actions/1.1/updates/", "update", "401 403 405 403 403"),
    ("DELETE", "/strategies/plan-a/actions/1.1/updates/", None, "401 403 405 403 403"),
    ("POST", "/series/LN-GDP/observations/", {"period": "2016", "value": "11"}, "401 403 403 403 201"),
    ("PUT", "/series/LN-GDP/observations/2015/", {"value": "10.6"}, "401 403 403 403 200"),
    ("PATCH", "/series/LN-GDP/observations/2015/", {"note": "checked"}, "401 403 403 403 200"),
    ("DELETE", "/series/LN-GDP/observations/2015/", None, "401 403 403 403 405"),
    ("POST", "/actions/", "update", "401 405 405 405 405"),
    ("POST", "/strategies/", {"code": "new"}, "401 405 405 405 405"),
    ("PUT", "/strategies/plan-a/", {"code": "new"}, "401 405 405 405 405"),
    ("PATCH", "/strategies/plan-a/actions/1.1/", {"title_en": "Changed"}, "401 405 405 405 405"),
    ("DELETE", "/strategies/plan-a/actions/1.1/", None, "401 405 405 405 405"),
    ("POST", "/agencies/", {"code": "NEW"}, "401 405 405 405 405"),
    ("DELETE", "/agencies/LEAD/", None, "401 405 405 405 405"),
    ("POST", "/statuses/", {"code": "new"}, "401 405 405 405 405"),
    ("POST", "/updates/", "update", "401 405 405 405 405"),
    ("POST", "/series/", {"code": "NEW"}, "401 405 405 405 405"),
    ("PUT", "/series/LN-GDP/", {"code": "NEW"}, "401 405 405 405 405"),
    ("POST", "/series/LN-GDP/targets/", {"value": "1"}, "401 405 405 405 405"),
    ("POST", "/strategies/plan-a/rounds/", {"name": "New"}, "401 405 405 405 405"),
    ("PUT", "/strategies/plan-a/rounds/{round}/", {"name": "New"}, "401 405 405 405 405"),
    ("DELETE", "/strategies/plan-a/rounds/{round}/", None, "401 405 405 405 405"),
    ("POST", "/strategies/plan-a/rounds/{round}/reviews/", {"rating": "on_track"}, "401 405 405 405 405"),
]
# What a successful write changes (the token's last use aside).
WRITES = {
    ("POST", "/strategies/plan-a/actions/1.1/updates/"): [
        "tracker_action",
        # The counted figures (per category, per agency, per agency and month) move with the action's status
        # and progress.
        "tracker_actionfigures",
        "tracker_agencyduefigures",
        "tracker_agencyfigures",
        "tracker_historicalstatusupdate",
        "tracker_statusupdate",
    ],
    # A second figure gives the series a verdict, stored on it.
    ("POST", "/series/LN-GDP/observations/"): [
        "indicators_historicalobservation",
        "indicators_observation",
        "indicators_series",
    ],
    ("PUT", "/series/LN-GDP/observations/2015/"): [
        "indicators_historicalobservation",
        "indicators_observation",
        "indicators_observationvintage",
    ],
    ("PATCH", "/series/LN-GDP/observations/2015/"): [
        "indicators_historicalobservation",
        "indicators_observation",
    ],
}


@pytest.fixture
def api_world(action, statuses, reviewer, lead_official, other_official, administrator):
    factories.CategoryFactory(code="1")
    series = factories.SeriesFactory(code="LN-GDP")
    factories.TargetFactory(series=series, start_year=2020, end_year=2020)
    Observation.objects.create(series=series, start_year=2015, end_year=2015, value="10.5", decimals=1)
    # A closed round, so that the lead's POST below makes no round report (test_rounds.py tests those).
    round = round_open(round=factories.RoundFactory(strategy=action.strategy))
    Review.objects.create(
        round=round, action=action, reviewer=reviewer, rating="on_track", evidence="verified"
    )
    round_close(round=round, user=administrator)
    return {
        "round": round,
        "anon": None,
        "reviewer": reviewer,
        "lead": lead_official,
        "other": other_official,
        "admin": administrator,
    }


def role_client(user, auth):
    client = Client()
    if user is None:
        return client
    if auth == "session":
        client.force_login(user)
        return client
    _, key = api_token_create(user=user, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


@pytest.mark.parametrize(
    ("role", "auth"),
    [("anon", "none")] + [(role, auth) for role in ROLES[1:] for auth in ("session", "token")],
)
def test_api_role_table(api_world, role, auth, update_data):
    client = role_client(api_world[role], auth)
    wrong = []
    for method, address, body, answers in TABLE:
        expected = answers.split()[ROLES.index(role)]
        data = update_data if body == "update" else body
        with tables_written() as written:
            response = client.generic(
                method,
                API + address.format(round=api_world["round"].pk),
                json.dumps(data) if data is not None else "",
                content_type="application/json",
            )
        changed = [table for table in written if table != "tracker_apitoken"]
        written = expected in ("200", "201") and method != "GET"
        if str(response.status_code) != expected or changed != (WRITES[method, address] if written else []):
            wrong.append(f"{method} {address}: {response.status_code} (expected {expected}), wrote {changed}")
    assert not wrong, "\n".join(wrong)
