"""The filters of the action list (django-filter). Every filter lives in the query string."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Action, Agency, Category, Status

NO_UPDATE = "none"


def status_choices():
    return [(status.code, status.name) for status in Status.objects.all()] + [(NO_UPDATE, _("No update yet"))]


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Code, title or description."),
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        # The query string carries codes (?category=2), so the lookup must compare codes too.
        field_name="category__code",
        to_field_name="code",
        distinct=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=status_choices,
        method="filter_status",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=Agency.objects.all(),
        to_field_name="code",
        method="filter_agency",
        empty_label=_("Any agency"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    role = django_filters.ChoiceFilter(
        label=_("As"),
        choices=[("any", _("Lead or supporting")), ("lead", _("Lead")), ("supporting", _("Supporting"))],
        method="filter_role",
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    stale = django_filters.NumberFilter(
        label=_("No update in the last … days"),
        method="filter_stale",
        min_value=1,
        max_value=36500,
        help_text=_("Open actions only; actions never updated count too."),
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 1}),
    )
    due_after = django_filters.DateFilter(
        label=_("Due on or after"),
        field_name="due_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    due_before = django_filters.DateFilter(
        label=_("Due on or before"),
        field_name="due_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    class Meta:
        model = Action
        fields = ()

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_status(self, queryset, name, value):
        codes = [code for code in value if code != NO_UPDATE]
        query = Q(status__code__in=codes)
        if NO_UPDATE in value:
            query |= Q(status__isnull=True)
        return queryset.filter(query)

    def filter_agency(self, queryset, name, value):
        return queryset.for_agency(value, role=self.form.cleaned_data.get("role") or "any")

    def filter_role(self, queryset, name, value):
        return queryset  # read by filter_agency

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_stale(self, queryset, name, value):
        return queryset.stale(int(value))
