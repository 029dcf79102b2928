from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.series_list, name="series-list"),
    path("<str:code>/", views.series_detail, name="series-detail"),
]
