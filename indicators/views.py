"""Indicator pages (issue 3). Being written."""

from django.http import Http404


def _not_built(request, *args, **kwargs):
    raise Http404


series_list = series_detail = _not_built
