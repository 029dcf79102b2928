from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.series_list, name="series-list"),
    path("export/<str:fmt>/", views.series_export, name="series-export"),
    path("<str:code>/", views.series_detail, name="series-detail"),
    path("<str:code>/chart.svg", views.series_chart_svg, name="series-chart"),
    path("<str:code>/export/<str:fmt>/", views.series_export_one, name="series-export-one"),
]
