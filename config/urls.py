from django.contrib import admin
from django.urls import include, path

from tracker.views import account

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", account.set_language, name="set_language"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("indicators/", include("indicators.urls")),
    path("", include("tracker.urls")),
]
