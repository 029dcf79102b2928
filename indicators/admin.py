from django.contrib import admin

from tracker.admin import TrackerAdmin, TranslatedAdmin

from .models import Observation, Series
from .resources import ObservationResource, SeriesResource


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = ["start_year", "end_year", "value", "decimals", "source_ref", "note"]


@admin.register(Series)
class SeriesAdmin(TranslatedAdmin):
    resource_classes = [SeriesResource]
    conflict_related = ["observations"]
    list_display = ["code", "name", "geography", "unit", "frequency", "direction", "comparison"]
    list_filter = ["frequency", "direction"]
    list_select_related = ["comparison"]
    search_fields = ["code", "name_en", "name_zh_hans", "geography_en", "source"]
    autocomplete_fields = ["comparison"]
    inlines = [ObservationInline]


@admin.register(Observation)
class ObservationAdmin(TrackerAdmin):
    resource_classes = [ObservationResource]
    list_display = ["series", "period", "display_value", "source_ref", "note"]
    list_filter = ["series"]
    list_select_related = ["series"]
    search_fields = ["series__code", "series__name_en", "source_ref", "note"]
    autocomplete_fields = ["series"]
