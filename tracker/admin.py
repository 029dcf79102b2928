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
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TranslationTabularInline

from core.access import is_administrator
from core.admin import HistoryAdmin, SpreadsheetAdmin, TranslatedSpreadsheetAdmin
from core.changelist import SafeChangeListMixin
from core.history_admin import ReadOnlyHistoryAdmin

from .forms import StatusUpdateFields, StatusUpdateServiceMixin
from .models import (
    Action,
    ActionSeries,
    ActionSupport,
    Agency,
    ApiToken,
    Category,
    Membership,
    ReasonCode,
    Reminder,
    Status,
    StatusUpdate,
    Strategy,
)
from .resources import (
    ActionResource,
    ActionSeriesResource,
    AgencyResource,
    CategoryResource,
    ReasonCodeResource,
    StatusResource,
    StrategyResource,
)
from .services.figures import figures_kept
from .services.tokens import api_token_revoke
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


class StrategyChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Strategy.objects.all(), to_field_name="code", required=False, **kwargs)


class StrategyImportForm(SpreadsheetAdmin.import_form_class):
    """The import form, with the strategy the rows belong to (unless the file has a strategy column)."""

    strategy = StrategyChoiceField(
        label=_("Strategy"),
        empty_label=_("As the file’s strategy column says"),
        help_text=_("The strategy whose codes the rows are matched within. Rows naming another are refused."),
    )


class StrategyConfirmImportForm(SpreadsheetAdmin.confirm_form_class):
    strategy = StrategyChoiceField(widget=forms.HiddenInput)


