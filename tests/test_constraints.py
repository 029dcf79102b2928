"""Every database constraint rejects the bad row it exists for."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Observation, Series
from tracker.models import Action, ActionSeries, ActionSupport, Agency, Membership, Status

from . import factories


def rejects(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_action_lead_agency_required():
    rejects(lambda: Action.objects.create(category=factories.CategoryFactory(), code="1.1", title="x"))


@pytest.mark.django_db
def test_action_code_unique():
    factories.ActionFactory(code="1.1")
    rejects(
        lambda: Action.objects.create(
            category=factories.CategoryFactory(), code="1.1", title="x", lead_agency=factories.AgencyFactory()
        )
    )


@pytest.mark.django_db
def test_action_due_before_start_rejected():
    action = factories.ActionFactory()
    action.start_date = datetime.date(2020, 1, 2)
    action.due_date = datetime.date(2020, 1, 1)
    rejects(action.save)


@pytest.mark.django_db
def test_action_progress_over_100_rejected():
    action = factories.ActionFactory()
    rejects(lambda: Action.objects.filter(pk=action.pk).update(progress=101))


@pytest.mark.django_db
def test_action_responsibility_basis_outside_vocabulary_rejected():
    action = factories.ActionFactory()
    rejects(lambda: Action.objects.filter(pk=action.pk).update(responsibility_basis="rumoured"))


@pytest.mark.django_db
def test_supporting_agency_listed_twice_rejected():
    support = factories.ActionSupportFactory()
    rejects(lambda: ActionSupport.objects.create(action=support.action, agency=support.agency))


@pytest.mark.django_db
def test_series_linked_twice_to_one_action_rejected():
    link = factories.ActionSeriesFactory()
    rejects(lambda: ActionSeries.objects.create(action=link.action, series=link.series))


@pytest.mark.django_db
def test_agency_level_outside_vocabulary_rejected():
    rejects(lambda: Agency.objects.create(code="X", name="X", level="galactic"))


@pytest.mark.django_db
def test_status_colour_outside_vocabulary_rejected():
    rejects(
        lambda: Status.objects.create(code="x", name="X", definition="d", default_progress=0, colour="pink")
    )


@pytest.mark.django_db
def test_status_default_progress_over_100_rejected():
    rejects(
        lambda: Status.objects.create(code="x", name="X", definition="d", default_progress=120, colour="red")
    )


@pytest.mark.django_db
def test_status_update_progress_over_100_rejected():
    rejects(lambda: factories.StatusUpdateFactory(progress=101))


@pytest.mark.django_db
def test_status_update_empty_narrative_rejected():
    rejects(lambda: factories.StatusUpdateFactory(narrative=""))


@pytest.mark.django_db
def test_status_update_reason_text_without_code_rejected():
    rejects(lambda: factories.StatusUpdateFactory(reason_text="Money ran out"))


@pytest.mark.django_db
def test_status_update_corrected_twice_rejected():
    first = factories.StatusUpdateFactory()
    factories.StatusUpdateFactory(action=first.action, corrects=first)
    rejects(lambda: factories.StatusUpdateFactory(action=first.action, corrects=first))


@pytest.mark.django_db
def test_membership_twice_rejected():
    agency = factories.AgencyFactory()
    user = factories.official(agency)
    rejects(lambda: Membership.objects.create(user=user, agency=agency))


@pytest.mark.django_db
def test_observation_one_value_per_series_and_period():
    observation = factories.ObservationFactory(start_year=2015, end_year=2015)
    rejects(
        lambda: Observation.objects.create(
            series=observation.series, start_year=2015, end_year=2015, value="2"
        )
    )


@pytest.mark.django_db
def test_observation_span_and_year_are_different_periods():
    observation = factories.ObservationFactory(start_year=2008, end_year=2008)
    Observation.objects.create(series=observation.series, start_year=2008, end_year=2014, value="2")
    assert observation.series.observations.count() == 2


@pytest.mark.django_db
def test_observation_span_ending_before_start_rejected():
    rejects(lambda: factories.ObservationFactory(start_year=2014, end_year=2008))


@pytest.mark.django_db
def test_series_target_value_and_range_together_rejected():
    rejects(
        lambda: Series.objects.create(
            code="X", name="X", unit="%", geography="Liaoning", target_value=1, target_low=0, target_high=2
        )
    )


@pytest.mark.django_db
def test_series_target_range_half_given_rejected():
    rejects(lambda: Series.objects.create(code="X", name="X", unit="%", geography="Liaoning", target_low=80))


@pytest.mark.django_db
def test_series_target_range_reversed_rejected():
    rejects(
        lambda: Series.objects.create(
            code="X", name="X", unit="%", geography="Liaoning", target_low=85, target_high=80
        )
    )


@pytest.mark.django_db
def test_series_unknown_direction_rejected():
    rejects(
        lambda: Series.objects.create(
            code="X", name="X", unit="%", geography="Liaoning", direction="sideways"
        )
    )
