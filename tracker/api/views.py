"""The API's endpoints under /api/v1/. Reads follow the pages' rules; the only writes are officials' status
updates (through the log-progress form's checks and the same service) and administrators' observations
(through indicators.services)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from indicators.models import Observation, ObservationVintage, Series, Target, parse_period
from indicators.services import observation_save

from ..access import reporting_agency
from ..filters import ActionFilter
from ..forms import StatusUpdateForm
from ..models import (
    Action,
    Agency,
    Category,
    ReasonCode,
    ReportingRound,
    Review,
    RoundReport,
    Status,
    StatusUpdate,
    Strategy,
)
from ..services import updates
from . import examples
from .auth import AdministratorWrites, CanLogProgress
from .serializers import (
    ActionSerializer,
    AgencySerializer,
    CategorySerializer,
    ObservationSerializer,
    ObservationUpdateSerializer,
    ReasonSerializer,
    ReviewSerializer,
    RoundSerializer,
    SeriesSerializer,
    StatusSerializer,
    StatusUpdateSerializer,
    StatusUpdateWriteSerializer,
    StrategySerializer,
    TargetSerializer,
)


def refusal(errors) -> dict:
    """A form's or a model's messages, field by field; those of no field under non_field_errors."""
    return {
        ("non_field_errors" if field == "__all__" else field): list(messages)
        for field, messages in errors.items()
    }


# For addresses under a strategy's (`strategy`, its code): the strategy, and the rows within it that the rest
# of the address names by the view's `lookup_field` (an unknown strategy or row is a 404). A comment, not a
# docstring: the schema would describe every view with it.
class InStrategyMixin:
    def get_strategy(self) -> Strategy:
        if not hasattr(self, "_strategy"):
            self._strategy = get_object_or_404(Strategy, code=self.kwargs["strategy"])
        return self._strategy

    def get_in_strategy(self, queryset):
        """The row of `queryset` in the address's strategy that the address names."""
        return get_object_or_404(
            queryset,
            strategy__code=self.kwargs["strategy"],
            **{self.lookup_field: self.kwargs[self.lookup_field]},
        )

    def get_object(self):
        return self.get_in_strategy(self.get_queryset())


# Strategies, categories, agencies and vocabularies


@extend_schema_view(get=extend_schema(summary="List strategies", examples=[examples.STRATEGY_LIST]))
class StrategyList(generics.ListAPIView):
    queryset = Strategy.objects.all()
    serializer_class = StrategySerializer


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE], summary="One strategy", examples=[examples.STRATEGY]
    )
)
class StrategyDetail(generics.RetrieveAPIView):
    queryset = Strategy.objects.all()
    serializer_class = StrategySerializer
    lookup_field = "code"
    lookup_url_kwarg = "strategy"


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE],
        summary="List a strategy's categories",
        examples=[examples.CATEGORY_LIST],
    )
)
class CategoryList(InStrategyMixin, generics.ListAPIView):
    serializer_class = CategorySerializer

    def get_queryset(self):
        return Category.objects.filter(strategy=self.get_strategy()).select_related("strategy")


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE, examples.CATEGORY_CODE],
        summary="One category",
        examples=[examples.CATEGORY],
    )
)
class CategoryDetail(InStrategyMixin, generics.RetrieveAPIView):
    queryset = Category.objects.select_related("strategy")
    serializer_class = CategorySerializer
    lookup_field = "code"


@extend_schema_view(get=extend_schema(summary="List agencies", examples=[examples.AGENCY_LIST]))
class AgencyList(generics.ListAPIView):
    queryset = Agency.objects.select_related("parent")
    serializer_class = AgencySerializer


@extend_schema_view(
    get=extend_schema(parameters=[examples.AGENCY_CODE], summary="One agency", examples=[examples.AGENCY])
)
class AgencyDetail(generics.RetrieveAPIView):
    queryset = Agency.objects.select_related("parent")
    serializer_class = AgencySerializer
    lookup_field = "code"


@extend_schema_view(
    get=extend_schema(
        summary="List statuses (the codes a status update takes)", examples=[examples.STATUS_LIST]
    )
)
class StatusList(generics.ListAPIView):
    queryset = Status.objects.all()
    serializer_class = StatusSerializer


