"""The admin framework both apps register their models with.

- HistoryAdmin: every change recorded by django-simple-history with an optional reason, and no silent
  overwrite when two administrators edit the same record at once.
- SpreadsheetAdmin: HistoryAdmin with spreadsheet import (administrators only) and export.
- TranslatedSpreadsheetAdmin: SpreadsheetAdmin for models with one column per language (modeltranslation).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import NotRegistered, translator

from .access import is_administrator
from .history_admin import ReadOnlyHistoryAdmin
from .imports import BoundedImportMixin


class HistoryAdminForm(forms.ModelForm):
    """Adds an optional reason for the history, and the revision the form was opened at (see HistoryAdmin)."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=200,
        help_text=_("Optional; shown in the history."),
    )
    revision = forms.CharField(required=False, widget=forms.HiddenInput)
    model_admin = None

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            self.model_admin.check_revision(self.instance, data.get("revision") or "")
        return data


class HistoryAdmin(ReadOnlyHistoryAdmin):
    """History on every change, with an optional reason; and no silent overwrite when two administrators edit
    the same record at once.

    The change form carries the time of the record's latest change (its own history and that of the related
    rows edited inline, named in `conflict_related`). If the record changed after the form was opened, saving
    is refused and the form lists who changed what meanwhile; the administrator reloads and reapplies.
    """

    conflict_related: list[str] = []

    form = HistoryAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.model_admin = self
        if obj is not None and "revision" in form.base_fields:  # not on the read-only history pages
            form.base_fields["revision"].initial = self.revision_of(obj)
        return form

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            # The admin's save runs in one transaction: lock the row until it ends, so that two saves cannot
            # both pass the revision check. (A separate query: the admin's own may be grouped, which cannot
            # be locked.)
            type(obj).objects.select_for_update().filter(pk=obj.pk).exists()
        return obj

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in ("change_reason", "revision")],
                },
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        if getattr(request, "history_read_only", False):
            return fieldsets  # an old version is only read
        return [*fieldsets, (_("About this change"), {"fields": ["change_reason", "revision"]})]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def history_sources(self, obj):
        """The historical querysets that together hold every change to `obj` made through its change form."""
        sources = [obj.history.all()]
        for name in self.conflict_related:
            manager = getattr(obj, name)
            sources.append(manager.model.history.filter(**{f"{manager.field.name}_id": obj.pk}))
        return sources

    def revision_of(self, obj) -> str:
        latest = [
            source.aggregate(latest=Max("history_date"))["latest"] for source in self.history_sources(obj)
        ]
        latest = [moment for moment in latest if moment]
        return max(latest).isoformat() if latest else ""

    def check_revision(self, obj, loaded: str) -> None:
        """Raise a ValidationError naming every change made since revision `loaded`, if there is any."""
        if self.revision_of(obj) == loaded:
            return
        since = datetime.datetime.fromisoformat(loaded) if loaded else None
        changes = []
        for source in self.history_sources(obj):
            records = source.select_related("history_user").order_by("history_date")
            for record in records.filter(history_date__gt=since) if since else records:
                changes.append(describe_change(record))
        raise ValidationError(
            [
                _(
                    "Someone else changed this record after you opened it. Nothing was saved; reload the "
                    "page to see the current version and make your change again."
                )
            ]
            + changes
        )


class SpreadsheetAdmin(BoundedImportMixin, ImportExportModelAdmin, HistoryAdmin):
    """HistoryAdmin with spreadsheet import (administrators only) and export."""

    def has_import_permission(self, request):
        return is_administrator(request.user) and super().has_import_permission(request)


class TranslatedSpreadsheetAdmin(SpreadsheetAdmin, TranslationAdmin):
    """SpreadsheetAdmin for a model with translated fields: one tab per language on its form."""


def translated_fields(model) -> set[str]:
    """The model's fields that modeltranslation keeps one column per language of (title -> title_en, …)."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def describe_change(record) -> str:
    """One line of history: when, who, and what."""
    names = {
        "who": record.history_user or _("the system"),
        "when": formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT"),
        "kind": record.instance._meta.verbose_name,
        "subject": record.instance,
        "reason": record.history_change_reason or "—",
    }
    if record.history_type == "+":
        return _("%(when)s: %(who)s added %(kind)s “%(subject)s” (reason: %(reason)s)") % names
    if record.history_type == "-":
        return _("%(when)s: %(who)s removed %(kind)s “%(subject)s” (reason: %(reason)s)") % names
    previous = record.prev_record
    # A translated field changes twice (title and title_en): name the language's own column only.
    translated = translated_fields(type(record.instance))
    fields = (
        [
            record.instance._meta.get_field(name).verbose_name
            for name in record.diff_against(previous).changed_fields
            if name not in translated
        ]
        if previous
        else []
    )
    names["fields"] = ", ".join(str(field) for field in fields) or _("nothing visible")
    return _("%(when)s: %(who)s changed %(fields)s of %(kind)s “%(subject)s” (reason: %(reason)s)") % names
