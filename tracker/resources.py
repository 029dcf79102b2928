"""Spreadsheet columns for every model (django-import-export), as described in tracker/data/ta9036/FORMAT.md.

The admin's import and export, and `manage.py load_report`, all go through these resources, so what an export
writes, an import reads back unchanged.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import Action, ActionSeries, Agency, Category, ReasonCode, Status

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


class PlainDecimalWidget(widgets.Widget):
    """Decimals written as plain numbers: no thousands separators, no locale, no trailing zeros added."""

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

    def __init__(self, *, as_given=False, **kwargs):
        # as_given: the value already carries the digits to print (Observation's figure as printed).
        self.as_given = as_given
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        from indicators.models import as_printed

        if value is None:
            return ""
        return format(value if self.as_given else as_printed(value, None), "f")


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key given by the related row's code, with a clear message when the code is unknown."""

    def __init__(self, model, field="code", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        try:
            return super().clean(value, row=row, **kwargs)
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
        return self.separator.join(sorted(str(getattr(item, self.field)) for item in value.all()))


class TrackerResource(resources.ModelResource):
    """Shared: neutralised exports, strict checks, unchanged rows skipped, parents before children."""

    # Column holding a code that refers to another row of the same file (Agency.parent, Series.comparison).
    self_reference = None

    class Meta:  # the subclasses' Meta adds to these
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        # A number column holds numbers only (its widget refuses anything else), so -2.5 stays a number.
        numeric = isinstance(field.widget, PlainDecimalWidget | widgets.IntegerWidget)
        return value if numeric else neutralise(value)

    def before_import(self, dataset, **kwargs):
        self._rows_seen = {}
        missing = [
            name for name in self.get_user_visible_fields_names() if name not in (dataset.headers or [])
        ]
        if missing:
            del dataset[0 : len(dataset)]  # the library goes on to the rows after this error: leave it none
            # A plain exception: the import page prints its text as it is.
            raise ValueError(_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        for index, row in enumerate(dataset.dict):
            dataset[index] = tuple(unneutralise(row[header]) for header in dataset.headers)
        if self.self_reference:
            _parents_first(dataset, "code", self.self_reference)
        super().before_import(dataset, **kwargs)

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

    def get_user_visible_fields_names(self):
        return [field.column_name for field in self.get_import_fields()]


def _parents_first(dataset, key, reference):
    """Reorder rows so that a row whose `reference` names another row's `key` comes after that row."""
    rows = list(dataset.dict)
    position = {row[key]: index for index, row in enumerate(rows)}
    ordered, seen = [], set()

    def visit(index, trail=()):
        if index in seen or index in trail:
            return
        parent = rows[index].get(reference)
        if parent in position:
            visit(position[parent], (*trail, index))
        seen.add(index)
        ordered.append(index)

    for index in range(len(rows)):
        visit(index)
    if ordered != list(range(len(rows))):
        data = [tuple(rows[index][header] for header in dataset.headers) for index in ordered]
        headers = dataset.headers
        dataset.wipe()
        dataset.headers = headers
        for row in data:
            dataset.append(row)


class CategoryResource(TrackerResource):
    class Meta:
        model = Category
        fields = ("code", "name_en", "name_zh_hans", "description_en", "description_zh_hans", "source")


class AgencyResource(TrackerResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=CodeWidget(Agency))
    self_reference = "parent"

    class Meta:
        model = Agency
        fields = ("code", "name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans", "level", "parent")


class StatusResource(TrackerResource):
    class Meta:
        model = Status
        fields = (
            "code",
            "name_en",
            "name_zh_hans",
            "definition_en",
            "definition_zh_hans",
            "default_progress",
            "colour",
            "needs_reason",
            "is_final",
            "order",
        )


class ReasonCodeResource(TrackerResource):
    class Meta:
        model = ReasonCode
        fields = ("code", "name_en", "name_zh_hans", "description_en", "description_zh_hans", "order")


class SupportingAgenciesField(fields.Field):
    """Saved through the service, one row at a time, so that history records each change."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        from .services import action_set_supporting_agencies

        try:
            action_set_supporting_agencies(action=instance, agencies=self.clean(row, **kwargs))
        except ValidationError as error:
            raise ValueError("; ".join(error.messages)) from None


class ActionResource(TrackerResource):
    category = fields.Field(attribute="category", column_name="category", widget=CodeWidget(Category))
    lead_agency = fields.Field(attribute="lead_agency", column_name="lead_agency", widget=CodeWidget(Agency))
    supporting_agencies = SupportingAgenciesField(
        attribute="supporting_agencies", column_name="supporting_agencies", widget=CodesWidget(Agency)
    )

    class Meta:
        model = Action
        fields = (
            "code",
            "category",
            "title_en",
            "title_zh_hans",
            "description_en",
            "description_zh_hans",
            "source_paragraphs",
            "start_date",
            "due_date",
            "lead_agency",
            "supporting_agencies",
            "responsibility_basis",
        )

    def get_queryset(self):
        return Action.objects.select_related("category", "lead_agency").prefetch_related(
            "supporting_agencies"
        )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # The supporting agencies are saved after the action; check them now, so that a bad code is reported
        # against its column like any other, before anything is written.
        try:
            supporting = self.fields["supporting_agencies"].clean(row)
        except ValueError as error:
            raise ValidationError({"supporting_agencies": str(error)}) from None
        if instance.lead_agency_id and instance.lead_agency in supporting:
            raise ValidationError(
                {
                    "supporting_agencies": _(
                        "The lead agency cannot also be a supporting agency of the same action."
                    )
                }
            )


class ActionSeriesResource(TrackerResource):
    action = fields.Field(attribute="action", column_name="action", widget=CodeWidget(Action))
    series = fields.Field(attribute="series", column_name="series", widget=None)

    class Meta:
        model = ActionSeries
        fields = ("action", "series", "expected_effect_en", "expected_effect_zh_hans")
        import_id_fields = ("action", "series")

    def __init__(self, **kwargs):
        from indicators.models import Series

        super().__init__(**kwargs)
        self.fields["series"].widget = CodeWidget(Series)

    def get_queryset(self):
        return ActionSeries.objects.select_related("action", "series")

    def get_instance(self, instance_loader, row):
        action = self.fields["action"].clean(row)
        series = self.fields["series"].clean(row)
        if action is None or series is None:
            return None
        return ActionSeries.objects.filter(Q(action=action) & Q(series=series)).first()