@extend_schema_view(
    get=extend_schema(
        summary="List reasons (the codes a delayed update takes)", examples=[examples.REASON_LIST]
    )
)
class ReasonList(generics.ListAPIView):
    queryset = ReasonCode.objects.all()
    serializer_class = ReasonSerializer


# Actions


# The schema's types of the filters that take codes (the page's FilterSet names models and methods, which the
# schema generator cannot type): text, given once or repeated.
for _name in ("strategy", "category", "agency"):
    set_override(ActionFilter.base_filters[_name], "field", OpenApiTypes.STR)


class ActionFilterBackend(DjangoFilterBackend):
    """The action list page's own FilterSet (tracker.filters.ActionFilter), given the view's strategy."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["strategy"] = view.get_strategy()
        return kwargs


def actions_for_api():
    return Action.objects.with_related().prefetch_related(
        "supporting_agencies",
        Prefetch("series_links", queryset=Action.series.through.objects.select_related("series")),
    )


@extend_schema_view(
    get=extend_schema(
        summary="List every strategy's actions, filtered as on the action list page",
        examples=[examples.ACTION_LIST],
    )
)
class ActionList(generics.ListAPIView):
    serializer_class = ActionSerializer
    filter_backends = [ActionFilterBackend]
    filterset_class = ActionFilter

    def get_strategy(self):
        return None

    def get_queryset(self):
        return actions_for_api()


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE],
        summary="List a strategy's actions, filtered as on its action list page",
        examples=[examples.ACTION_LIST],
    )
)
class StrategyActionList(InStrategyMixin, ActionList):
    pass


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE, examples.ACTION_CODE],
        summary="One action",
        examples=[examples.ACTION],
    )
)
class ActionDetail(InStrategyMixin, generics.RetrieveAPIView):
    serializer_class = ActionSerializer
    lookup_field = "code"

    def get_queryset(self):
        return actions_for_api()


# Reporting rounds and reviews (read only: rounds are opened and closed by administrators, reviews written by
# reviewers on the pages)


def counted(model):
    """How many rows of `model` the round has, as a subquery (no join, so no row multiplication)."""
    rows = model.objects.filter(round=OuterRef("pk")).order_by().values("round").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), 0)


def rounds_for_api():
    return ReportingRound.objects.select_related("strategy").annotate(
        report_count=counted(RoundReport), review_count=counted(Review)
    )


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE],
        summary="List a strategy's reporting rounds",
        examples=[examples.ROUND_LIST],
    )
)
class RoundList(InStrategyMixin, generics.ListAPIView):
    serializer_class = RoundSerializer

    def get_queryset(self):
        return rounds_for_api().filter(strategy=self.get_strategy())


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE, examples.ROUND_ID],
        summary="One reporting round, named by its id",
        examples=[examples.ROUND],
    )
)
class RoundDetail(InStrategyMixin, generics.RetrieveAPIView):
    serializer_class = RoundSerializer

    def get_queryset(self):
        return rounds_for_api()


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE, examples.ROUND_ID],
        summary="List a round's reviews, with when each action's round report came",
        examples=[examples.REVIEW_LIST],
    )
)
class RoundReviews(InStrategyMixin, generics.ListAPIView):
    serializer_class = ReviewSerializer

    def get_round(self) -> ReportingRound:
        if not hasattr(self, "_round"):
            self._round = self.get_in_strategy(ReportingRound.objects.all())
        return self._round

    def get_queryset(self):
        report = RoundReport.objects.filter(round=OuterRef("round"), action=OuterRef("action"))
        return (
            Review.objects.filter(round=self.get_round())
            .select_related("round", "action", "reviewer")
            .annotate(report_submitted_at=Subquery(report.values("submitted_at")[:1]))
        )


# Status updates


def updates_for_api():
    return StatusUpdate.objects.select_related(
        "action__strategy", "status", "reason", "agency", "author", "corrects", "corrected_by"
    )


@extend_schema_view(
    get=extend_schema(summary="List status updates of every action", examples=[examples.UPDATE_LIST])
)
class UpdateList(generics.ListAPIView):
    serializer_class = StatusUpdateSerializer

    def get_queryset(self):
        return updates_for_api()


def form_data(request) -> tuple[dict, dict]:
    """The request's fields for a Django form, and messages for those that cannot be one (a JSON list or
    object where a form takes one value). Form fields read text: JSON numbers and booleans become text,
    null an empty field."""
    if isinstance(request.data, QueryDict):  # multipart or form-encoded: already text
        return request.data, {}
    if not isinstance(request.data, dict):
        return {}, {"non_field_errors": [_("Send the fields as one JSON object.")]}
    data, wrong = {}, {}
    for name, value in request.data.items():
        if isinstance(value, list | dict):
            wrong[name] = [_("Give one value, not a list or an object.")]
        else:
            data[name] = (
                "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            )
    return data, wrong


class StatusUpdateApiForm(StatusUpdateForm):
    """The log-progress form, with the status and reason named by their codes and no corrections (an API
    client cannot name an earlier update: updates have no code)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("corrects", None)  # the form offers it only when correcting
        self.fields["status"].to_field_name = "code"
        self.fields["reason"].to_field_name = "code"


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.STRATEGY_CODE, examples.ACTION_CODE],
        summary="List an action's status updates",
        examples=[examples.UPDATE_LIST],
    ),
    post=extend_schema(
        parameters=[examples.STRATEGY_CODE, examples.ACTION_CODE],
        summary="Log progress on an action (officials of its lead or a supporting agency)",
        description=(
            "Checked by the log-progress form: a refusal is a 400 with the form's messages, field by field, "
            "and nothing is written. Send JSON, or multipart/form-data to attach an evidence file."
        ),
        request={
            "application/json": StatusUpdateWriteSerializer,
            "multipart/form-data": StatusUpdateWriteSerializer,
        },
        responses={
            201: StatusUpdateSerializer,
            400: OpenApiResponse(description="The form's messages, field by field; nothing written."),
            403: OpenApiResponse(description="Not an official of the action's lead or supporting agencies."),
        },
        examples=[examples.UPDATE_WRITE, examples.UPDATE, examples.UPDATE_REFUSED],
    ),
)
class ActionUpdates(InStrategyMixin, generics.ListCreateAPIView):
    serializer_class = StatusUpdateSerializer
    permission_classes = [CanLogProgress]
    lookup_field = "code"

    def get_action(self) -> Action:
        if not hasattr(self, "_action"):
            self._action = self.get_in_strategy(Action.objects.with_related())
        return self._action

    def get_queryset(self):
        return updates_for_api().filter(action=self.get_action())

    def create(self, request, *args, **kwargs):
        action = self.get_action()
        data, wrong = form_data(request)
        if wrong:
            return Response(wrong, status=status.HTTP_400_BAD_REQUEST)
        form = StatusUpdateApiForm(data, request.FILES, action=action)
        if not form.is_valid():
            return Response(refusal(form.errors), status=status.HTTP_400_BAD_REQUEST)
        try:
            update = updates.status_update_create(
                action=action,
                author=request.user,
                agency=reporting_agency(request.user, action),
                **form.update_kwargs(),
            )
        except DjangoValidationError as error:
            # Another update may have landed between the form's check and the locked write.
            form.add_service_errors(error)
            return Response(refusal(form.errors), status=status.HTTP_400_BAD_REQUEST)
        update = updates_for_api().get(pk=update.pk)
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)


