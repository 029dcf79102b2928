"""The app's addresses plus the benchmark's floor view (used only by the benchmark's process)."""

from django.urls import path

from config.urls import urlpatterns as app_patterns

from . import views

urlpatterns = [path("bench/floor/<slug:strategy>/", views.floor, name="bench-floor"), *app_patterns]
