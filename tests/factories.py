import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from indicators.models import Observation, Series
from tracker.access import OFFICIALS
from tracker.models import (
    Action,
    ActionSeries,
    ActionSupport,
    Agency,
    Category,
    Membership,
    ReasonCode,
    Status,
    StatusUpdate,
)

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def official(agency, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=OFFICIALS))
    Membership.objects.create(user=user, agency=agency)
    return user


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Category {n + 1}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    level = Agency.Level.PROVINCIAL


class StatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Status
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"status-{n}")
    name = factory.Sequence(lambda n: f"Status {n}")
    definition = "A status used in tests."
    default_progress = 0
    colour = Status.Colour.GREY


def seed_statuses():
    rows = [
        ("not-started", "Not started", 0, "grey", False, False, 10),
        ("in-progress", "In progress (on track)", 50, "green", False, False, 20),
        ("delayed", "Delayed", 50, "amber", True, False, 30),
        ("completed", "Completed", 100, "green", False, True, 40),
        ("discontinued", "Discontinued", 0, "red", True, True, 50),
    ]
    return {
        code: StatusFactory(
            code=code,
            name=name,
            default_progress=progress,
            colour=colour,
            needs_reason=needs_reason,
            is_final=is_final,
            order=order,
        )
        for code, name, progress, colour, needs_reason, is_final, order in rows
    }


class ReasonCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReasonCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"reason-{n}")
    name = factory.Sequence(lambda n: f"Reason {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        django_get_or_create = ("code",)

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    title = factory.Sequence(lambda n: f"Action number {n + 1}")
    description = "What the action does."
    source_paragraphs = "¶113"
    lead_agency = factory.SubFactory(AgencyFactory)


class ActionSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionSupport

    action = factory.SubFactory(ActionFactory)
    agency = factory.SubFactory(AgencyFactory)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    """A raw row. Tests of behaviour go through tracker.services.status_update_create instead."""

    class Meta:
        model = StatusUpdate

    action = factory.SubFactory(ActionFactory)
    status = factory.SubFactory(StatusFactory)
    progress = 10
    reported_on = factory.LazyFunction(datetime.date.today)
    narrative = "Something happened."
    author = factory.SubFactory(UserFactory)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S-{n}")
    name = factory.Sequence(lambda n: f"Series {n}")
    unit = "%"
    geography = "Liaoning"
    source = "Table 1"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    series = factory.SubFactory(SeriesFactory)
    start_year = factory.Sequence(lambda n: 2000 + n)
    end_year = factory.LazyAttribute(lambda o: o.start_year)
    value = "1.5"


class ActionSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionSeries

    action = factory.SubFactory(ActionFactory)
    series = factory.SubFactory(SeriesFactory)
    expected_effect = "Should rise."
