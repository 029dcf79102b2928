"""Admin lists: answering a crafted date-hierarchy year (too large, or the very last day) without a 500, and
long filters folded until they are used."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # Django catches ValueError only; the admin then shows ?e=1
            raise IncorrectLookupParameters(error) from error


class SafeChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return SafeChangeList


class FoldedRelatedFilter(admin.RelatedFieldListFilter):
    """A filter with many choices (27 agencies), folded under its title until it is opened or narrows the
    list, so that the filters after it stay in sight. A <details> element: no script needed, and the admin's
    filters.js remembers it opened or closed like the others."""

    template = "admin/folded_filter.html"

    @property
    def narrows(self) -> bool:
        return bool(self.lookup_val or self.lookup_val_isnull)
