from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class StaffOnlyAdminSite(admin.AdminSite):
    """The admin, answering 403 to signed-in users who are not staff (instead of offering another login)."""

    @property
    def login_form(self):
        """Asks for two-factor codes, like the site's own sign-in."""
        # Imported here: this module is loaded with the app registry, before forms over models may be.
        from core.security import AdminLoginForm

        return AdminLoginForm

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
