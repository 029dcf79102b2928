"""Each status has an explicit outcome (open, achieved, dropped) and the progress range it allows: the service
refuses an update outside the range wherever it comes from, and the figures count outcomes, not numbers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tracker.models import Action, Status, StatusOutcome, StatusUpdate
from tracker.queries import dashboard
from tracker.services.updates import status_update_validate

from . import factories

pytestmark = pytest.mark.django_db

RANGES = {
    "not-started": range(0, 1),
    "in-progress": range(1, 100),
    "delayed": range(0, 100),
    "completed": range(100, 101),
    "discontinued": range(0, 101),
}


def validate(action, status, progress):
    status_update_validate(
        action=action,
        status=status,
        progress=progress,
        reported_on=timezone.localdate(),
        narrative="Something happened.",
        reason=factories.ReasonCodeFactory(code="other"),
        reason_text="Explained.",
        corrects=None,
    )


@pytest.mark.parametrize("code", list(RANGES))
def test_every_progress_outside_the_status_range_refused_and_inside_accepted(action, statuses, code):
    status = statuses[code]
    refused, accepted = [], []

    for progress in range(0, 101):
        try:
            validate(action, status, progress)
        except ValidationError as error:
            assert list(error.message_dict) == ["progress"]
            refused.append(progress)
        else:
            accepted.append(progress)

    assert accepted == list(RANGES[code])
    assert refused == [p for p in range(0, 101) if p not in RANGES[code]]


@pytest.mark.parametrize(
    ("code", "progress", "message"),
    [
        ("completed", 40, "“Completed” means progress of exactly 100%."),
        ("not-started", 10, "“Not started” means progress of exactly 0%."),
        ("in-progress", 0, "“In progress (on track)” allows progress from 1% to 99%."),
        ("delayed", 100, "“Delayed” allows progress from 0% to 99%."),
    ],
)
def test_refusal_names_the_status_and_its_range(action, statuses, code, progress, message):
    with pytest.raises(ValidationError) as error:
        validate(action, statuses[code], progress)

    assert error.value.message_dict == {"progress": [message]}


def test_no_progress_given_means_the_default_which_the_range_holds(action, statuses):
    for status in statuses.values():
        validate(action, status, None)


def test_admin_bulk_action_refuses_progress_outside_the_range_next_to_the_field(
    client, administrator, statuses
):
    actions = [factories.ActionFactory() for _ in range(2)]
    client.force_login(administrator)

    response = client.post(
        reverse("admin:tracker_action_changelist"),
        {
            "action": "set_status",
            "_selected_action": [a.pk for a in actions],
            "apply": "1",
            "status": statuses["completed"].pk,
            "progress": "40",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Closed at the annual review.",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"progress": ["“Completed” means progress of exactly 100%."]}
    assert StatusUpdate.objects.count() == 0


def test_admin_status_update_form_refuses_progress_outside_the_range(client, administrator, action, statuses):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:tracker_statusupdate_add"),
        {
            "action": action.pk,
            "status": statuses["not-started"].pk,
            "progress": "30",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Entered by the administrator.",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["progress"] == [
        "“Not started” means progress of exactly 0%."
    ]
    assert StatusUpdate.objects.count() == 0


def test_status_form_in_the_admin_explains_a_default_outside_the_range(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:tracker_status_add"),
        {
            "code": "review",
            "name_en": "Under review",
            "definition_en": "Being checked.",
            "outcome": "open",
            "min_progress": "10",
            "default_progress": "5",
            "max_progress": "90",
            "colour": "amber",
            "order": "60",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["default_progress"] == [
        "The default progress must lie within the status’s range, 10–90%."
    ]
    assert not Status.objects.filter(code="review").exists()


def test_figures_count_outcomes_not_default_progress(catalogue, statuses):
    """A dropped status at 100% stays out of the average; an achieved one below 100% is finished, not late."""
    cancelled = factories.StatusFactory(
        code="cancelled",
        name="Cancelled",
        outcome=StatusOutcome.DROPPED,
        min_progress=0,
        default_progress=100,
        max_progress=100,
        needs_reason=False,
    )
    good_enough = factories.StatusFactory(
        code="good-enough",
        name="Achieved in substance",
        outcome=StatusOutcome.ACHIEVED,
        min_progress=80,
        default_progress=90,
        max_progress=100,
    )
    factories.status_update(catalogue["1.1"], good_enough, progress=90)  # due a year ago
    factories.status_update(catalogue["2.1"], cancelled, progress=100)

    figures = dashboard(catalogue["1.1"].strategy)

    overall = figures["overall"]
    # 1.1 (90, achieved), 1.2 (100, achieved); 2.2 not reported yet; 2.1 dropped.
    assert (overall.total, overall.counted, overall.unreported, overall.average_progress) == (4, 2, 1, 95)
    assert (overall.achieved, overall.dropped, overall.overdue) == (2, 1, 0)
    assert set(Action.objects.open().values_list("code", flat=True)) == {"2.2"}
    assert not Action.objects.get(code="1.1").is_overdue


def test_overdue_ends_when_an_achieved_status_is_logged(action, statuses):
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
    factories.status_update(action, statuses["in-progress"], progress=60)
    assert list(Action.objects.overdue()) == [action]

    factories.status_update(action, statuses["completed"])

    assert list(Action.objects.overdue()) == []
