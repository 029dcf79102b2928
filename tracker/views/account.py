"""The language switcher, which also remembers a signed-in user's choice for the emails they get."""

from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from ..services.accounts import user_language_set


@require_POST
def set_language(request):
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and response.status_code == 302 and language:
        user_language_set(user=request.user, language=language)
    return response
