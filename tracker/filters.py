"""The filters of the action lists (django-filter). Every filter lives in the query string."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import FALLBACK_LANGUAGES
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .models import Action, Agency, Category, Status, Strategy

NO_UPDATE = "none"


class QuickSelect(forms.Select):
    """A select whose options are written in one pass rather than through a template each: the agency filter
    offers every agency (hundreds) on every request of the action list. Same HTML as forms.Select."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "\n".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in selected else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attrs, mark_safe(options))  # noqa: S308


def status_choices():
    return [(status.code, status.name) for status in Status.objects.all()] + [(NO_UPDATE, _("No update yet"))]


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose inputs are written directly rather than through Django's input template each (a
    dozen categories and statuses on every request of the action list). Same HTML as the template."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name or context["widget"].get("wrap_label"):
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        attrs = "".join(
            f" {name}" if value is True else f' {name}="{escape(value)}"'
            for name, value in widget["attrs"].items()
            if value is not False
        )
        return mark_safe(f'<input type="{widget["type"]}" name="{escape(widget["name"])}"{value}{attrs}>')  # noqa: S308


class AgencyChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The agencies as (code, name) values rather than model instances, of which the filter would make
    hundreds on every request (the name in the page's language, as Agency.__str__ gives it)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # Each language's column, the first one filled in the page's language's fallback order (as
        # modeltranslation resolves `name`, without its per-row cost).
        languages = resolution_order(get_language(), FALLBACK_LANGUAGES)
        columns = [build_localized_fieldname("name", language) for language in languages]
        for key, *names in self.queryset.values_list(self.field.to_field_name, *columns):
            yield key, next((name for name in names if name), "")


class AgencyChoiceField(django_filters.fields.ModelChoiceField):
    iterator = AgencyChoiceIterator


class AgencyFilter(django_filters.ModelChoiceFilter):
    field_class = AgencyChoiceField


class ActionFilter(django_filters.FilterSet):
    """The filters of a strategy's action list (given `strategy`) and of the list of every strategy's actions,
    which adds a strategy filter. Categories belong to one strategy: the category filter is offered when the
    list shows one strategy's actions."""

    strategy = django_filters.ModelMultipleChoiceFilter(
        label=_("Strategy"),
        queryset=Strategy.objects.all(),
        field_name="strategy__code",
        to_field_name="code",
        distinct=False,
        widget=QuickCheckboxes(attrs={"class": "form-check-input"}),
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Code, title or description."),
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.none(),  # the categories of the strategy shown; see __init__
        # The query string carries codes (?category=2), so the lookup must compare codes too.
        field_name="category__code",
        to_field_name="code",
        distinct=False,
        widget=QuickCheckboxes(attrs={"class": "form-check-input"}),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=status_choices,
        method="filter_status",
        widget=QuickCheckboxes(attrs={"class": "form-check-input"}),
    )
    agency = AgencyFilter(
        label=_("Agency"),
        queryset=Agency.objects.all(),
        to_field_name="code",
        method="filter_agency",
        empty_label=_("Any agency"),
        widget=QuickSelect(attrs={"class": "form-select"}),
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

    def __init__(self, data=None, queryset=None, *, request=None, strategy=None):
        super().__init__(data, queryset, request=request)
        self.strategy = strategy
        if strategy is not None:
            del self.filters["strategy"]  # the page's own
            self.queryset = self.queryset.filter(strategy=strategy)
        else:
            strategy = self.only_strategy()
        self.category_strategy = strategy
        self.filters["category"].queryset = (
            strategy.categories.all() if strategy is not None else Category.objects.none()
        )

    def only_strategy(self):
        """The one strategy the list shows: the only one chosen in the strategy filter, or the only one."""
        codes = self.data.getlist("strategy") if hasattr(self.data, "getlist") else []
        chosen = Strategy.objects.filter(code__in=codes) if codes else Strategy.objects.all()
        strategies = list(chosen[:2])
        return strategies[0] if len(strategies) == 1 else None

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
