"""The tracker's models in the admin. The history, edit-conflict and spreadsheet framework is core.admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TranslationTabularInline

from core.access import is_administrator
from core.admin import HistoryAdmin, TranslatedSpreadsheetAdmin
from core.changelist import SafeChangeListMixin
from core.history_admin import ReadOnlyHistoryAdmin

from .forms import StatusUpdateFields, StatusUpdateServiceMixin
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
from .services.updates import (
    action_set_supporting_agencies,
    status_update_create,
    status_update_create_many,
    supporting_agencies_validate,
)
from .uploads import validate_evidence_file

LATEST_UPDATES_SHOWN = 10

admin.site.site_header = _("Policy Tracker administration")
admin.site.site_title = _("Policy Tracker")
admin.site.index_title = _("Strategy data")


@admin.register(Category)
class CategoryAdmin(TranslatedSpreadsheetAdmin):
    resource_classes = [CategoryResource]
    list_display = ["code", "name", "action_count", "source"]
    search_fields = ["code", "name_en", "name_zh_hans"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_action_count=Count("actions"))

    @admin.display(description=_("actions"), ordering="_action_count")
    def action_count(self, obj):
        return obj._action_count


@admin.register(Agency)
class AgencyAdmin(TranslatedSpreadsheetAdmin):
    resource_classes = [AgencyResource]
    list_display = ["code", "name", "short_name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans"]
    autocomplete_fields = ["parent"]


@admin.register(Status)
class StatusAdmin(TranslatedSpreadsheetAdmin):
    resource_classes = [StatusResource]
    list_display = ["name", "code", "colour", "default_progress", "needs_reason", "is_final", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_en", "name_zh_hans"]


@admin.register(ReasonCode)
class ReasonCodeAdmin(TranslatedSpreadsheetAdmin):
    resource_classes = [ReasonCodeResource]
    list_display = ["name", "code", "order"]
    search_fields = ["code", "name_en", "name_zh_hans"]


class ActionSupportFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # self.instance carries the lead agency just entered on the action's form.
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("agency"):
                continue
            try:
                supporting_agencies_validate(
                    lead_agency_id=self.instance.lead_agency_id, agencies=[data["agency"]]
                )
            except ValidationError as error:
                form.add_error("agency", error.messages)


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


class BulkStatusForm(StatusUpdateFields):
    """The admin's bulk status change asks what the officials' form asks, less evidence and corrections."""


@admin.register(Action)
class ActionAdmin(TranslatedSpreadsheetAdmin):
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
    readonly_fields = ["status", "progress", "last_reported_on", "latest_updates"]
    inlines = [ActionSupportInline, ActionSeriesInline]
    fieldsets = [
        (None, {"fields": ["category", "code", "title", "description", "source_paragraphs"]}),
        (_("Responsibility"), {"fields": ["lead_agency", "responsibility_basis"]}),
        (_("Dates"), {"fields": ["start_date", "due_date"]}),
        (
            _("Current state (from the latest status update)"),
            {"fields": ["status", "progress", "last_reported_on"]},
        ),
        # Read-only and only the latest: an action's page stays small and savable however many updates it has.
        (_("Status updates"), {"fields": ["latest_updates"]}),
    ]

    actions = ["set_status"]

    @admin.display(description=_("latest updates"))
    def latest_updates(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        updates = obj.updates.latest_first().select_related("status", "author", "agency", "corrected_by")
        return render_to_string(
            "admin/tracker/action/latest_updates.html",
            {
                "updates": updates[:LATEST_UPDATES_SHOWN],
                "shown": LATEST_UPDATES_SHOWN,
                "count": obj.updates.count(),
                "all_url": reverse("admin:tracker_statusupdate_changelist") + f"?action__id__exact={obj.pk}",
                "add_url": reverse("admin:tracker_statusupdate_add") + f"?action={obj.pk}",
            },
        )

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
            try:
                count = status_update_create_many(
                    actions=queryset, author=request.user, **{name: data[name] for name in form.fields}
                )
            except ValidationError as error:
                for problem in error.messages:
                    form.add_error(None, problem)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Logged “%(status)s” on %(count)d action.",
                        "Logged “%(status)s” on %(count)d actions.",
                        count,
                    )
                    % {"status": data["status"], "count": count},
                    messages.SUCCESS,
                )
                return None
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
class ActionSeriesAdmin(TranslatedSpreadsheetAdmin):
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
class StatusUpdateAdmin(ReadOnlyHistoryAdmin):
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
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "agency"]
    list_select_related = ["user", "agency"]
    list_filter = ["agency"]
    search_fields = ["user__username", "agency__code", "agency__name_en"]
    autocomplete_fields = ["user", "agency"]


@admin.register(Reminder)
class ReminderAdmin(SafeChangeListMixin, admin.ModelAdmin):
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


# Two-factor devices: administrators see who has one and remove it when a phone is lost; the secret keys
# (django-otp's own admin shows them as QR codes) are never shown, and a superuser's only to superusers.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "last_used_at", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # each user sets up their own, at /accounts/two-factor/

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
