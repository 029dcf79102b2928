"""Every database constraint rejects the bad row it exists for."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Observation, ObservationVintage, Series, Target
from tracker.models import Action, ActionSeries, ActionSupport, Agency, Category, Membership, Status, Strategy

from . import factories


def rejects(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_action_lead_agency_required():
    rejects(lambda: Action.objects.create(category=factories.CategoryFactory(), code="1.1", title="x"))


@pytest.mark.django_db
def test_action_strategy_required():
    rejects(
        lambda: Action.objects.create(
            category=factories.CategoryFactory(), code="1.1", title="x", lead_agency=factories.AgencyFactory()
        )
    )


@pytest.mark.django_db
def test_action_code_unique_within_its_strategy():
    first = factories.ActionFactory(code="1.1")
    other = factories.CategoryFactory(strategy=factories.StrategyFactory(code="plan-b"), code="1")

    def create(category):
        return Action.objects.create(
            strategy=category.strategy,
            category=category,
            code="1.1",
            title="x",
            lead_agency=factories.AgencyFactory(),
        )

    rejects(lambda: create(first.category))
    assert create(other).strategy.code == "plan-b"  # the same code in another strategy


@pytest.mark.django_db
def test_category_code_unique_within_its_strategy():
    first = factories.CategoryFactory(code="1")
    rejects(lambda: Category.objects.create(strategy=first.strategy, code="1", name="Again"))
    other = Category.objects.create(strategy=factories.StrategyFactory(code="plan-b"), code="1", name="Other")
    assert other.code == first.code


@pytest.mark.django_db
def test_category_strategy_required():
    rejects(lambda: Category.objects.create(code="1", name="Nowhere"))


@pytest.mark.django_db
def test_strategy_period_ending_before_it_starts_rejected():
    rejects(lambda: Strategy.objects.create(code="x", title="X", period_start=2020, period_end=2019))


@pytest.mark.django_db
def test_strategy_code_unique():
    factories.StrategyFactory(code="x")
    rejects(lambda: Strategy.objects.create(code="x", title="Again"))


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
@pytest.mark.parametrize(
    ("low", "default", "high"),
    [(50, 40, 60), (50, 70, 60), (60, 60, 50), (0, 0, 120)],
    ids=["default below", "default above", "range reversed", "range over 100"],
)
def test_status_progress_range_holds_its_default_within_0_to_100(low, default, high):
    rejects(
        lambda: Status.objects.create(
            code="x",
            name="X",
            definition="d",
            colour="red",
            min_progress=low,
            default_progress=default,
            max_progress=high,
        )
    )


@pytest.mark.django_db
def test_status_outcome_outside_vocabulary_rejected():
    rejects(
        lambda: Status.objects.create(
            code="x", name="X", definition="d", default_progress=0, colour="red", outcome="maybe"
        )
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


@pytest.mark.parametrize(
    "fields",
    [
        {"value": 1, "low": 0, "high": 2},  # a value and a range
        {"low": 80},  # half a range
        {"low": 85, "high": 80},  # a reversed range
        {},  # nothing at all
        {"value": 1, "start_year": 2020},  # half a period
        {"value": 1, "start_year": 2025, "end_year": 2020},  # a period ending before it starts
        {"value": 1, "start_year": 1800, "end_year": 1800},  # an implausible year
    ],
)
@pytest.mark.django_db
def test_target_bad_row_rejected(fields):
    series = factories.SeriesFactory()
    rejects(lambda: Target.objects.create(series=series, **fields))


@pytest.mark.django_db
def test_target_one_per_period_and_one_undated():
    series = factories.SeriesFactory()
    Target.objects.create(series=series, value=1, start_year=2020, end_year=2020)
    Target.objects.create(series=series, low=2, high=3)
    rejects(lambda: Target.objects.create(series=series, value=2, start_year=2020, end_year=2020))
    rejects(lambda: Target.objects.create(series=series, value=2))
    assert series.targets.count() == 2


@pytest.mark.django_db
def test_series_baseline_needs_period_and_value():
    rejects(lambda: factories.SeriesFactory(baseline_value=1))
    rejects(lambda: factories.SeriesFactory(baseline_period="2015"))


@pytest.mark.django_db
def test_series_unknown_progress_rejected():
    rejects(lambda: Series.objects.create(code="X", name="X", unit="%", geography="L", progress="great"))


@pytest.mark.django_db
def test_vintage_replaced_before_recorded_rejected():
    observation = factories.ObservationFactory()
    recorded = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    rejects(
        lambda: ObservationVintage.objects.create(
            observation=observation,
            value=1,
            recorded_at=recorded,
            replaced_at=recorded - datetime.timedelta(days=1),
        )
    )


@pytest.mark.django_db
def test_series_unknown_direction_rejected():
    rejects(
        lambda: Series.objects.create(
            code="X", name="X", unit="%", geography="Liaoning", direction="sideways"
        )
    )
