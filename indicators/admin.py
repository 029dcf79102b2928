from django import forms
from django.contrib import admin

from core.admin import HistoryAdminForm, SpreadsheetAdmin, TranslatedSpreadsheetAdmin

from .models import Observation, ObservationVintage, Series, Target, decimals_of
from .resources import ObservationResource, SeriesResource, TargetResource
from .services import observation_save, series_progress_refresh


class ObservationForm(forms.ModelForm):
    """The figure is shown and kept as typed: 12.50 stays 12.50 (its decimals are remembered)."""

    class Meta:
        model = Observation
        fields = ["series", "start_year", "end_year", "value", "source_ref", "note"]
        widgets = {
            "start_year": forms.NumberInput(attrs={"size": 5, "class": "vIntegerField"}),
            "end_year": forms.NumberInput(attrs={"size": 5, "class": "vIntegerField"}),
            "source_ref": forms.TextInput(attrs={"size": 16}),
            "note": forms.TextInput(attrs={"size": 30}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["value"] = self.instance.display_value
        if "value" in self.fields:  # read-only for staff who may only view
            # 12.5 and 12.50 are equal numbers but different figures: compare what was typed, so that an
            # inline row whose only change is its printed decimals is still saved.
            self.fields["value"].has_changed = lambda initial, data: (
                str(initial or "") != str(data or "").strip()
            )

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None:
            self.instance.decimals = decimals_of(value)
        return value


class ObservationAdminForm(ObservationForm, HistoryAdminForm):
    pass


class ObservationInline(admin.TabularInline):
    model = Observation
    form = ObservationForm
    extra = 0
    fields = ["start_year", "end_year", "value", "source_ref", "note"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["start_year", "end_year", "value", "low", "high", "source", "note"]


class VintageInline(admin.TabularInline):
    """Earlier values are kept by the service when a value is revised; nobody edits them."""

    model = ObservationVintage
    extra = 0
    fields = ["display_value", "source_ref", "note", "recorded_at", "replaced_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProgressRefreshAdmin:
    """Saves and deletions here change a series' observations or targets: its stored progress follows."""

    def progress_series_ids(self, obj) -> set:
        return {obj.series_id}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        series_progress_refresh(series_ids=self.progress_series_ids(form.instance))

    def delete_model(self, request, obj):
        ids = self.progress_series_ids(obj)
        super().delete_model(request, obj)
        series_progress_refresh(series_ids=ids)

    def delete_queryset(self, request, queryset):
        ids = set(queryset.values_list("series", flat=True))
        super().delete_queryset(request, queryset)
        series_progress_refresh(series_ids=ids)


@admin.register(Series)
class SeriesAdmin(ProgressRefreshAdmin, TranslatedSpreadsheetAdmin):
    resource_classes = [SeriesResource]
    conflict_related = ["observations", "targets"]
    list_display = ["code", "name", "geography", "unit", "frequency", "direction", "progress", "comparison"]
    list_filter = ["frequency", "direction", "progress"]
    list_select_related = ["comparison"]
    search_fields = ["code", "name_en", "name_zh_hans", "geography_en", "source"]
    autocomplete_fields = ["comparison"]
    readonly_fields = ["progress"]  # worked out by the tracker (indicators.services.series_progress_refresh)
    inlines = [TargetInline, ObservationInline]

    def progress_series_ids(self, obj):
        return {obj.pk}

    def delete_queryset(self, request, queryset):
        queryset.delete()  # nothing is left to assess

    def save_formset(self, request, form, formset, change):
        if formset.model is Observation:
            # Each observation through the service, so that a revised value keeps the one it replaces.
            for observation in formset.save(commit=False):
                observation_save(observation=observation, refresh=False)
            for observation in formset.deleted_objects:
                observation.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Observation)
class ObservationAdmin(ProgressRefreshAdmin, SpreadsheetAdmin):
    resource_classes = [ObservationResource]
    form = ObservationAdminForm
    list_display = ["series", "period", "display_value", "source_ref", "note", "recorded_at"]
    list_filter = ["series"]
    list_select_related = ["series"]
    search_fields = ["series__code", "series__name_en", "source_ref", "note"]
    autocomplete_fields = ["series"]
    inlines = [VintageInline]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        # The service refreshes the series the observation was in as well, should it have moved.
        observation_save(observation=obj)


@admin.register(Target)
class TargetAdmin(ProgressRefreshAdmin, SpreadsheetAdmin):
    resource_classes = [TargetResource]
    list_display = ["series", "period", "figure", "source", "note"]
    list_filter = ["series"]
    list_select_related = ["series"]
    search_fields = ["series__code", "series__name_en", "source", "note"]
    autocomplete_fields = ["series"]
