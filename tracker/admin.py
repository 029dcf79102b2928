import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin

from .access import is_administrator
from .forms import StatusUpdateServiceMixin
from .models import (
    Action,
    ActionSeries,
    ActionSupport,
    Agency,
    Category,
    Membership,
    ReasonCode,
    Reminder,
    Status,
    StatusUpdate,
)
from .resources import (
    ActionResource,
    ActionSeriesResource,
    AgencyResource,
    CategoryResource,
    ReasonCodeResource,
    StatusResource,
)
from .services import action_set_supporting_agencies, status_update_create
from .uploads import validate_evidence_file

admin.site.site_header = _("Policy Tracker administration")
admin.site.site_title = _("Policy Tracker")
admin.site.index_title = _("Strategy data")


class TrackedModelForm(forms.ModelForm):
    """Adds an optional reason for the history, and the revision the form was opened at (see TrackerAdmin)."""

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
            self.model_admin.check_revision(self, data.get("revision") or "")
        return data


class TrackedAdmin(SimpleHistoryAdmin):
    """History on every change, with an optional reason; and no silent overwrite when two administrators edit
    the same record at once.

    The change form carries the time of the record's latest change (its own history and that of the related
    rows edited inline, named in `conflict_related`). If the record changed after the form was opened, saving
    is refused and the form lists who changed what meanwhile; the administrator reloads and reapplies.
    """

    conflict_related: list[str] = []

    form = TrackedModelForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.model_admin = self
        if obj is not None:
            form.base_fields["revision"].initial = self.revision_of(obj)
        return form

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

    def check_revision(self, form, loaded: str):
        obj = form.instance
        # Lock the row until the admin's transaction ends, so that two saves cannot both pass this check.
        type(obj).objects.select_for_update().filter(pk=obj.pk).exists()
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


class TrackerAdmin(ImportExportModelAdmin, TrackedAdmin):
    """TrackedAdmin with spreadsheet import (administrators only) and export."""

    def has_import_permission(self, request):
        return is_administrator(request.user) and super().has_import_permission(request)


class TranslatedAdmin(TrackerAdmin, TranslationAdmin):
    pass


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
    else:
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
        return (
            _("%(when)s: %(who)s changed %(fields)s of %(kind)s “%(subject)s” (reason: %(reason)s)") % names
        )


@admin.register(Category)
class CategoryAdmin(TranslatedAdmin):
    resource_classes = [CategoryResource]
    list_display = ["code", "name", "action_count", "source"]
    search_fields = ["code", "name_en", "name_zh_hans"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_action_count=Count("actions"))

    @admin.display(description=_("actions"), ordering="_action_count")
    def action_count(self, obj):
        return obj._action_count


@admin.register(Agency)
class AgencyAdmin(TranslatedAdmin):
    resource_classes = [AgencyResource]
    list_display = ["code", "name", "short_name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans"]
    autocomplete_fields = ["parent"]


