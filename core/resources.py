"""What every spreadsheet resource (django-import-export) shares: formula-safe exports, rows referring to
others by code, strict checks on import, rows that refer to a row of the same file read after it, and rows
that differ from the database either written or kept (and listed either way)."""

import dataclasses
from graphlib import CycleError, TopologicalSorter

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from import_export import resources, widgets

# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return as well,
# because some programs strip them and then see the character after).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a quote to text that a spreadsheet would run as a formula; other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    """Undo neutralise() on import, so that an exported file reads back unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key given by the related row's code, with a clear message when the code is unknown."""

    def __init__(self, model, field="code", **kwargs):
        super().__init__(model, field=field, **kwargs)
        # Rows found, by code: a file names the same few rows again and again. Each import has its own widgets
        # (the resource copies its fields), so nothing is kept from one import to the next. Codes not found
        # are not kept: an earlier row of the same file may create them.
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        if value in self.found:
            return self.found[value]
        try:
            self.found[value] = super().clean(value, row=row, **kwargs)
            return self.found[value]
        except self.model.DoesNotExist:
            raise ValueError(
                _("Unknown %(model)s code “%(code)s”.")
                % {"model": self.model._meta.verbose_name, "code": value}
            ) from None


class CodesWidget(widgets.ManyToManyWidget):
    """Several rows given by their codes separated by `;`; every code must exist."""

    def __init__(self, model, field="code", **kwargs):
        super().__init__(model, separator=";", field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        codes = [code.strip() for code in str(value or "").split(self.separator) if code.strip()]
        found = {
            getattr(obj, self.field): obj for obj in self.model.objects.filter(**{f"{self.field}__in": codes})
        }
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValueError(
                _("Unknown %(model)s code(s): %(codes)s.")
                % {"model": self.model._meta.verbose_name, "codes": ", ".join(unknown)}
            )
        return [found[code] for code in codes]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.render_list(value.all())

    def render_list(self, items) -> str:
        return self.separator.join(sorted(str(getattr(item, self.field)) for item in items))


class ISODateWidget(widgets.DateWidget):
    """A date; one that cannot be read is refused naming the format to write it in."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it as YYYY-MM-DD, such as 2024-12-31.") % {"value": value}
            ) from None


@dataclasses.dataclass
class ColumnHelp:
    """One column of an import, as the import page explains it."""

    name: str
    required: bool
    meaning: str
    form: str


@dataclasses.dataclass
class RowDifference:
    """A row of a file that would change a record: `label` names the record (its code), `changes` lists
    (column, value in the database, value in the file); a new record has no changes listed."""

    label: str
    new: bool = False
    changes: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)


class SpreadsheetResource(resources.ModelResource):
    """Neutralised exports, strict checks, unchanged rows skipped, parents before children.

    With `overwrite` (the admin's import, which shows every change before the administrator confirms), a row
    that differs from its record updates it. Without (`load_report`), the record is kept as it is: someone may
    have edited it since it was loaded. Either way the differences are listed in `differences`, and `kept`
    names the records left alone. `change_reason` goes into the history of every record written.
    """

    # Column holding a code that refers to another row of the same file (Agency.parent, Series.comparison).
    self_reference = None
    # Columns a file may leave out (added after files were written): a record keeps what it has in them.
    optional_columns: tuple[str, ...] = ()

    class Meta:  # the subclasses' Meta adds to these
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = True

    def __init__(self, *, overwrite: bool = True, change_reason: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.overwrite = overwrite
        self.change_reason = change_reason
        self.differences: list[RowDifference] = []
        self.kept: list[RowDifference] = []

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        widget = super().widget_from_django_field(f, default)
        return ISODateWidget if widget is widgets.DateWidget else widget

    def column_help(self) -> list[ColumnHelp]:
        """Every column the import reads: its name, whether a row must fill it, what it holds and how to
        write it. Worked out from the columns' widgets and the model's fields, so that it follows them."""
        return [self.column_help_for(field) for field in self.get_import_fields()]

    def column_help_for(self, field) -> ColumnHelp:
        try:
            model_field = self._meta.model._meta.get_field(field.attribute)
        except (FieldDoesNotExist, TypeError):
            model_field = None
        required = (
            field.attribute in self.get_import_id_fields() and not getattr(field, "optional", False)
        ) or bool(model_field is not None and not model_field.blank and not model_field.has_default())
        meaning = str(getattr(field, "help_meaning", ""))
        if model_field is not None:
            meaning = capfirst(str(model_field.verbose_name))
            if model_field.help_text:
                meaning = _("%(name)s: %(help)s") % {"name": meaning, "help": model_field.help_text}
        form = getattr(field, "help_form", None) or column_form(field.widget, model_field)
        return ColumnHelp(field.column_name, required, meaning, str(form))

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        # A number column holds numbers only (its widget refuses anything else), so -2.5 stays a number.
        return value if isinstance(field.widget, widgets.NumberWidget) else neutralise(value)

    def before_import(self, dataset, **kwargs):
        self._rows_seen = {}
        if self.change_reason is None:  # the history says where every record written came from
            name = kwargs.get("file_name")
            reason = _("Imported from %(file)s") % {"file": name} if name else _("Spreadsheet import")
            self.change_reason = Truncator(reason).chars(100)  # the history's column holds 100
        missing = [
            name
            for name in self.get_user_visible_fields_names()
            if name not in (dataset.headers or []) and name not in self.optional_columns
        ]
        if missing:
            del dataset[0 : len(dataset)]  # the library goes on to the rows after this error: leave it none
            # A plain exception: the import page prints its text as it is.
            raise ValueError(_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        for index, row in enumerate(dataset):
            cells = tuple(map(unneutralise, row))
            if cells != row:  # rewritten only where a cell changes: files run to many thousands of rows
                dataset[index] = cells
        if self.self_reference:
            parents_first(dataset, "code", self.self_reference)
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        self._row_changes = []
        super().before_import_row(row, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        # What the import page lists of each row (the library's HTML diff is not made: skip_html_diff).
        row_result.number = kwargs.get("row_number")
        row_result.label = self.row_label(row)
        row_result.changes = self._row_changes

    def row_key(self, row):
        """What identifies the row's record; two rows of one file must not share it."""
        return tuple(
            str(row.get(self.fields[name].column_name) or "").strip() for name in self.get_import_id_fields()
        )

    def import_instance(self, instance, row, **kwargs):
        key = self.row_key(row)
        first = self._rows_seen.setdefault(key, kwargs.get("row_number"))
        if first != kwargs.get("row_number"):
            column = self.fields[self.get_import_id_fields()[-1]].column_name
            raise ValidationError(
                {
                    column: _("Row %(row)s already gives this record; each may appear only once.")
                    % {"row": first}
                }
            )
        super().import_instance(instance, row, **kwargs)

    def get_import_fields(self):
        # Asked for every row (the library's import_instance): worked out once.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_user_visible_fields_names(self):
        return [field.column_name for field in self.get_import_fields()]

    def row_label(self, row) -> str:
        """The record a row gives, as people name it: its code, or the codes that identify it."""
        cells = (
            str(row.get(self.fields[name].column_name) or "").strip() for name in self.get_import_id_fields()
        )
        return " ".join(cell for cell in cells if cell)

    def row_changes(self, instance, original, row) -> list[tuple[str, str, str]]:
        """(column, value in the database, value in the file) for every column where the two differ, each
        written as in a spreadsheet."""
        changes = []
        for field in self.get_import_fields():
            if field.readonly:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                # Not set on the instance before it is saved: read from the row.
                old = field.widget.render(field.get_value(original))
                new = field.widget.render_list(field.clean(row))
            else:
                old, new = field.export(original), field.export(instance)
            if str(old) != str(new):
                changes.append((field.column_name, str(old), str(new)))
        return changes

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False  # reported by validate_instance
        if original is None or original.pk is None:
            self.differences.append(RowDifference(self.row_label(row), new=True))
            return False
        changes = self.row_changes(instance, original, row)
        if not changes:
            return True
        self._row_changes = changes
        difference = RowDifference(self.row_label(row), changes=changes)
        self.differences.append(difference)
        if self.overwrite:
            return False
        # Kept as it is, but a row that could not be imported is still refused: the file must be right.
        self.validate_instance(instance)
        self.kept.append(difference)
        return True

    def save_instance(self, instance, is_create, row, **kwargs):
        instance._change_reason = self.change_reason
        super().save_instance(instance, is_create, row, **kwargs)


def parents_first(dataset, key, reference):
    """Reorder rows so that a row whose `reference` names another row's `key` comes after that row.

    Rows in a circle keep their order: the import then reports the code it cannot find yet.
    """
    rows = list(dataset.dict)
    position = {row[key]: index for index, row in enumerate(rows)}
    sorter = TopologicalSorter()
    for index in range(len(rows)):  # every row first, so that rows already in order keep it
        sorter.add(index)
    for index, row in enumerate(rows):
        parent = position.get(row.get(reference))
        if parent is not None and parent != index:
            sorter.add(index, parent)
    try:
        ordered = list(sorter.static_order())
    except CycleError:
        return
    if ordered != list(range(len(rows))):
        data = [tuple(rows[index][header] for header in dataset.headers) for index in ordered]
        headers = dataset.headers
        dataset.wipe()
        dataset.headers = headers
        for row in data:
            dataset.append(row)


def column_form(widget, model_field) -> str:
    """How a column's cells are written, with an example."""
    if isinstance(widget, CodesWidget):
        return _("Codes of %(model)s, separated by ; such as A;B") % {
            "model": widget.model._meta.verbose_name_plural
        }
    if isinstance(widget, widgets.ForeignKeyWidget):
        return _("The code of the %(model)s") % {"model": widget.model._meta.verbose_name}
    if isinstance(widget, widgets.DateWidget):
        return _("A date as YYYY-MM-DD, such as 2024-12-31")
    if isinstance(widget, widgets.BooleanWidget):
        return _("1 for yes, 0 for no")
    if model_field is not None and model_field.choices:
        return _("One of: %(values)s") % {
            "values": ", ".join(str(value) for value, _label in model_field.flatchoices)
        }
    if isinstance(widget, widgets.IntegerWidget):
        return _("A whole number, such as 10")
    if isinstance(widget, widgets.NumberWidget):
        return _("A number, such as 12.5 (no thousands separators)")
    if model_field is not None and getattr(model_field, "max_length", None):
        return _("Text, at most %(count)d characters") % {"count": model_field.max_length}
    return _("Text")
