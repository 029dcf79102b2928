"""Spreadsheet columns for indicator series and observations (see tracker/data/ta9036/FORMAT.md)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import CodeWidget, SpreadsheetResource

from .models import Observation, Series, as_printed, decimals_of, parse_period


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
    target_value = fields.Field(
        attribute="target_value", column_name="target_value", widget=PlainDecimalWidget()
    )
    target_low = fields.Field(attribute="target_low", column_name="target_low", widget=PlainDecimalWidget())
    target_high = fields.Field(
        attribute="target_high", column_name="target_high", widget=PlainDecimalWidget()
    )
    baseline_value = fields.Field(
        attribute="baseline_value", column_name="baseline_value", widget=PlainDecimalWidget()
    )
    self_reference = "comparison"

    class Meta:
        model = Series
        fields = (
            "code",
            "name_en",
            "name_zh_hans",
            "unit_en",
            "unit_zh_hans",
            "geography_en",
            "geography_zh_hans",
            "frequency",
            "direction",
            "source",
            "notes_en",
            "notes_zh_hans",
            "target_value",
            "target_low",
            "target_high",
            "target_year",
            "baseline_value",
            "baseline_period",
            "comparison",
        )

    def get_queryset(self):
        return Series.objects.select_related("comparison")


class PeriodField(fields.Field):
    """A year (2015) or a span of years (2008-2014), stored as two years."""

    def get_value(self, instance):
        return instance.period if instance.start_year else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        try:
            instance.start_year, instance.end_year = parse_period(row.get(self.column_name))
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None


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


class ObservationResource(SpreadsheetResource):
    series = fields.Field(attribute="series", column_name="series", widget=CodeWidget(Series))
    period = PeriodField(attribute="period", column_name="period")
    value = PrintedValueField(
        attribute="value", column_name="value", widget=PlainDecimalWidget(as_given=True)
    )

    class Meta:
        model = Observation
        fields = ("series", "period", "value", "source_ref", "note")
        import_id_fields = ("series", "period")

    def get_queryset(self):
        return Observation.objects.select_related("series")

    def row_key(self, row):
        try:
            return (str(row.get("series") or "").strip(), parse_period(row.get("period")))
        except ValidationError:
            return super().row_key(row)

    def get_instance(self, instance_loader, row):
        series = self.fields["series"].clean(row)
        try:
            start, end = parse_period(row.get("period"))
        except ValidationError:
            return None  # reported against the period column when the row is imported
        if series is None:
            return None
        return Observation.objects.filter(series=series, start_year=start, end_year=end).first()