# Indicator series, targets and observations


@extend_schema_view(get=extend_schema(summary="List indicator series", examples=[examples.SERIES_LIST]))
class SeriesList(generics.ListAPIView):
    queryset = Series.objects.select_related("comparison")
    serializer_class = SeriesSerializer


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.SERIES_CODE], summary="One indicator series", examples=[examples.SERIES]
    )
)
class SeriesDetail(generics.RetrieveAPIView):
    queryset = Series.objects.select_related("comparison")
    serializer_class = SeriesSerializer
    lookup_field = "code"


class SeriesMixin:
    def get_series(self) -> Series:
        if not hasattr(self, "_series"):
            self._series = get_object_or_404(Series, code=self.kwargs["code"])
        return self._series


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.SERIES_CODE], summary="List a series' targets", examples=[examples.TARGET_LIST]
    )
)
class TargetList(SeriesMixin, generics.ListAPIView):
    serializer_class = TargetSerializer

    def get_queryset(self):
        return Target.objects.filter(series=self.get_series()).select_related("series")


def observations_for_api():
    return Observation.objects.select_related("series").prefetch_related(
        Prefetch("vintages", queryset=ObservationVintage.objects.order_by("-replaced_at", "-id"))
    )


def observation_refused(error: DjangoValidationError) -> Response:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    # The model names the period by its years, and its constraints (one per period, plausible years) by
    # none; the API by its text: the value and the notes were checked by the serializer before.
    for field in ("start_year", "end_year", "__all__"):
        if field in errors:
            errors.setdefault("period", []).extend(errors.pop(field))
    return Response(refusal(errors), status=status.HTTP_400_BAD_REQUEST)


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.SERIES_CODE],
        summary="List a series' observations",
        examples=[examples.OBSERVATION_LIST],
    ),
    post=extend_schema(
        parameters=[examples.SERIES_CODE],
        summary="Record an observation (administrators)",
        responses={201: ObservationSerializer, 400: OpenApiResponse(description="Messages, field by field.")},
        examples=[examples.OBSERVATION_WRITE, examples.OBSERVATION],
    ),
)
class ObservationList(SeriesMixin, generics.ListCreateAPIView):
    serializer_class = ObservationSerializer
    permission_classes = [AdministratorWrites]

    def get_queryset(self):
        return observations_for_api().filter(series=self.get_series())

    def create(self, request, *args, **kwargs):
        series = self.get_series()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        start, end = data["period"]
        if series.observations.filter(start_year=start, end_year=end).exists():
            message = _("The series already has a figure for %(period)s; change it at its own address.")
            return Response({"period": [message % {"period": request.data.get("period")}]}, status=400)
        observation = Observation(
            series=series,
            start_year=start,
            end_year=end,
            value=data["value"],
            decimals=data["decimals"],
            source_ref=data.get("source_ref", ""),
            note=data.get("note", ""),
        )
        try:
            observation.full_clean()
        except DjangoValidationError as error:
            return observation_refused(error)
        observation_save(observation=observation)
        observation = observations_for_api().get(pk=observation.pk)
        return Response(self.get_serializer(observation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        parameters=[examples.SERIES_CODE, examples.PERIOD],
        summary="One observation, named by its period",
        examples=[examples.OBSERVATION],
    ),
    put=extend_schema(
        parameters=[examples.SERIES_CODE, examples.PERIOD],
        summary="Change an observation (administrators); the value it replaces is kept as an earlier value",
        responses={200: ObservationSerializer, 400: OpenApiResponse(description="Messages, field by field.")},
        examples=[examples.OBSERVATION_CHANGE, examples.OBSERVATION],
    ),
    patch=extend_schema(
        parameters=[examples.SERIES_CODE, examples.PERIOD],
        summary="Change some of an observation's fields (administrators)",
        responses={200: ObservationSerializer, 400: OpenApiResponse(description="Messages, field by field.")},
        examples=[examples.OBSERVATION_CHANGE, examples.OBSERVATION],
    ),
)
class ObservationDetail(SeriesMixin, generics.RetrieveUpdateAPIView):
    permission_classes = [AdministratorWrites]

    def get_serializer_class(self):
        return (
            ObservationUpdateSerializer if self.request.method in ("PUT", "PATCH") else ObservationSerializer
        )

    def get_object(self):
        try:
            start, end = parse_period(self.kwargs["period"])
        except DjangoValidationError:
            raise Http404 from None
        return get_object_or_404(
            observations_for_api(), series=self.get_series(), start_year=start, end_year=end
        )

    def update(self, request, *args, **kwargs):
        observation = self.get_object()
        serializer = self.get_serializer(observation, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        for field, value in serializer.validated_data.items():
            setattr(observation, field, value)
        try:
            observation.full_clean()
        except DjangoValidationError as error:
            return observation_refused(error)
        observation_save(observation=observation)
        observation = observations_for_api().get(pk=observation.pk)
        return Response(ObservationSerializer(observation, context=self.get_serializer_context()).data)
