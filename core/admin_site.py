from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

# Apps whose name is not marked for translation (django-otp's TOTP plugin shows "OTP_TOTP" in any language).
APP_NAMES = {"otp_totp": _("Two-factor sign-in")}


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results named by the object's `autocomplete_label` when it has one (an action names its
    strategy: "ta9036 · 2.5 Join the Belt and Road…", as codes repeat across strategies)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "autocomplete_label", None)
        if label:
            result["text"] = str(label)
        return result


class StaffOnlyAdminSite(admin.AdminSite):
    """The admin, answering 403 to signed-in users who are not staff (instead of offering another login)."""

    # Without the list of every model down the left, a list of many columns fits a 1366 px laptop beside its
    # filters; the breadcrumbs and the index page lead to the other models.
    enable_nav_sidebar = False

    @property
    def login_form(self):
        """Asks for two-factor codes, like the site's own sign-in."""
        # Imported here: this module is loaded with the app registry, before forms over models may be.
        from core.security import AdminLoginForm

        return AdminLoginForm

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            if app["app_label"] in APP_NAMES:
                app["name"] = APP_NAMES[app["app_label"]]
        return app_list

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded


class StaffOnlyAdminConfig(AdminConfig):
    """django.contrib.admin with StaffOnlyAdminSite as its site; named in INSTALLED_APPS instead of it."""

    default = False
    default_site = "core.admin_site.StaffOnlyAdminSite"