class StrategyImportMixin:
    """For the data of one strategy (categories, actions, their series): the import form asks for it."""

    import_form_class = StrategyImportForm
    confirm_form_class = StrategyConfirmImportForm

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        strategy = form.cleaned_data.get("strategy") if form is not None and form.is_valid() else None
        return {**super().get_import_resource_kwargs(request, **kwargs), "strategy": strategy}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None and import_form.cleaned_data.get("strategy"):
            initial["strategy"] = import_form.cleaned_data["strategy"].code
        return initial


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories named with their strategy: two strategies may both have a category 1."""

    def label_from_instance(self, obj):
        return f"{obj.strategy.label} · {obj}"


@admin.register(Strategy)
class StrategyAdmin(TranslatedSpreadsheetAdmin):
    resource_classes = [StrategyResource]
    list_display = ["code", "label", "publisher", "published_on", "period", "category_count", "action_count"]
    list_display_links = ["code", "label"]
    search_fields = ["code", "title_en", "title_zh_hans", "short_title_en", "short_title_zh_hans"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _category_count=Count("categories", distinct=True),
                _action_count=Count("actions", distinct=True),
            )
        )

    @admin.display(description=_("short title"), ordering="short_title")
    def label(self, obj):
        return obj.label

    @admin.display(description=_("period covered"))
    def period(self, obj):
        return obj.period or "—"

    @admin.display(description=_("categories"), ordering="_category_count")
    def category_count(self, obj):
        return obj._category_count

    @admin.display(description=_("actions"), ordering="_action_count")
    def action_count(self, obj):
        return obj._action_count


@admin.register(Category)
class CategoryAdmin(StrategyImportMixin, TranslatedSpreadsheetAdmin):
    resource_classes = [CategoryResource]
    list_display = ["code", "name", "strategy", "action_count", "source"]
    list_filter = ["strategy"]
    list_select_related = ["strategy"]
    search_fields = ["code", "name_en", "name_zh_hans", "strategy__code"]

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
    list_display = [
        "name",
        "code",
        "outcome",
        "allowed_progress",
        "default_progress",
        "look",
        "needs_reason",
    ]
    list_display.append("order")
    list_editable = ["order"]
    search_fields = ["code", "name_en", "name_zh_hans"]
    fieldsets = [
        (None, {"fields": ["code", "name", "definition", "colour", "icon", "order"]}),
        (
            _("Outcome and progress"),
            {"fields": ["outcome", "min_progress", "default_progress", "max_progress"]},
        ),
        (_("Reason"), {"fields": ["needs_reason"]}),
    ]

    @admin.display(description=_("allowed progress"))
    def allowed_progress(self, obj):
        return obj.progress_range

    @admin.display(description=_("look"), ordering="colour")
    def look(self, obj):
        return render_to_string("includes/status_badge.html", {"status": obj})


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
class ActionAdmin(StrategyImportMixin, TranslatedSpreadsheetAdmin):
    resource_classes = [ActionResource]
    conflict_related = ["supports", "series_links"]
    list_display = [
        "strategy",
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
    list_filter = ["strategy", "status", "responsibility_basis", "lead_agency__level", "lead_agency"]
    list_select_related = ["strategy", "category", "lead_agency", "status"]
    # "ta9036 2.5" finds action 2.5 of strategy ta9036: each word must match one of these.
    search_fields = [
        "strategy__code",
        "code",
        "title_en",
        "title_zh_hans",
        "description_en",
        "description_zh_hans",
    ]
    autocomplete_fields = ["lead_agency"]
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

    def get_queryset(self, request):
        # The strategy names each action, here and in the autocompletes that pick one.
        return super().get_queryset(request).select_related("strategy")

    # Creating, editing and deleting actions keeps the counted figures (services.figures) in step.
    def save_model(self, request, obj, form, change):
        with figures_kept(action_ids=[obj.pk] if obj.pk else []) as ids:
            super().save_model(request, obj, form, change)
            ids.append(obj.pk)

    def delete_model(self, request, obj):
        with figures_kept(action_ids=[obj.pk]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with figures_kept(action_ids=list(queryset.values_list("pk", flat=True))):
            super().delete_queryset(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = Category.objects.select_related("strategy")
            kwargs["form_class"] = CategoryChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
class ActionSeriesAdmin(StrategyImportMixin, TranslatedSpreadsheetAdmin):
    resource_classes = [ActionSeriesResource]
    list_display = ["action__strategy", "action", "series", "expected_effect"]
    list_select_related = ["action__strategy", "series"]
    list_filter = ["action__strategy"]
    search_fields = ["action__strategy__code", "action__code", "series__code", "series__name_en"]
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
            "correction_reason",
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

    list_display = [
        "action__strategy",
        "action__code",
        "reported_on",
        "status",
        "progress",
        "correction",
        "author",
        "agency",
        "created_at",
    ]
    list_display_links = ["action__code", "reported_on"]
    list_filter = ["action__strategy", "status", "reported_on", "agency"]
    list_select_related = ["action__strategy", "status", "author", "agency", "corrects", "corrected_by"]
    search_fields = ["action__strategy__code", "action__code", "narrative"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["action", "agency", "corrects"]
    fields = StatusUpdateAdminForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "author", "created_at"] if obj else []

    @admin.display(description=_("correction"))
    def correction(self, obj):
        """Whether it corrects an earlier update or a later one corrected it."""
        parts = []
        if obj.corrects_id:
            parts.append(
                _("Corrects the update of %(date)s.")
                % {"date": formats.date_format(obj.corrects.reported_on, "DATE_FORMAT")}
            )
        if getattr(obj, "corrected_by", None) is not None:
            parts.append(_("Corrected by a later update"))
        return " ".join(str(part) for part in parts) or "—"

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

    list_display = ["sent_on", "user", "action__strategy", "action", "reason"]
    list_filter = ["sent_on", "reason", "action__strategy"]
    list_select_related = ["user", "action__strategy"]
    search_fields = ["user__username", "action__strategy__code", "action__code"]
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


# The reporting rounds register their own admin pages.
from . import round_admin  # noqa: E402, F401


@admin.register(ApiToken)
class ApiTokenAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Personal API tokens: each user makes and revokes their own on the account page; administrators see
    them all (never a key: only its digest is stored) and revoke any."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__username", "name", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # each user makes their own, and is the only one to see its key

    def has_change_permission(self, request, obj=None):
        # The list's revoke action needs the change permission; a token itself is only ever shown.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the record of who had access stays

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token)
        message = ngettext("%(count)s token revoked.", "%(count)s tokens revoked.", len(tokens))
        self.message_user(request, message % {"count": len(tokens)}, messages.SUCCESS)
