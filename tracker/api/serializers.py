"""What the API returns: objects named by their codes, translated text in one field per language (as in the
spreadsheets), figures as the source prints them (as text)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import (
    Observation,
    ObservationVintage,
    Series,
    Target,
    as_printed,
    decimals_of,
    parse_period,
)

from ..models import (
    Action,
    ActionSeries,
    Agency,
    Category,
    ReasonCode,
    ReportingRound,
    Review,
    Status,
    StatusUpdate,
    Strategy,
)


def translated(*names):
    return [f"{name}_{language}" for name in names for language in ("en", "zh_hans")]


class StrategySerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = [
            "code",
            *translated("title", "short_title", "publisher", "description"),
            "published_on",
            "period_start",
            "period_end",
            "source_document",
        ]


class CategorySerializer(serializers.ModelSerializer):
    strategy = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Category
        fields = ["strategy", "code", *translated("name", "description"), "source"]


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = ["code", *translated("name", "short_name"), "level", "parent"]


class StatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = Status
        fields = [
            "code",
            *translated("name", "definition"),
            "outcome",
            "min_progress",
            "default_progress",
            "max_progress",
            "colour",
            "needs_reason",
        ]


class ReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReasonCode
        fields = ["code", *translated("name", "description")]


class LinkedSeriesSerializer(serializers.ModelSerializer):
    series = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ActionSeries
        fields = ["series", *translated("expected_effect")]


class ActionSerializer(serializers.ModelSerializer):
    strategy = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    supporting_agencies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    status = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The status of the latest update; null before any.",
    )
    is_overdue = serializers.BooleanField(read_only=True)
    series = LinkedSeriesSerializer(source="series_links", many=True, read_only=True)
    page = serializers.SerializerMethodField(help_text="The action's page on the site.")

    class Meta:
        model = Action
        fields = [
            "strategy",
            "code",
            "category",
            *translated("title", "description"),
            "source_paragraphs",
            "start_date",
            "due_date",
            "lead_agency",
            "supporting_agencies",
            "responsibility_basis",
            "status",
            "progress",
            "last_reported_on",
            "is_overdue",
            "series",
            "page",
        ]

    def get_page(self, action) -> str:
        return self.context["request"].build_absolute_uri(action.get_absolute_url())


class StatusUpdateSerializer(serializers.ModelSerializer):
    strategy = serializers.CharField(source="action.strategy.code", read_only=True)
    action = serializers.CharField(source="action.code", read_only=True)
    status = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    agency = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The agency the author reported for; null for administrators.",
    )
    author = serializers.SerializerMethodField(help_text="The author's full name, or username.")
    evidence_file = serializers.SerializerMethodField(
        help_text="Where to download the evidence file, if any."
    )
    corrected = serializers.SerializerMethodField(help_text="Whether a later update corrects this one.")
    corrects_reported_on = serializers.DateField(
        source="corrects.reported_on",
        read_only=True,
        allow_null=True,
        help_text="The date of the earlier update this one corrects, if it is a correction.",
    )

    class Meta:
        model = StatusUpdate
        fields = [
            "strategy",
            "action",
            "status",
            "progress",
            "reported_on",
            "narrative",
            "evidence_url",
            "evidence_file",
            "evidence_filename",
            "reason",
            "reason_text",
            "agency",
            "author",
            "created_at",
            "corrected",
            "corrects_reported_on",
        ]

    def get_author(self, update) -> str:
        return update.author.get_full_name() or update.author.get_username()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_evidence_file(self, update) -> str | None:
        if not update.evidence_file:
            return None
        url = reverse("tracker:evidence-download", args=[update.pk])
        return self.context["request"].build_absolute_uri(url)

    def get_corrected(self, update) -> bool:
        return hasattr(update, "corrected_by")


class StatusUpdateWriteSerializer(serializers.Serializer):
    """The fields of a new status update, for the schema: the officials' form checks them (tracker.forms)."""

    status = serializers.SlugField(help_text="A status code (see /api/v1/statuses/).")
    progress = serializers.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        help_text="Within the status's range; default: its default.",
    )
    reported_on = serializers.DateField(help_text="When this was the state of things; not in the future.")
    narrative = serializers.CharField(help_text="What has happened since the last update.")
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    evidence_file = serializers.FileField(
        required=False, help_text="PDF, image, Word, Excel or CSV; at most 10 MB (multipart/form-data only)."
    )
    reason = serializers.SlugField(
        required=False, allow_blank=True, help_text="A reason code, required when the status needs a reason."
    )
    reason_text = serializers.CharField(required=False, allow_blank=True)


def printed(value, decimals) -> str | None:
    figure = as_printed(value, decimals)
    return None if figure is None else str(figure)


class EarlierValueSerializer(serializers.ModelSerializer):
    value = serializers.SerializerMethodField()

    class Meta:
        model = ObservationVintage
        fields = ["value", "source_ref", "note", "recorded_at", "replaced_at"]

    def get_value(self, vintage) -> str:
        return str(vintage.display_value)


