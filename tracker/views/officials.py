"""Pages where officials log progress (issue 4). Being written."""

from django.http import Http404


def _not_built(request, *args, **kwargs):
    raise Http404


my_actions = status_update_create = evidence_download = _not_built
