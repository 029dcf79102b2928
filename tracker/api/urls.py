"""/api/v1/: objects named by their codes (an action by its strategy's code and its own)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from . import views

app_name = "api"

urlpatterns = [
    # The documentation holds no data: open to everyone, so that a developer can read it before signing in.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    path("strategies/", views.StrategyList.as_view(), name="strategy-list"),
    path("strategies/<slug:strategy>/", views.StrategyDetail.as_view(), name="strategy-detail"),
    path("strategies/<slug:strategy>/categories/", views.CategoryList.as_view(), name="category-list"),
    path(
        "strategies/<slug:strategy>/categories/<str:code>/",
        views.CategoryDetail.as_view(),
        name="category-detail",
    ),
    path(
        "strategies/<slug:strategy>/actions/", views.StrategyActionList.as_view(), name="strategy-action-list"
    ),
    path(
        "strategies/<slug:strategy>/actions/<str:code>/", views.ActionDetail.as_view(), name="action-detail"
    ),
    path(
        "strategies/<slug:strategy>/actions/<str:code>/updates/",
        views.ActionUpdates.as_view(),
        name="action-updates",
    ),
    path("strategies/<slug:strategy>/rounds/", views.RoundList.as_view(), name="round-list"),
    path("strategies/<slug:strategy>/rounds/<int:pk>/", views.RoundDetail.as_view(), name="round-detail"),
    path(
        "strategies/<slug:strategy>/rounds/<int:pk>/reviews/",
        views.RoundReviews.as_view(),
        name="round-reviews",
    ),
    path("actions/", views.ActionList.as_view(), name="action-list"),
    path("updates/", views.UpdateList.as_view(), name="update-list"),
    path("agencies/", views.AgencyList.as_view(), name="agency-list"),
    path("agencies/<str:code>/", views.AgencyDetail.as_view(), name="agency-detail"),
    path("statuses/", views.StatusList.as_view(), name="status-list"),
    path("reasons/", views.ReasonList.as_view(), name="reason-list"),
    path("series/", views.SeriesList.as_view(), name="series-list"),
    path("series/<str:code>/", views.SeriesDetail.as_view(), name="series-detail"),
    path("series/<str:code>/targets/", views.TargetList.as_view(), name="target-list"),
    path("series/<str:code>/observations/", views.ObservationList.as_view(), name="observation-list"),
    path(
        "series/<str:code>/observations/<str:period>/",
        views.ObservationDetail.as_view(),
        name="observation-detail",
    ),
]
