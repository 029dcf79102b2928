"""The action's current status and progress always equal those of its latest (uncorrected) update."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker.models import Action, StatusUpdate
from tracker.services.updates import action_set_supporting_agencies, status_update_create

from . import factories

TODAY = timezone.localdate()


def log(action, status, *, days_ago=0, progress=None, author=None, **extra):
    if extra.get("corrects"):
        extra.setdefault("correction_reason", "The earlier figure was wrong.")
    return status_update_create(
        action=action,
        status=status,
        progress=progress,
        reported_on=TODAY - datetime.timedelta(days=days_ago),
        narrative=f"{status.name} as of {days_ago} days ago",
        author=author or factories.UserFactory(),
        **extra,
    )


def assert_current_is_latest(action):
    action.refresh_from_db()
    latest = action.updates.effective().latest_first().first()
    assert (action.status, action.progress, action.last_reported_on) == (
        (latest.status, latest.progress, latest.reported_on) if latest else (None, 0, None)
    )


@pytest.mark.django_db
def test_action_without_updates_has_no_status(action):
    assert_current_is_latest(action)
    assert action.status is None and action.progress == 0


@pytest.mark.django_db
def test_current_status_follows_any_sequence_of_updates(action, statuses, reason):
    rng = random.Random(20171201)
    user = factories.UserFactory()
    days_ago = 400
    for _ in range(40):
        status = rng.choice(list(statuses.values()))
        extra = {"reason": reason, "reason_text": "Budget cut"} if status.needs_reason else {}
        earlier = list(action.updates.effective())
        if earlier and rng.random() < 0.3:
            wrong = rng.choice(earlier)  # a correction keeps the date of the update it corrects
            log(
                action,
                status,
                days_ago=(TODAY - wrong.reported_on).days,
                corrects=wrong,
                author=user,
                **extra,
            )
        else:
            days_ago = max(0, days_ago - rng.randint(0, 30))  # the same day, or later
            progress = rng.randint(status.min_progress, status.max_progress)
            log(action, status, days_ago=days_ago, progress=progress, author=user, **extra)
        assert_current_is_latest(action)
    assert action.updates.count() == 40


@pytest.mark.django_db
def test_update_dated_before_the_latest_rejected(action, statuses):
    log(action, statuses["in-progress"], days_ago=1, progress=60)
    with pytest.raises(ValidationError) as error:
        log(action, statuses["not-started"], days_ago=30)
    assert list(error.value.message_dict) == ["reported_on"]
    action.refresh_from_db()
    assert (action.status.code, action.progress, action.updates.count()) == ("in-progress", 60, 1)


@pytest.mark.django_db
def test_correction_replaces_the_corrected_update(action, statuses):
    wrong = log(action, statuses["completed"])
    log(action, statuses["in-progress"], progress=70, corrects=wrong)
    action.refresh_from_db()
    assert (action.status.code, action.progress) == ("in-progress", 70)
    assert StatusUpdate.objects.filter(action=action).count() == 2  # both stay visible


@pytest.mark.django_db
def test_update_needing_reason_without_one_writes_nothing(action, statuses):
    with pytest.raises(ValidationError) as error:
        log(action, statuses["delayed"])
    assert set(error.value.message_dict) == {"reason", "reason_text"}
    assert StatusUpdate.objects.count() == 0


@pytest.mark.django_db
def test_update_in_the_future_rejected(action, statuses):
    with pytest.raises(ValidationError) as error:
        log(action, statuses["in-progress"], days_ago=-1)
    assert list(error.value.message_dict) == ["reported_on"]
    assert StatusUpdate.objects.count() == 0


@pytest.mark.django_db
def test_update_before_the_action_starts_rejected(action, statuses):
    Action.objects.filter(pk=action.pk).update(start_date=TODAY)
    action.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        log(action, statuses["in-progress"], days_ago=1)
    assert list(error.value.message_dict) == ["reported_on"]


@pytest.mark.django_db
def test_correction_of_another_actions_update_rejected(action, statuses):
    elsewhere = log(factories.ActionFactory(), statuses["in-progress"])
    with pytest.raises(ValidationError) as error:
        log(action, statuses["completed"], corrects=elsewhere)
    assert list(error.value.message_dict) == ["corrects"]


@pytest.mark.django_db
def test_correction_without_a_reason_rejected(action, statuses):
    wrong = log(action, statuses["completed"])
    with pytest.raises(ValidationError) as error:
        log(action, statuses["in-progress"], progress=70, corrects=wrong, correction_reason="  ")
    assert error.value.message_dict == {
        "correction_reason": ["Say what was wrong in the update you correct."]
    }
    assert StatusUpdate.objects.count() == 1


@pytest.mark.django_db
def test_reason_dropped_when_status_needs_none(action, statuses, reason):
    update = log(action, statuses["in-progress"], reason=reason, reason_text="not needed")
    assert (update.reason, update.reason_text) == (None, "")


@pytest.mark.django_db
def test_lead_agency_cannot_also_support(action, lead_agency):
    with pytest.raises(ValidationError):
        action_set_supporting_agencies(action=action, agencies=[lead_agency])


@pytest.mark.django_db
def test_supporting_agencies_replaced_one_by_one_with_history(action, supporting_agency, other_agency):
    action_set_supporting_agencies(action=action, agencies=[other_agency])
    assert list(action.supporting_agencies.all()) == [other_agency]
    history = action.supports.model.history.order_by("history_date")
    assert [(row.history_type, row.agency_id) for row in history] == [
        ("+", supporting_agency.pk),
        ("-", supporting_agency.pk),
        ("+", other_agency.pk),
    ]


@pytest.mark.django_db
def test_saving_an_action_read_before_an_update_keeps_the_update(action, statuses):
    stale_copy = Action.objects.get(pk=action.pk)
    log(action, statuses["in-progress"], progress=60)
    stale_copy.title_en = "Renamed in the admin"
    stale_copy.save()
    action.refresh_from_db()
    assert (action.title_en, action.status.code, action.progress) == (
        "Renamed in the admin",
        "in-progress",
        60,
    )


@pytest.mark.django_db
def test_correction_keeps_the_corrected_updates_evidence(action, statuses, update_with_file):
    correction = log(action, statuses["in-progress"], progress=45, corrects=update_with_file)
    assert correction.evidence_file.name == update_with_file.evidence_file.name
    assert correction.evidence_filename == update_with_file.evidence_filename


@pytest.mark.django_db
def test_correction_drops_the_corrected_updates_evidence_when_asked(action, statuses, update_with_file):
    correction = log(
        action, statuses["in-progress"], progress=45, corrects=update_with_file, keep_evidence=False
    )
    assert (correction.evidence_file.name, correction.evidence_filename) == ("", "")
    update_with_file.refresh_from_db()
    assert update_with_file.evidence_file.name  # the corrected update keeps its own
