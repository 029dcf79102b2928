"""The user's own settings: the language switcher, which also remembers a signed-in user's choice for the
emails they get, and their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from ..forms import ApiTokenForm
from ..models import ApiToken
from ..services.accounts import user_language_set
from ..services.tokens import api_token_create, api_token_revoke


@require_POST
def set_language(request):
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and response.status_code == 302 and language:
        user_language_set(user=request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The user's API tokens; a new key is shown on this answer only (signed-in pages are not stored)."""
    form = ApiTokenForm(request.POST or None)
    new_key = new_token = None
    if request.method == "POST" and form.is_valid():
        new_token, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": request.user.api_tokens.all(),
        "new_key": new_key,
        "new_token": new_token,
    }
    return render(request, "registration/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api-tokens")
