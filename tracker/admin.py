from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .access import is_administrator
from .models import (
    Action,
    ActionSeries,
    ActionSupport,
    Agency,
    Category,
    Membership,
    ReasonCode,
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
from .services import action_set_supporting_agencies, status_update_create, status_update_validate

admin.site.site_header = _("Policy Tracker administration")
admin.site.site_title = _("Policy Tracker")
admin.site.index_title = _("Strategy data")


class TrackerAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Import and export for administrators only; history on every change."""

    def has_import_permission(self, request):
        return is_administrator(request.user) and super().has_import_permission(request)


class TranslatedAdmin(TrackerAdmin, TranslationAdmin):
    pass


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
    search_fields = ["code", "name_en", "name_zh_hans", "short_name"]
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


class ActionSupportInline(admin.TabularInline):
    model = ActionSupport
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
        return super().get_queryset(request).select_related("status", "author", "agency", "corrects")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(TranslatedAdmin):
    resource_classes = [ActionResource]
    list_display = [
        "code",
        "title",
        "category",
        "lead_agency",
        "status",
        "progress",
        "due_date",
        "last_reported_on",
    ]
    list_display_links = ["code", "title"]
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

    def save_formset(self, request, form, formset, change):
        if formset.model is ActionSupport:
            # Supporting agencies go through the service, which refuses the lead agency and records history.
            formset.save(commit=False)
            kept = [
                f.cleaned_data["agency"]
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                action_set_supporting_agencies(action=form.instance, agencies=kept)
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
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


class StatusUpdateAdminForm(forms.ModelForm):
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

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("action") and data.get("status"):
            try:
                status_update_validate(
                    action=data["action"],
                    status=data["status"],
                    progress=data.get("progress"),
                    reported_on=data.get("reported_on"),
                    narrative=data.get("narrative") or "",
                    reason=data.get("reason"),
                    reason_text=data.get("reason_text") or "",
                    corrects=data.get("corrects"),
                )
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages_)
        return data


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    """Updates can be added (through the same service as officials use) and read, never edited or deleted."""

    form = StatusUpdateAdminForm

    list_display = ["action", "reported_on", "status", "progress", "author", "agency", "created_at"]
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
            action=data["action"],
            status=data["status"],
            progress=data["progress"],
            reported_on=data["reported_on"],
            narrative=data["narrative"],
            author=request.user,
            agency=data.get("agency"),
            evidence_url=data.get("evidence_url") or "",
            evidence_file=data.get("evidence_file") or None,
            evidence_filename=getattr(data.get("evidence_file"), "name", "") or "",
            reason=data.get("reason"),
            reason_text=data.get("reason_text") or "",
            corrects=data.get("corrects"),
        )
        obj.pk = update.pk
        obj.refresh_from_db()


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "agency"]
    list_select_related = ["user", "agency"]
    list_filter = ["agency"]
    search_fields = ["user__username", "agency__code", "agency__name_en"]
    autocomplete_fields = ["user", "agency"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
