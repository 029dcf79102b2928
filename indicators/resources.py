"""Spreadsheet columns for indicator series and observations (see tracker/data/ta9036/FORMAT.md)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import CodeWidget, SpreadsheetResource

from .models import Observation, Series, Target, as_printed, decimals_of, parse_period
from .services import observation_save, series_progress_refresh


class PlainDecimalWidget(widgets.NumberWidget):
    """Decimals written as plain numbers: no thousands separators, no locale, no trailing zeros added."""

    def __init__(self, *, as_given=False, **kwargs):
        # as_given: the value already carries the digits to print (Observation's figure as printed).
        self.as_given = as_given
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text})
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return format(value if self.as_given else as_printed(value, None), "f")


class SeriesResource(SpreadsheetResource):
    comparison = fields.Field(attribute="comparison", column_name="comparison", widget=CodeWidget(Series))
    baseline_value = fields.Field(
        attribute="baseline_value", column_name="baseline_value", widget=PlainDecimalWidget()
    )
    chinese_scale = fields.Field(
        attribute="chinese_scale", column_name="chinese_scale", widget=PlainDecimalWidget()
    )
    self_reference = "comparison"
    optional_columns = ("chinese_unit", "chinese_scale")

    class Meta:
        model = Series
        fields = (
            "code",
            "name_en",
            "name_zh_hans",
            "unit_en",
            "unit_zh_hans",
            "chinese_unit",
            "chinese_scale",
            "geography_en",
            "geography_zh_hans",
            "frequency",
            "direction",
            "source",
            "notes_en",
            "notes_zh_hans",
            "baseline_period",
            "baseline_value",
            "baseline_source",
            "comparison",
        )

    def get_queryset(self):
        return Series.objects.select_related("comparison")

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # A new direction or baseline changes the verdict.
        series_progress_refresh(series_ids=Series.objects.values_list("pk", flat=True))


class PeriodField(fields.Field):
    """A year (2015) or a span of years (2008-2014), stored as two years; empty where `optional` (a target
    without a date)."""

    def __init__(self, *args, optional=False, **kwargs):
        self.optional = optional
        super().__init__(*args, **kwargs)

    def get_value(self, instance):
        return instance.period if instance.end_year else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        try:
            instance.start_year, instance.end_year = period_of(row.get(self.column_name), self.optional)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None


def period_of(text, optional=False) -> tuple[int | None, int | None]:
    if optional and not str(text or "").strip():
        return None, None
    return parse_period(text)


class SeriesPeriodResource(SpreadsheetResource):
    """Rows identified by their series and period (observations, targets); each import refreshes the
    progress of the series it touched."""

    optional_period = False

    def get_queryset(self):
        return self._meta.model.objects.select_related("series")

    def before_import(self, dataset, **kwargs):
        self._touched = set()
        super().before_import(dataset, **kwargs)
        # The records the file's rows may update, read at once rather than one query a row.
        codes = {str(code or "").strip() for code in dataset["series"]} if "series" in dataset.headers else ()
        self._existing = {
            (record.series_id, record.start_year, record.end_year): record
            for record in self.get_queryset().filter(series__code__in=codes)
        }

    def row_key(self, row):
        try:
            return (
                str(row.get("series") or "").strip(),
                period_of(row.get("period"), self.optional_period),
            )
        except ValidationError:
            return super().row_key(row)

    def get_instance(self, instance_loader, row):
        series = self.fields["series"].clean(row)
        try:
            start, end = period_of(row.get("period"), self.optional_period)
        except ValidationError:
            return None  # reported against the period column when the row is imported
        if series is None:
            return None
        return self._existing.get((series.pk, start, end))

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self._touched.add(instance.series_id)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        series_progress_refresh(series_ids=self._touched)


class PrintedValueField(fields.Field):
    """The figure as printed: its decimals are kept so that 12.50 exports as 12.50."""

    def get_value(self, instance):
        return as_printed(instance.value, instance.decimals)

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row, **kwargs)
        if value is None:
            raise ValueError(_("A value is required."))
        instance.value = value
        instance.decimals = decimals_of(value)


class ObservationResource(SeriesPeriodResource):
    series = fields.Field(attribute="series", column_name="series", widget=CodeWidget(Series))
    period = PeriodField(attribute="period", column_name="period")
    value = PrintedValueField(
        attribute="value", column_name="value", widget=PlainDecimalWidget(as_given=True)
    )

    class Meta:
        model = Observation
        fields = ("series", "period", "value", "source_ref", "note")
        import_id_fields = ("series", "period")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's checks, without a query a row: the series was found by its code, the file gives each
        period once (row_key) and the records it may update were read at once (before_import), so the period
        is unique; the constraints on the period are checked here in Python. The database's constraints
        remain the last word."""
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=[*errors, "series"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        start, end = instance.start_year, instance.end_year
        if "period" not in errors and start is not None and not 1900 <= start <= end <= 2200:
            errors["period"] = [_("A period lies between the years 1900 and 2200.")]
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        # A revised value keeps the one it replaces as an earlier vintage.
        observation_save(observation=instance, refresh=False)


class TargetResource(SeriesPeriodResource):
    series = fields.Field(attribute="series", column_name="series", widget=CodeWidget(Series))
    period = PeriodField(attribute="period", column_name="period", optional=True)
    value = fields.Field(attribute="value", column_name="value", widget=PlainDecimalWidget())
    low = fields.Field(attribute="low", column_name="low", widget=PlainDecimalWidget())
    high = fields.Field(attribute="high", column_name="high", widget=PlainDecimalWidget())
    optional_period = True

    class Meta:
        model = Target
        fields = ("series", "period", "value", "low", "high", "source", "note")
        import_id_fields = ("series", "period")
