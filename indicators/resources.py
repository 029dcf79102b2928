"""Spreadsheet columns for indicator series and observations (see tracker/data/ta9036/FORMAT.md)."""

import copy
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from core.history import history_copy
from core.resources import CodeWidget, SpreadsheetResource

from .models import Observation, ObservationVintage, Series, Target, as_printed, decimals_of, parse_period
from .services import observation_vintages, series_progress_refresh

WRITE_BATCH = 2000  # rows an INSERT or UPDATE of an import writes at once


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
            "baseline_period",
            "baseline_value",
            "baseline_source",
            "comparison",
        )

    def get_queryset(self):
        return Series.objects.select_related("comparison")

    def before_import(self, dataset, **kwargs):
        self._touched = set()
        super().before_import(dataset, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self._touched.add(instance.pk)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # A new direction or baseline changes the verdict: once for every series written.
        if not kwargs.get("dry_run"):
            series_progress_refresh(series_ids=self._touched)


class PeriodField(fields.Field):
    """A year (2015) or a span of years (2008-2014), stored as two years; empty where `optional` (a target
    without a date)."""

    def __init__(self, *args, optional=False, **kwargs):
        self.optional = optional
        super().__init__(*args, **kwargs)

    help_form = gettext_lazy("A year, such as 2015, or a span of years, such as 2008-2014")
    help_meaning = gettext_lazy("The year, or the span of years, the row is about")

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
    """Rows identified by their series and period (observations, targets), imported in batches.

    Files of these run to many thousands of rows, so each batch of `batch_rows` rows reads its series and the
    records it may update in one query each, and nothing is written row by row: the library (`use_bulk`)
    gathers the new and changed records, and once every row of the file has passed its checks they are
    written with `bulk_create` / `bulk_update`, and their history (who imported, and why) is copied from them
    (core.history). A file with any bad row writes nothing, and a dry run writes nothing at all. The
    progress of every series touched is stored again once, at the end.
    """

    optional_period = False
    batch_rows = 2000
    # The model's columns a changed row writes (the series and period identify the record).
    bulk_update_fields: tuple[str, ...] = ()

    class Meta:
        use_bulk = True
        # No copy of each record and no HTML diff of each row: the import page lists each row's changes from
        # `differences` (see SpreadsheetResource.skip_row).
        skip_diff = True
        # Written at the end, all at once, in batches of this size.
        batch_size = None

    def get_queryset(self):
        return self._meta.model.objects.select_related("series")

    def before_import(self, dataset, **kwargs):
        self._touched = set()
        self._existing, self._originals = {}, {}
        self._user = kwargs.get("user")
        super().before_import(dataset, **kwargs)
        self._rows = list(dataset)
        self._headers = list(dataset.headers or [])

    def before_import_row(self, row, **kwargs):
        start = kwargs.get("row_number", 1) - 1
        if start % self.batch_rows == 0:
            # Locked until the import writes, when it will (a lock needs a transaction).
            lock = not kwargs.get("dry_run") and transaction.get_connection().in_atomic_block
            self.read_batch(self._rows[start : start + self.batch_rows], lock=lock)
        super().before_import_row(row, **kwargs)

    def read_batch(self, rows, *, lock: bool) -> None:
        """Find the series the rows name and the records they may update: one query each."""
        cells = [dict(zip(self._headers, row, strict=True)) for row in rows]
        widget = self.fields["series"].widget
        codes = {str(cell.get("series") or "").strip() for cell in cells} - {""}
        for series in Series.objects.filter(code__in=codes - widget.found.keys()):
            widget.found[series.code] = series
        series_by_id = {series.pk: series for series in widget.found.values()}
        wanted = set()
        for cell in cells:
            series = widget.found.get(str(cell.get("series") or "").strip())
            try:
                start, end = period_of(cell.get("period"), self.optional_period)
            except ValidationError:
                continue  # reported against the period column when the row is imported
            if series is not None:
                wanted.add((series.pk, start, end))
        starts = {start for _series, start, _end in wanted}
        in_years = Q(start_year__in=starts - {None})
        if None in starts:
            in_years |= Q(start_year__isnull=True)
        records = self._meta.model.objects.filter(
            in_years, series_id__in={series for series, _start, _end in wanted}
        )
        if lock:
            records = records.select_for_update()  # unchanged until the import writes its version
        self._existing = {}
        for record in records if wanted else ():
            key = (record.series_id, record.start_year, record.end_year)
            if key in wanted:
                record.series = series_by_id[record.series_id]
                self._existing[key] = record
                # As it is before the file changes it: compared with the row (skip_row) and, for an
                # observation whose value changes, kept as its earlier vintage.
                self._originals[record.pk] = copy.copy(record)

    def row_key(self, row):
        try:
            return (
                str(row.get("series") or "").strip(),
                period_of(row.get("period"), self.optional_period),
            )
        except ValidationError:
            return super().row_key(row)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Without the library's copy of each record (skip_diff), the one read with the batch.
        return super().skip_row(instance, self._originals.get(instance.pk), row, import_validation_errors)

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

    def writes_allowed(self, dry_run, result) -> bool:
        return not dry_run and not (result is None or result.has_errors() or result.has_validation_errors())

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.write(self.create_instances, "+", dry_run=dry_run, raise_errors=raise_errors, result=result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.write(self.update_instances, "~", dry_run=dry_run, raise_errors=raise_errors, result=result)

    def write(self, instances, history_type, *, dry_run, raise_errors, result) -> None:
        """Write the records the rows gathered (`history_type` "+": new, "~": changed) and their history,
        unless this is a dry run or a row was refused."""
        model = self._meta.model
        try:
            if instances and self.writes_allowed(dry_run, result):
                if history_type == "+":
                    model.objects.bulk_create(instances, batch_size=WRITE_BATCH)
                else:
                    self.before_bulk_update(instances)
                    fields = list(self.bulk_update_fields)
                    model.objects.bulk_update(instances, fields, batch_size=WRITE_BATCH)
                pks = [instance.pk for instance in instances]
                history_copy(
                    model, pks, history_type=history_type, user=self._user, reason=self.change_reason
                )
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()

    def before_bulk_update(self, instances) -> None:
        """Called with the changed records just before they are written."""

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.writes_allowed(kwargs.get("dry_run"), result):
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


NOT_CLEANED = ("id", "series", "start_year", "end_year", "recorded_at")


class ObservationResource(SeriesPeriodResource):
    series = fields.Field(attribute="series", column_name="series", widget=CodeWidget(Series))
    period = PeriodField(attribute="period", column_name="period")
    value = PrintedValueField(
        attribute="value", column_name="value", widget=PlainDecimalWidget(as_given=True)
    )
    bulk_update_fields = ("value", "decimals", "source_ref", "note", "recorded_at")

    class Meta:
        model = Observation
        fields = ("series", "period", "value", "source_ref", "note")
        import_id_fields = ("series", "period")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's checks, without a query a row: the series was found by its code, the file gives each
        period once (row_key) and the records it may update were read with its batch (read_batch), so the
        period is unique; the constraints on the period are checked here in Python. The database's
        constraints remain the last word."""
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                # Only the columns the file gives: the series was found, the period is checked below.
                instance.full_clean(
                    exclude=[*errors, *NOT_CLEANED], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        start, end = instance.start_year, instance.end_year
        if "period" not in errors and start is not None and not 1900 <= start <= end <= 2200:
            errors["period"] = [_("A period lies between the years 1900 and 2200.")]
        if errors:
            raise ValidationError(errors)

    def before_bulk_update(self, instances):
        # A revised value keeps the one it replaces as an earlier vintage (as observation_save does).
        vintages = observation_vintages(
            [(instance, self._originals[instance.pk]) for instance in instances], now=timezone.now()
        )
        ObservationVintage.objects.bulk_create(vintages, batch_size=WRITE_BATCH)


class TargetResource(SeriesPeriodResource):
    series = fields.Field(attribute="series", column_name="series", widget=CodeWidget(Series))
    period = PeriodField(attribute="period", column_name="period", optional=True)
    value = fields.Field(attribute="value", column_name="value", widget=PlainDecimalWidget())
    low = fields.Field(attribute="low", column_name="low", widget=PlainDecimalWidget())
    high = fields.Field(attribute="high", column_name="high", widget=PlainDecimalWidget())
    optional_period = True
    bulk_update_fields = ("value", "low", "high", "source", "note")

    class Meta:
        model = Target
        fields = ("series", "period", "value", "low", "high", "source", "note")
        import_id_fields = ("series", "period")
