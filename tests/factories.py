import datetime
import io
import zipfile

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.access import OFFICIALS
from indicators.models import Observation, Series, Target
from tracker.models import (
    Action,
    ActionSeries,
    ActionSupport,
    Agency,
    AgencyLevel,
    Category,
    Membership,
    ReasonCode,
    ReportingRound,
    Status,
    StatusColour,
    StatusIcon,
    StatusOutcome,
    StatusUpdate,
    Strategy,
)
from tracker.services.figures import figures_kept
from tracker.services.updates import status_update_create

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


# The strategy of every category and action a test makes without naming one.
STRATEGY = "plan-a"


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy
        django_get_or_create = ("code",)

    code = STRATEGY
    title = factory.LazyAttribute(lambda s: f"Strategy {s.code}")
    short_title = factory.LazyAttribute(lambda s: s.code.upper())
    publisher = "Asian Development Bank"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("strategy", "code")

    strategy = factory.SubFactory(StrategyFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Category {n + 1}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    level = AgencyLevel.PROVINCIAL


# Colour and icon pairs that no shipped status uses (tracker/data/ta9036/statuses.csv), so that a made-up
# status never looks like a seeded one (status_look_unique), however many the test run has made before.
SEEDED_LOOKS = {
    ("grey", "circle"),
    ("green", "arrow"),
    ("amber", "warning"),
    ("blue", "check"),
    ("red", "cross"),
}
FACTORY_LOOKS = [
    (colour, icon)
    for icon in reversed(StatusIcon.values)
    for colour in StatusColour.values
    if (colour, icon) not in SEEDED_LOOKS
]


class StatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Status
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"status-{n}")
    name = factory.Sequence(lambda n: f"Status {n}")
    definition = "A status used in tests."
    default_progress = 0
    # Distinct colour and icon pairs, as the status_look_unique constraint asks.
    colour = factory.Sequence(lambda n: FACTORY_LOOKS[n % len(FACTORY_LOOKS)][0])
    icon = factory.Sequence(lambda n: FACTORY_LOOKS[n % len(FACTORY_LOOKS)][1])


# The shipped statuses (tracker/data/ta9036/statuses.csv): code, name, outcome, progress range and default,
# colour and icon, needs a reason, order.
SEED_STATUSES = [
    ("not-started", "Not started", StatusOutcome.OPEN, (0, 0, 0), ("grey", "circle"), False, 10),
    ("in-progress", "In progress (on track)", StatusOutcome.OPEN, (1, 50, 99), ("green", "arrow"), False, 20),
    ("delayed", "Delayed", StatusOutcome.OPEN, (0, 50, 99), ("amber", "warning"), True, 30),
    ("completed", "Completed", StatusOutcome.ACHIEVED, (100, 100, 100), ("blue", "check"), False, 40),
    ("discontinued", "Discontinued", StatusOutcome.DROPPED, (0, 0, 100), ("red", "cross"), True, 50),
]


