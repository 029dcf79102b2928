"""Spreadsheet columns for every model (django-import-export), as described in tracker/data/ta9036/FORMAT.md.

The admin's import and export, and `manage.py load_report`, all go through these resources, so what an export
writes, an import reads back unchanged.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields

from core.resources import CodesWidget, CodeWidget, SpreadsheetResource
from indicators.models import Series

from .models import Action, ActionSeries, Agency, Category, ReasonCode, Status, Strategy
from .services.figures import figures_recount
from .services.updates import action_set_supporting_agencies, supporting_agencies_validate


class StrategyResource(SpreadsheetResource):
    class Meta:
        model = Strategy
        fields = (
            "code",
            "title_en",
            "title_zh_hans",
            "short_title_en",
            "short_title_zh_hans",
            "publisher_en",
            "publisher_zh_hans",
            "published_on",
            "period_start",
            "period_end",
            "source_document",
            "description_en",
            "description_zh_hans",
        )


class StrategyCodeWidget(CodeWidget):
    """A category or action given by its code, looked up within the row's strategy."""

    def get_lookup_kwargs(self, value, row, **kwargs):
        return {self.field: value, "strategy__code": row.get("strategy")}

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            code = str(value).strip()
            raise ValueError(
                _("Unknown %(model)s code “%(code)s” in strategy %(strategy)s.")
                % {"model": self.model._meta.verbose_name, "code": code, "strategy": row.get("strategy")}
            ) from None


class StrategyScopedResource(SpreadsheetResource):
    """Rows of one strategy, whose codes are unique within it (categories, actions and their series).

    The strategy is a `strategy` column, or the one the import was given (a folder's strategy.csv, or the
    choice on the admin's import form), which then applies to every row: a row naming another is refused.
    """

    strategy = fields.Field(attribute="strategy", column_name="strategy", widget=CodeWidget(Strategy))

    def __init__(self, *, strategy: Strategy | None = None, **kwargs):
        super().__init__(**kwargs)
        self.strategy = strategy

    def before_import(self, dataset, **kwargs):
        if dataset.headers and "strategy" not in dataset.headers:
            code = self.strategy.code if self.strategy else ""
            dataset.append_col([code] * len(dataset), header="strategy")
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        given = str(row.get("strategy") or "").strip()
        if self.strategy is not None:
            if given and given != self.strategy.code:
                raise ValidationError(
                    {
                        "strategy": _("This import is for strategy %(chosen)s, not %(given)s.")
                        % {"chosen": self.strategy.code, "given": given}
                    }
                )
            given = self.strategy.code
        elif not given:
            raise ValidationError(
                {
                    "strategy": _(
                        "Name the strategy: fill in this column, or choose the strategy on the import form."
                    )
                }
            )
        row["strategy"] = given
        super().before_import_row(row, **kwargs)

    def column_help_for(self, field):
        column = super().column_help_for(field)
        if field.column_name == "strategy":
            column.required = False
            column.meaning = _(
                "The strategy the row belongs to. Leave the column out, or empty, to use the strategy chosen "
                "on this page."
            )
        return column

    def row_label(self, row) -> str:
        label = super().row_label(row)
        # Within one strategy's import, the strategy goes without saying.
        prefix = f"{row.get('strategy')} "
        return label.removeprefix(prefix) if self.strategy is not None else label


class CategoryResource(StrategyScopedResource):
    class Meta:
        model = Category
        fields = (
            "strategy",
            "code",
            "name_en",
            "name_zh_hans",
            "description_en",
            "description_zh_hans",
            "source",
        )
        import_id_fields = ("strategy", "code")

    def get_queryset(self):
        return Category.objects.select_related("strategy")


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
            "outcome",
            "min_progress",
            "default_progress",
            "max_progress",
            "colour",
            "icon",
            "needs_reason",
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
            action_set_supporting_agencies(
                action=instance,
                agencies=self.clean(row, **kwargs),
                change_reason=getattr(instance, "_change_reason", None),
            )
        except ValidationError as error:
            raise ValueError("; ".join(error.messages)) from None


class ActionResource(StrategyScopedResource):
    category = fields.Field(attribute="category", column_name="category", widget=StrategyCodeWidget(Category))
    lead_agency = fields.Field(attribute="lead_agency", column_name="lead_agency", widget=CodeWidget(Agency))
    supporting_agencies = SupportingAgenciesField(
        attribute="supporting_agencies", column_name="supporting_agencies", widget=CodesWidget(Agency)
    )

    class Meta:
        model = Action
        fields = (
            "strategy",
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
        import_id_fields = ("strategy", "code")

    def get_queryset(self):
        return Action.objects.select_related("strategy", "category", "lead_agency").prefetch_related(
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

    def after_import(self, dataset, result, **kwargs):
        # Rows may have moved actions between categories or changed due dates: count the figures of the
        # strategy's categories (of every strategy, without one) again, in the import's transaction.
        super().after_import(dataset, result, **kwargs)
        categories = Category.objects.filter(strategy=self.strategy) if self.strategy else None
        figures_recount(categories=categories)


class ActionSeriesResource(StrategyScopedResource):
    # The action's strategy, which says where to look its code up; the link itself has none.
    strategy = fields.Field(
        attribute="action__strategy", column_name="strategy", widget=CodeWidget(Strategy), readonly=True
    )
    action = fields.Field(attribute="action", column_name="action", widget=StrategyCodeWidget(Action))
    series = fields.Field(attribute="series", column_name="series", widget=CodeWidget(Series))

    class Meta:
        model = ActionSeries
        fields = ("strategy", "action", "series", "expected_effect_en", "expected_effect_zh_hans")
        import_id_fields = ("strategy", "action", "series")

    def get_queryset(self):
        return ActionSeries.objects.select_related("action__strategy", "series")

    def get_instance(self, instance_loader, row):
        action = self.fields["action"].clean(row)
        series = self.fields["series"].clean(row)
        if action is None or series is None:
            return None
        return ActionSeries.objects.filter(Q(action=action) & Q(series=series)).first()
