"""The floor of the action list: the same filtered query and page of rows, rendered by a plain template loop
with no table library, no filter form and no widgets. The action list is measured against it."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from tracker.models import Strategy
from tracker.tables import DEFAULT_PER_PAGE
from tracker.views.pages import action_filter


def floor(request, strategy):
    strategy = get_object_or_404(Strategy, code=strategy)
    queryset = action_filter(request, strategy).qs
    page = Paginator(queryset, DEFAULT_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "bench/floor.html", {"strategy": strategy, "page": page})
