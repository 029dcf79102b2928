"""The admin's history pages show old versions and never write."""

from django.contrib.admin.utils import flatten_fieldsets
from django.http import Http404, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from .changelist import SafeChangeListMixin


class ReadOnlyHistoryAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    """django-simple-history's admin with its version pages read-only for everybody.

    The library's version page saves whatever is posted to it, whatever SIMPLE_HISTORY_REVERT_DISABLED says,
    bypassing the change form's checks. Here it answers GET only and shows every field read-only; a change
    goes through the change form (and its edit-conflict check).
    """

    def history_view(self, request, object_id, extra_context=None):
        if not object_id.isdigit():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not (object_id.isdigit() and version_id.isdigit()):
            raise Http404
        request.history_read_only = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not getattr(request, "history_read_only", False):
            return readonly
        # Work out the page's fields as the change form has them, then make every one of them read-only.
        request.history_read_only = False
        try:
            names = flatten_fieldsets(self.get_fieldsets(request, obj))
        finally:
            request.history_read_only = True
        return [*readonly, *(name for name in names if name not in readonly)]
