from django.urls import path

from .views import officials, pages, quality

app_name = "tracker"
urlpatterns = [
    path("data-quality/", quality.data_quality, name="data-quality"),
    path("", pages.home, name="home"),
    path("actions/", pages.action_list, name="action-list"),
    path("actions/export.<str:fmt>", pages.action_export, name="action-export"),
    path("actions/<str:code>/", pages.action_detail, name="action-detail"),
    path("actions/<str:code>/log/", officials.status_update_create, name="status-update-create"),
    path("categories/", pages.category_list, name="category-list"),
    path("categories/<str:code>/", pages.category_detail, name="category-detail"),
    path("my-actions/", officials.my_actions, name="my-actions"),
    path("evidence/<int:pk>/", officials.evidence_download, name="evidence-download"),
    path("start/", officials.start, name="start"),
]
