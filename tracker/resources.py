"""Spreadsheet columns for every model (django-import-export), as described in tracker/data/ta9036/FORMAT.md.

The admin's import and export, and `manage.py load_report`, all go through these resources, so what an export
writes, an import reads back unchanged.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export import fields

from core.resources import CodesWidget, CodeWidget, SpreadsheetResource
from indicators.models import Series

from .models import Action, ActionSeries, Agency, Category, ReasonCode, Status
from .services.updates import action_set_supporting_agencies, supporting_agencies_validate


class CategoryResource(SpreadsheetResource):
    class Meta:
        model = Category
        fields = ("code", "name_en", "name_zh_hans", "description_en", "description_zh_hans", "source")


class AgencyResource(SpreadsheetResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=CodeWidget(Agency))
    self_reference = "parent"

    class Meta:
        model = Agency
        fields = ("code", "name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans", "level", "parent")


class StatusResource(SpreadsheetResource):
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


class ReasonCodeResource(SpreadsheetResource):
    class Meta:
        model = ReasonCode
        fields = ("code", "name_en", "name_zh_hans", "description_en", "description_zh_hans", "order")


class SupportingAgenciesField(fields.Field):
    """Saved through the service, one row at a time, so that history records each change."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        try:
            action_set_supporting_agencies(action=instance, agencies=self.clean(row, **kwargs))
        except ValidationError as error:
            raise ValueError("; ".join(error.messages)) from None


class ActionResource(SpreadsheetResource):
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
        supporting_agencies_validate(lead_agency_id=instance.lead_agency_id, agencies=supporting)


class ActionSeriesResource(SpreadsheetResource):
    action = fields.Field(attribute="action", column_name="action", widget=CodeWidget(Action))
    series = fields.Field(attribute="series", column_name="series", widget=CodeWidget(Series))

    class Meta:
        model = ActionSeries
        fields = ("action", "series", "expected_effect_en", "expected_effect_zh_hans")
        import_id_fields = ("action", "series")

    def get_queryset(self):
        return ActionSeries.objects.select_related("action", "series")

    def get_instance(self, instance_loader, row):
        action = self.fields["action"].clean(row)
        series = self.fields["series"].clean(row)
        if action is None or series is None:
            return None
        return ActionSeries.objects.filter(Q(action=action) & Q(series=series)).first()
