"""Read-only pages for reviewers (issue 3). Being written."""

from django.http import Http404


def _not_built(request, *args, **kwargs):
    raise Http404


home = action_list = action_export = action_detail = category_list = category_detail = _not_built