class SeriesSerializer(serializers.ModelSerializer):
    comparison = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    baseline_value = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField(help_text="The series' page on the site.")

    class Meta:
        model = Series
        fields = [
            "code",
            *translated("name", "unit", "geography", "notes"),
            "frequency",
            "direction",
            "source",
            "baseline_period",
            "baseline_value",
            "baseline_source",
            "progress",
            "comparison",
            "page",
        ]

    def get_baseline_value(self, series) -> str | None:
        return printed(series.baseline_value, None)

    def get_page(self, series) -> str:
        return self.context["request"].build_absolute_uri(series.get_absolute_url())


class TargetSerializer(serializers.ModelSerializer):
    series = serializers.CharField(source="series.code", read_only=True)
    period = serializers.CharField(read_only=True, help_text="The year or span; empty when undated.")
    value = serializers.SerializerMethodField()
    low = serializers.SerializerMethodField()
    high = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["series", "period", "value", "low", "high", "source", "note"]

    def get_value(self, target) -> str | None:
        return printed(target.value, None)

    def get_low(self, target) -> str | None:
        return printed(target.low, None)

    def get_high(self, target) -> str | None:
        return printed(target.high, None)


class PrintedDecimalField(serializers.DecimalField):
    """A decimal kept as written (12.50 stays 12.50, so that its printed decimals can be stored), within the
    model's digits."""

    def quantize(self, value):
        return value


class ObservationSerializer(serializers.ModelSerializer):
    """Reads an observation; writes one (administrators) through indicators.services.observation_save."""

    series = serializers.CharField(source="series.code", read_only=True)
    period = serializers.CharField(
        max_length=9, help_text="A year such as 2015 or a span such as 2008-2014; names it in its address."
    )
    value = PrintedDecimalField(
        max_digits=20,
        decimal_places=6,
        coerce_to_string=True,
        help_text="As the source prints it (text): 12.50 keeps its two decimals.",
    )
    earlier_values = EarlierValueSerializer(source="vintages", many=True, read_only=True)

    class Meta:
        model = Observation
        fields = ["series", "period", "value", "source_ref", "note", "recorded_at", "earlier_values"]
        read_only_fields = ["recorded_at"]

    def to_representation(self, observation):
        data = super().to_representation(observation)
        data["value"] = str(observation.display_value)
        return data

    def validate_period(self, text):
        try:
            return parse_period(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate(self, data):
        if "value" in data:
            data["decimals"] = decimals_of(data["value"])
        return data


class ObservationUpdateSerializer(serializers.ModelSerializer):
    """A change to an observation named by its period: its value, source reference and note."""

    value = PrintedDecimalField(
        max_digits=20, decimal_places=6, coerce_to_string=True, help_text="As the source prints it (text)."
    )

    class Meta:
        model = Observation
        fields = ["value", "source_ref", "note"]

    def validate(self, data):
        if "value" in data:
            data["decimals"] = decimals_of(data["value"])
        return data


class RoundSerializer(serializers.ModelSerializer):
    """A reporting round, named by its database id (rounds have no code), as on its page."""

    strategy = serializers.SlugRelatedField(slug_field="code", read_only=True)
    report_count = serializers.IntegerField(read_only=True, help_text="The lead agencies' reports received.")
    review_count = serializers.IntegerField(read_only=True, help_text="The reviewers' assessments recorded.")
    page = serializers.SerializerMethodField(help_text="The round's page on the site.")

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "strategy",
            *translated("name"),
            "period_start",
            "period_end",
            "opens_on",
            "deadline",
            "state",
            "opened_at",
            "closed_at",
            "is_sample",
            "report_count",
            "review_count",
            "page",
        ]

    def get_page(self, round) -> str:
        return self.context["request"].build_absolute_uri(round.get_absolute_url())


class ReviewSerializer(serializers.ModelSerializer):
    """A reviewer's assessment of one action in a round."""

    round = serializers.IntegerField(source="round_id", read_only=True)
    action = serializers.CharField(source="action.code", read_only=True)
    reviewer = serializers.SerializerMethodField(help_text="The reviewer's full name, or username.")
    report_submitted_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the lead agency's report in the round was first submitted; null when none was.",
    )
    report_late = serializers.SerializerMethodField(
        help_text="Whether that report came after the round's deadline; null when none was submitted."
    )

    class Meta:
        model = Review
        fields = [
            "round",
            "action",
            "rating",
            "evidence",
            "comment",
            "reviewer",
            "created_at",
            "updated_at",
            "report_submitted_at",
            "report_late",
        ]

    def get_reviewer(self, review) -> str:
        return review.reviewer.get_full_name() or review.reviewer.get_username()

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_report_late(self, review) -> bool | None:
        if review.report_submitted_at is None:
            return None
        return timezone.localdate(review.report_submitted_at) > review.round.deadline
