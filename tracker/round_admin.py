"""The reporting rounds in the admin: administrators plan rounds, open and close them (through the services),
and read the reports, reviews, questions and snapshots, which only the site's pages and services write."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import HistoryAdmin
from core.changelist import SafeChangeListMixin
from core.history_admin import ReadOnlyHistoryAdmin

from .models import ReportingRound, Review, ReviewMessage, RoundReport, RoundSnapshot, RoundState
from .services.rounds import round_close, round_open


@admin.register(ReportingRound)
class ReportingRoundAdmin(HistoryAdmin, TranslationAdmin):
    list_display = [
        "name",
        "strategy",
        "period_start",
        "period_end",
        "opens_on",
        "deadline",
        "state",
        "is_sample",
    ]
    list_filter = ["strategy", "state"]
    list_select_related = ["strategy"]
    search_fields = ["name_en", "name_zh_hans", "strategy__code"]
    readonly_fields = ["state", "opened_at", "closed_at", "closed_by", "is_sample"]
    actions = ["open_rounds", "close_rounds"]

    def has_change_permission(self, request, obj=None):
        # A closed round is frozen: its snapshot says what it said.
        if obj is not None and obj.state == RoundState.CLOSED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Only a planned round has nothing reported in it.
        if obj is not None and obj.state != RoundState.PLANNED:
            return False
        return super().has_delete_permission(request, obj)

    def _each(self, request, queryset, service, done_message):
        done = 0
        for round in queryset.order_by("pk"):
            try:
                service(round)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Open the selected rounds"), permissions=["change"])
    def open_rounds(self, request, queryset):
        self._each(request, queryset, lambda r: round_open(round=r), _("Rounds opened: %(count)s."))

    @admin.action(description=_("Close the selected rounds (freezes what they say)"), permissions=["change"])
    def close_rounds(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: round_close(round=r, user=request.user),
            _("Rounds closed: %(count)s."),
        )


class ReadOnlyAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Records written by the site's services only: administrators read them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoundReport)
class RoundReportAdmin(ReadOnlyAdmin, ReadOnlyHistoryAdmin):
    list_display = ["round", "action", "update", "submitted_at"]
    list_filter = ["round__strategy", "round"]
    list_select_related = ["round__strategy", "action", "update__status", "update__action"]
    search_fields = ["action__code"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin, ReadOnlyHistoryAdmin):
    list_display = ["round", "action", "rating", "evidence", "reviewer", "updated_at"]
    list_filter = ["round__strategy", "round", "rating", "evidence"]
    list_select_related = ["round__strategy", "action", "reviewer"]
    search_fields = ["action__code", "comment"]


@admin.register(ReviewMessage)
class ReviewMessageAdmin(ReadOnlyAdmin):
    list_display = ["update", "kind", "author", "created_at", "notified_at", "is_sample"]
    list_filter = ["kind", "update__action__strategy"]
    list_select_related = ["update__action", "update__status", "author"]
    search_fields = ["text", "update__action__code"]


@admin.register(RoundSnapshot)
class RoundSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["round", "action", "status", "progress", "report", "rating", "evidence"]
    list_filter = ["round__strategy", "round"]
    list_select_related = ["round__strategy", "action", "status", "report__action", "report__status"]
    search_fields = ["action__code"]
