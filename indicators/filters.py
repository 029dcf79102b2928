"""The filters of the series list (django-filter); the open-data exports take the same query string."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Series, SeriesDirection, stale_since_year
from .progress import Progress


def geography_choices():
    return [
        (name, name)
        for name in Series.objects.order_by("geography").values_list("geography", flat=True).distinct()
    ]


class SeriesFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Code or name."),
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    geography = django_filters.ChoiceFilter(
        label=_("Geography"),
        choices=geography_choices,
        empty_label=_("Any geography"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    direction = django_filters.ChoiceFilter(
        label=_("Desired direction"),
        choices=SeriesDirection.choices,
        empty_label=_("Any direction"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    progress = django_filters.ChoiceFilter(
        label=_("Progress"),
        choices=Progress.choices,
        empty_label=_("Any progress"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    stale = django_filters.BooleanFilter(
        label=_("Only series without recent figures"),
        method="filter_stale",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Series
        fields = ["q", "geography", "direction", "progress", "stale"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name_en__icontains=value) | Q(name_zh_hans__icontains=value)
        )

    def filter_stale(self, queryset, name, value):
        return queryset.stale(stale_since_year()) if value else queryset