@admin.register(Status)
class StatusAdmin(TranslatedAdmin):
    resource_classes = [StatusResource]
    list_display = ["name", "code", "colour", "default_progress", "needs_reason", "is_final", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_en", "name_zh_hans"]


@admin.register(ReasonCode)
class ReasonCodeAdmin(TranslatedAdmin):
    resource_classes = [ReasonCodeResource]
    list_display = ["name", "code", "order"]
    search_fields = ["code", "name_en", "name_zh_hans"]


class ActionSupportFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # self.instance carries the lead agency just entered on the action's form.
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if (
                not data.get("DELETE")
                and data.get("agency")
                and data["agency"].pk == self.instance.lead_agency_id
            ):
                form.add_error(
                    "agency", _("The lead agency cannot also be a supporting agency of the same action.")
                )


class ActionSupportInline(admin.TabularInline):
    model = ActionSupport
    formset = ActionSupportFormSet
    extra = 0
    autocomplete_fields = ["agency"]
    verbose_name = _("supporting agency")
    verbose_name_plural = _("supporting agencies")


class ActionSeriesInline(TranslationTabularInline):
    model = ActionSeries
    extra = 0
    autocomplete_fields = ["series"]


class StatusUpdateInline(admin.TabularInline):
    """The history of updates, read-only: updates are append-only."""

    model = StatusUpdate
    fk_name = "action"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["reported_on", "status", "progress", "author", "agency", "narrative", "corrects"]
    readonly_fields = fields
    ordering = ["-reported_on", "-created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("status", "author", "agency", "corrects__action", "corrects__status")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BulkStatusForm(forms.Form):
    status = forms.ModelChoiceField(label=_("Status"), queryset=Status.objects.all())
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Left empty, it is the chosen status’s default."),
    )
    reported_on = forms.DateField(
        label=_("Date of the update"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=ReasonCode.objects.all(), required=False)
    reason_text = forms.CharField(
        label=_("Reason details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@admin.register(Action)
class ActionAdmin(TranslatedAdmin):
    resource_classes = [ActionResource]
    conflict_related = ["supports", "series_links"]
    list_display = [
        "code",
        "short_title",
        "category__code",
        "lead_agency__code",
        "status",
        "progress",
        "due_date",
        "last_reported_on",
    ]
    list_display_links = ["code", "short_title"]
    list_filter = ["category", "status", "responsibility_basis", "lead_agency__level", "lead_agency"]
    list_select_related = ["category", "lead_agency", "status"]
    search_fields = ["code", "title_en", "title_zh_hans", "description_en", "description_zh_hans"]
    autocomplete_fields = ["category", "lead_agency"]
    readonly_fields = ["status", "progress", "last_reported_on"]
    inlines = [ActionSupportInline, ActionSeriesInline, StatusUpdateInline]
    fieldsets = [
        (None, {"fields": ["category", "code", "title", "description", "source_paragraphs"]}),
        (_("Responsibility"), {"fields": ["lead_agency", "responsibility_basis"]}),
        (_("Dates"), {"fields": ["start_date", "due_date"]}),
        (
            _("Current state (from the latest status update)"),
            {"fields": ["status", "progress", "last_reported_on"]},
        ),
    ]

    actions = ["set_status"]

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        # The full title is on the change page; the list stays narrow enough to show every column.
        return Truncator(obj.title).chars(60)

    @admin.action(description=_("Log a status update on the selected actions"), permissions=["change"])
    def set_status(self, request, queryset):
        """Record a status update on each selected action, through the same service as officials use."""
        if not is_administrator(request.user):
            raise PermissionDenied
        form = BulkStatusForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data
            problems = []
            with transaction.atomic():
                for action in queryset.select_related("lead_agency"):
                    try:
                        status_update_create(
                            action=action,
                            status=data["status"],
                            progress=data["status"].default_progress
                            if data["progress"] is None
                            else data["progress"],
                            reported_on=data["reported_on"],
                            narrative=data["narrative"],
                            author=request.user,
                            reason=data.get("reason"),
                            reason_text=data.get("reason_text") or "",
                        )
                    except ValidationError as error:
                        problems += [f"{action.code}: {message}" for message in error.messages]
                if problems:
                    transaction.set_rollback(True)
            if not problems:
                self.message_user(
                    request,
                    ngettext(
                        "Logged “%(status)s” on %(count)d action.",
                        "Logged “%(status)s” on %(count)d actions.",
                        len(queryset),
                    )
                    % {"status": data["status"], "count": len(queryset)},
                    messages.SUCCESS,
                )
                return None
            for problem in problems:
                form.add_error(None, problem)
        return TemplateResponse(
            request,
            "admin/tracker/action/set_status.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Log a status update on %(count)d actions") % {"count": len(queryset)},
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "media": self.media + form.media,
            },
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is ActionSupport:
            # Supporting agencies go through the service, which refuses the lead agency and records history.
            formset.save(commit=False)
            kept = [
                f.cleaned_data["agency"]
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            # ActionSupportFormSet.clean has refused the lead agency, so the service accepts this list.
            action_set_supporting_agencies(action=form.instance, agencies=kept)
            return
        super().save_formset(request, form, formset, change)


@admin.register(ActionSeries)
class ActionSeriesAdmin(TranslatedAdmin):
    resource_classes = [ActionSeriesResource]
    list_display = ["action", "series", "expected_effect"]
    list_select_related = ["action", "series"]
    list_filter = ["action__category"]
    search_fields = ["action__code", "series__code", "series__name_en"]
    autocomplete_fields = ["action", "series"]


class StatusUpdateAdminForm(StatusUpdateServiceMixin, forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = [
            "action",
            "status",
            "progress",
            "reported_on",
            "narrative",
            "evidence_url",
            "evidence_file",
            "reason",
            "reason_text",
            "corrects",
            "agency",
        ]

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_evidence_file(upload)  # the same checks as on the officials' form
        return upload

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("action") and data.get("status"):
            self.check_with_service(data["action"])
        return data


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    """Updates can be added (through the same service as officials use) and read, never edited or deleted."""

    form = StatusUpdateAdminForm

    list_display = ["action__code", "reported_on", "status", "progress", "author", "agency", "created_at"]
    list_display_links = ["action__code", "reported_on"]
    list_filter = ["status", "reported_on", "agency"]
    list_select_related = ["action", "status", "author", "agency"]
    search_fields = ["action__code", "narrative"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["action", "agency", "corrects"]
    fields = StatusUpdateAdminForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "author", "created_at"] if obj else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        update = status_update_create(
            action=data["action"], agency=data.get("agency"), author=request.user, **form.update_kwargs()
        )
        obj.pk = update.pk
        obj.refresh_from_db()


@admin.register(Membership)
class MembershipAdmin(TrackedAdmin):
    list_display = ["user", "agency"]
    list_select_related = ["user", "agency"]
    list_filter = ["agency"]
    search_fields = ["user__username", "agency__code", "agency__name_en"]
    autocomplete_fields = ["user", "agency"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What the reminder digests named: read-only, written by `manage.py send_reminders`."""

    list_display = ["sent_on", "user", "action", "reason"]
    list_filter = ["sent_on", "reason"]
    list_select_related = ["user", "action"]
    search_fields = ["user__username", "action__code"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]

    def has_change_permission(self, request, obj=None):
        # Administrators manage accounts, but a superuser's account (its password too) only another superuser.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Administrators manage accounts and roles; only a superuser may hand out superuser powers.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly
