from django.urls import include, path

from .views import changes, officials, pages, quality, rounds

app_name = "tracker"

# The pages of one strategy, under /s/<strategy>/.
strategy_patterns = [
    path("", pages.strategy_detail, name="strategy-detail"),
    path("actions/", pages.action_list, name="action-list"),
    path("actions/export.<str:fmt>", pages.action_export, name="action-export"),
    path("actions/<str:code>/", pages.action_detail, name="action-detail"),
    path("actions/<str:code>/log/", officials.status_update_create, name="status-update-create"),
    path("actions/<str:code>/updates/<int:update>/messages/", rounds.message_create, name="message-create"),
    path("categories/", pages.category_list, name="category-list"),
    path("categories/<str:code>/", pages.category_detail, name="category-detail"),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/compare/", rounds.round_compare, name="round-compare"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/review/<str:code>/", rounds.review_edit, name="review-edit"),
    path("rounds/<int:pk>/report/", rounds.round_report, name="round-report"),
    path("rounds/<int:pk>/report.pdf", rounds.round_report_pdf, name="round-report-pdf"),
]

urlpatterns = [
    path("", pages.home, name="home"),
    path("s/<slug:strategy>/", include(strategy_patterns)),
    path("actions/", pages.all_action_list, name="all-actions"),
    path("actions/export.<str:fmt>", pages.all_action_export, name="all-actions-export"),
    # Addresses from before strategies, in bookmarks and emails: moved permanently to the strategy's.
    path("actions/<str:code>/", pages.old_action, name="old-action"),
    path("actions/<str:code>/log/", pages.old_action, {"log": True}, name="old-action-log"),
    path("categories/", pages.old_category, name="old-category-list"),
    path("categories/<str:code>/", pages.old_category, name="old-category"),
    path("my-actions/", officials.my_actions, name="my-actions"),
    path("evidence/<int:pk>/", officials.evidence_download, name="evidence-download"),
    path("data-quality/", quality.data_quality, name="data-quality"),
    path("start/", officials.start, name="start"),
    path("changes/", changes.change_list, name="change-list"),
    path("changes/feed/<str:token>/", changes.ChangeFeed(), name="change-feed"),
]
