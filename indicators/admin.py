from django import forms
from django.contrib import admin

from core.admin import HistoryAdminForm, SpreadsheetAdmin, TranslatedSpreadsheetAdmin

from .models import Observation, Series, decimals_of
from .resources import ObservationResource, SeriesResource


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


@admin.register(Series)
class SeriesAdmin(TranslatedSpreadsheetAdmin):
    resource_classes = [SeriesResource]
    conflict_related = ["observations"]
    list_display = ["code", "name", "geography", "unit", "frequency", "direction", "comparison"]
    list_filter = ["frequency", "direction"]
    list_select_related = ["comparison"]
    search_fields = ["code", "name_en", "name_zh_hans", "geography_en", "source"]
    autocomplete_fields = ["comparison"]
    inlines = [ObservationInline]


@admin.register(Observation)
class ObservationAdmin(SpreadsheetAdmin):
    resource_classes = [ObservationResource]
    form = ObservationAdminForm
    list_display = ["series", "period", "display_value", "source_ref", "note"]
    list_filter = ["series"]
    list_select_related = ["series"]
    search_fields = ["series__code", "series__name_en", "source_ref", "note"]
    autocomplete_fields = ["series"]