def seed_statuses():
    return {
        code: StatusFactory(
            code=code,
            name=name,
            outcome=outcome,
            min_progress=low,
            default_progress=default,
            max_progress=high,
            colour=colour,
            icon=icon,
            needs_reason=needs_reason,
            order=order,
        )
        for code, name, outcome, (low, default, high), (colour, icon), needs_reason, order in SEED_STATUSES
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
        django_get_or_create = ("strategy", "code")

    category = factory.SubFactory(CategoryFactory)
    strategy = factory.LazyAttribute(lambda action: action.category.strategy)
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    title = factory.Sequence(lambda n: f"Action number {n + 1}")
    description = "What the action does."
    source_paragraphs = "¶113"
    lead_agency = factory.SubFactory(AgencyFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the admin creates actions: with their counted figures (tracker.services.figures). An action the
        # factory finds already there (django_get_or_create) is counted already.
        found = model_class.objects.filter(strategy=kwargs["strategy"], code=kwargs["code"])
        with figures_kept(action_ids=found.values_list("pk", flat=True)) as ids:
            action = super()._create(model_class, *args, **kwargs)
            if action.pk not in ids:
                ids.append(action.pk)
        return action


class RoundFactory(factory.django.DjangoModelFactory):
    """A planned round of the tests' strategy: it covers the last quarter and is due in two weeks. Open and
    close it through tracker.services.rounds."""

    class Meta:
        model = ReportingRound

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Round {n + 1}")
    period_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    period_end = factory.LazyFunction(timezone.localdate)
    opens_on = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class ActionSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionSupport

    action = factory.SubFactory(ActionFactory)
    agency = factory.SubFactory(AgencyFactory)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    """A raw row. Tests of behaviour go through tracker.services.updates.status_update_create instead."""

    class Meta:
        model = StatusUpdate

    action = factory.SubFactory(ActionFactory)
    status = factory.SubFactory(StatusFactory)
    progress = 10
    reported_on = factory.LazyFunction(timezone.localdate)
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
    start_year = factory.Sequence(lambda n: 1950 + n % 250)
    end_year = factory.LazyAttribute(lambda o: o.start_year)
    value = "1.5"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    series = factory.SubFactory(SeriesFactory)
    value = "10"
    source = "¶1"


class ActionSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionSeries

    action = factory.SubFactory(ActionFactory)
    series = factory.SubFactory(SeriesFactory)
    expected_effect = "Should rise."


def _ooxml(folder: str, part: str) -> bytes:
    # Entries with a fixed time: with the current one, two calls a second apart gave different bytes.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("[Content_Types].xml", "<Types/>"), (f"{folder}/{part}", "<document/>")):
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2017, 1, 1, 0, 0, 0)), f'<?xml version="1.0"?>{text}'
            )
    return buffer.getvalue()


def evidence_bytes(kind: str) -> bytes:
    """Just enough bytes to be a real file of `kind`: pdf, png, jpg, gif, webp, docx, xlsx, doc, xls, csv."""
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    return {
        "pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32,
        "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32,
        "gif": b"GIF89a" + b"\x00" * 32,
        "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32,
        "docx": _ooxml("word", "document.xml"),
        "xlsx": _ooxml("xl", "workbook.xml"),
        "doc": ole2,
        "xls": ole2,
        "csv": "year,value\n2017,1.5\n2018,“2.0”\n".encode(),
    }[kind]


def evidence_file(name: str, kind: str | None = None, content: bytes | None = None):
    """An uploaded file named `name` holding `content`, or a real file of `kind` (default: its extension)."""
    if content is None:
        content = evidence_bytes(kind or name.rsplit(".", 1)[-1])
    return SimpleUploadedFile(name, content)


def status_update(action, status, *, progress=None, reported_on=None, author=None, **kwargs):
    """Log progress the way the application does (tracker.services.updates.status_update_create).

    Fills in a reason when the status needs one.
    """
    if status.needs_reason and "reason" not in kwargs:
        kwargs["reason"] = ReasonCodeFactory(code="other", name="Other")
        kwargs.setdefault("reason_text", "Explained in the narrative.")
    return status_update_create(
        action=action,
        status=status,
        progress=progress,
        reported_on=reported_on or timezone.localdate(),
        narrative=kwargs.pop("narrative", "Work goes on."),
        author=author or UserFactory(),
        **kwargs,
    )


def log_url(action):
    """The officials' page that logs progress on `action`."""
    return reverse("tracker:status-update-create", args=[action.strategy.code, action.code])


def url(name, *args, strategy=STRATEGY):
    """The address of one of a strategy's pages (by default the tests' strategy)."""
    return reverse(f"tracker:{name}", args=[strategy, *args])


def log(client, action, data, **files):
    """Post the officials' log progress form."""
    return client.post(log_url(action), {**data, **files})


def media_files(settings):
    """The names of the files stored under MEDIA_ROOT."""
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []
