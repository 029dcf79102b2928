"""Spreadsheet columns for indicator series and observations (see tracker/data/ta9036/FORMAT.md)."""

import contextlib
import copy
import gc
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import exceptions, fields, widgets
from import_export.results import RowResult

from core.history import history_copy
from core.resources import CodeWidget, RowDifference, SpreadsheetResource

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
    records it may update in one query each (read_records), and nothing is written row by row: the new and
    changed records are gathered (for targets by the library's import of each row, with `use_bulk`; for
    observations, whose files are the long ones, by ObservationResource's own reading of the columns), and
    once every row of the file has passed its checks they are written with `bulk_create` / `bulk_update`,
    and their history (who imported, and why) is copied from them (core.history). A file with any bad row
    writes nothing, and a dry run writes nothing at all. The progress of every series touched is stored
    again once, at the end.
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
        codes, keys = set(), set()
        for row in rows:
            cell = dict(zip(self._headers, row, strict=True))
            code = str(cell.get("series") or "").strip()
            codes.add(code)
            try:
                keys.add((code, *period_of(cell.get("period"), self.optional_period)))
            except ValidationError:
                continue  # reported against the period column when the row is imported
        self.read_records(codes, keys, lock=lock)

    def read_records(self, codes, keys, *, lock: bool) -> None:
        """Find the series named by `codes` (into the series column's widget) and the records at `keys`,
        (code, start year, end year), that exist (into `_existing`, by series id and years): one query
        each. `lock`: the records stay locked until the import writes (a lock needs a transaction)."""
        found = self.fields["series"].widget.found
        # Only the code besides the id: a row names its series by it, and a record prints it (__str__).
        for series in Series.objects.filter(code__in=set(codes) - found.keys() - {""}).only("code"):
            found[series.code] = series
        ids = {code: found[code].pk for code in codes if code in found}
        series_by_id = {found[code].pk: found[code] for code in ids}
        wanted = {(ids[code], start, end) for code, start, end in keys if code in ids}
        # By first year, the series that want it: a file's series have their data up to different years, so
        # every series with every year would read many records no row wants.
        series_by_start = defaultdict(set)
        for series, start, _end in wanted:
            series_by_start[start].add(series)
        match = Q()
        for start, series in series_by_start.items():
            match |= Q(series_id__in=series, start_year=start)  # start None: IS NULL
        records = self._meta.model.objects.filter(match).order_by()  # no join for the model's ordering
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


def widget_clean(widget, text):
    """The widget's value for a cell's text; its refusal (a ValueError) as the ValidationError that the
    import reports by row and column."""
    try:
        return widget.clean(text)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def remembered(clean):
    """`clean` (a cell's text to (attributes, text as exported), or a ValidationError) answering each text
    once: a file repeats the same periods, sources and notes on thousands of rows. The answer is
    (attributes, text, None), or (None, None, messages)."""
    answers = {}

    def answer(text):
        if text not in answers:
            try:
                answers[text] = (*clean(text), None)
            except ValidationError as error:
                answers[text] = (None, None, error.messages)
        return answers[text]

    return answer


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector off until the block ends (unless it was off already).

    An import of 100,000 rows keeps several hundred thousand objects alive until it ends (the file's rows,
    a result and a record for each); the collector's passes over them, which cannot free any, cost about as
    much as the import's own work. Nothing the import makes needs the collector to be freed.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cell_text(cell) -> str:
    """A cell as the widgets read it: text (an Excel sheet gives numbers as numbers), empty for none."""
    return cell if type(cell) is str else "" if cell is None else str(cell)


class ObservationResource(SeriesPeriodResource):
    """Observations, read by columns: files of them run to 100,000 rows (see `import_data_inner`)."""

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

    def import_data_inner(
        self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
    ):
        """The import without the library's work for each row, which costs about two bulk_creates of the
        rows on each of the admin's two steps (the check, then the confirmed import).

        A batch of `batch_rows` rows at a time finds its series and the records it may update in one query
        each (read_records); each distinct text of a column is checked once, as the model's field checks it
        (import_batch). The answer is the library's Result, a RowResult a row with its number, label and
        changes, and an InvalidRow naming each bad cell's column, so that the import page and folder_import
        read it as before. The records are written as SeriesPeriodResource writes them: at the end, only
        if no row was refused, and never on a dry run.
        """
        with collector_paused():
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            try:
                self.before_import(dataset, **kwargs)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
                return result
            result.total_rows = len(dataset)
            if collect_failed_rows:
                result.add_dataset_headers(dataset.headers)
            self._columns = {name: index for index, name in enumerate(self._headers)}
            self._period = remembered(self.period_clean)
            self._cleaners = [
                (
                    field,
                    remembered(
                        self.value_clean if field is self.fields["value"] else self.text_cleaner(field)
                    ),
                )
                for field in self.get_import_fields()
                if field.column_name not in ("series", "period")
            ]
            self._now = timezone.now()
            options = {
                "dry_run": dry_run,
                "raise_errors": raise_errors,
                "collect_failed_rows": collect_failed_rows,
            }
            lock = not dry_run and transaction.get_connection().in_atomic_block
            for start in range(0, len(self._rows), self.batch_rows):
                self.import_batch(
                    self._rows[start : start + self.batch_rows], start + 1, result, lock=lock, **options
                )
            self.write(self.create_instances, "+", dry_run=dry_run, raise_errors=raise_errors, result=result)
            self.write(self.update_instances, "~", dry_run=dry_run, raise_errors=raise_errors, result=result)
            if self.writes_allowed(dry_run, result):
                for row_result in result.rows:
                    if row_result.instance is not None:
                        row_result.object_id = row_result.instance.pk  # for the admin's log
            try:
                self.after_import(dataset, result, dry_run=dry_run, **kwargs)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            return result

    def import_batch(self, rows, first, result, *, lock, dry_run, raise_errors, collect_failed_rows) -> None:
        """Check `rows` (numbered from `first`) and add each one's RowResult to `result`; unless this is a dry
        run, gather the records to create and to update."""
        series_at, period_at = self._columns["series"], self._columns["period"]
        cells = []
        for row in rows:
            period_cell = cell_text(row[period_at])
            cells.append((cell_text(row[series_at]).strip(), period_cell, self._period(period_cell)))
        self.read_records(
            {code for code, _cell, _period in cells},
            {(code, *years) for code, _cell, (years, _text, _errors) in cells if years},
            lock=lock,
        )
        found = self.fields["series"].widget.found
        cleaners = [(field, clean, self._columns[field.column_name]) for field, clean in self._cleaners]
        for number, row, (code, period_cell, (years, _text, period_errors)) in zip(
            range(first, first + len(rows)), rows, cells, strict=True
        ):
            errors, values, shown = {}, {}, []
            series = found.get(code)
            if series is None:
                errors["series"] = [self.unknown_series(code)]
            if period_errors:
                errors["period"] = period_errors
            else:
                earlier = self._rows_seen.setdefault((code, *years), number)
                if earlier != number:
                    errors["period"] = [
                        _("Row %(row)s already gives this record; each may appear only once.")
                        % {"row": earlier}
                    ]
            for field, clean, at in cleaners:
                attributes, text, messages = clean(cell_text(row[at]))
                if messages:
                    errors[field.column_name] = messages
                else:
                    values.update(attributes)
                    shown.append((field, text))
            row_result = RowResult()
            row_result.number = number
            row_result.label = f"{code} {period_cell.strip()}".strip()
            row_result.changes = []
            if errors:
                self.refuse_row(
                    row,
                    number,
                    ValidationError(errors),
                    row_result,
                    result,
                    raise_errors,
                    collect_failed_rows,
                )
            else:
                self.import_values(series, years, values, shown, row_result, build=not dry_run)
            result.increment_row_result_total(row_result)
            result.append_row_result(row_result)

    def import_values(self, series, years, values, shown, row_result, *, build: bool) -> None:
        """A good row: new, changed or unchanged (or, without `overwrite`, kept as the database has it).
        With `build`, the record to create or update is gathered (and kept on the row's result)."""
        record = self._existing.get((series.pk, *years))
        if record is None:
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            self.differences.append(RowDifference(row_result.label, new=True))
            if build:
                start, end = years
                record = Observation(
                    series_id=series.pk, start_year=start, end_year=end, recorded_at=self._now, **values
                )
                Observation.series.field.set_cached_value(record, series)  # as series=series, but faster
                self.create_instances.append(record)
        else:
            changes = [
                (field.column_name, old, text)
                for field, text in shown
                if (old := field.export(record)) != text
            ]
            if not changes:
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
                return
            row_result.changes = changes
            difference = RowDifference(row_result.label, changes=changes)
            self.differences.append(difference)
            if not self.overwrite:
                self.kept.append(difference)
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
                return
            row_result.import_type = RowResult.IMPORT_TYPE_UPDATE
            if build:
                for name, value in values.items():
                    setattr(record, name, value)
                self.update_instances.append(record)
        self._touched.add(series.pk)
        if build:
            row_result.instance = record

    def refuse_row(self, row, number, error, row_result, result, raise_errors, collect_failed_rows) -> None:
        row_result.import_type = RowResult.IMPORT_TYPE_INVALID
        row_result.validation_error = error
        cells = dict(zip(self._headers, row, strict=True))
        result.append_invalid_row(number, cells, error)
        if collect_failed_rows:
            result.append_failed_row(cells, error)
        if raise_errors:
            raise exceptions.ImportError(error, number=number, row=cells)

    def unknown_series(self, code) -> str:
        if not code:
            return Observation._meta.get_field("series").error_messages["blank"]
        return _("Unknown %(model)s code “%(code)s”.") % {"model": Series._meta.verbose_name, "code": code}

    @staticmethod
    def period_clean(text):
        start, end = period_of(text)
        if not 1900 <= start <= end <= 2200:
            raise ValidationError(_("A period lies between the years 1900 and 2200."))
        return (start, end), text

    def value_clean(self, text):
        widget = self.fields["value"].widget
        number = widget_clean(widget, text)
        if number is None:
            raise ValidationError(_("A value is required."))
        number = Observation._meta.get_field("value").clean(number, None)
        decimals = decimals_of(number)
        return {"value": number, "decimals": decimals}, widget.render(as_printed(number, decimals))

    @staticmethod
    def text_cleaner(field):
        model_field = Observation._meta.get_field(field.attribute)

        def clean(text):
            value = model_field.clean(widget_clean(field.widget, text), None)
            return {field.attribute: value}, field.widget.render(value)

        return clean

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
