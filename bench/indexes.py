"""The named indexes the pages rely on, each with the query it is for: the benchmark runs EXPLAIN on each
query at size L and reports whether PostgreSQL's plan uses the index."""

import datetime


def CHECKS():  # noqa: N802 - a table of checks, built once Django is set up
    from indicators.models import Observation, Series
    from tracker.models import (
        Action,
        ActionFigures,
        Agency,
        AgencyDueFigures,
        Category,
        StatusUpdate,
        Strategy,
    )

    action = Action.objects.order_by("pk").last()
    series = Series.objects.order_by("pk").last()
    strategy = Strategy.objects.get(code="ta9036")
    category = Category.objects.filter(strategy=strategy).order_by("code").first()
    agency = Agency.objects.order_by("pk").first()
    today = datetime.date.today()
    return [
        ("action_title_en_trgm_idx", "action list search for a rare word (“Dandong”)",
         Action.objects.search("Dandong").order_by().values("pk")),
        ("update_action_latest_idx", "an action's latest update (My actions, the action page)",
         StatusUpdate.objects.filter(action=action).effective().latest_first().values("pk")[:1]),
        ("observation_latest_idx", "a series' latest observation (series list, category page, data quality)",
         Observation.objects.filter(series=series).order_by("-end_year", "-start_year").values("pk")[:1]),
        ("action_last_reported_idx", "actions not updated since 2021 (stale filter, data quality)",
         Action.objects.filter(last_reported_on__lt=datetime.date(2021, 1, 1)).values("pk")),
        ("action_due_date_idx", "actions due before 2024 (overdue filter, My actions)",
         Action.objects.filter(due_date__lt=datetime.date(2024, 1, 1)).values("pk")),
        ("action_list_order_idx", "a page of a category's actions in code order (action list, category page)",
         Action.objects.filter(strategy=strategy, category=category).order_by("code").values("pk")[:25]),
        ("action_category_reported_idx", "a category's latest update (category list and page)",
         Action.objects.filter(category=category, last_reported_on__isnull=False)
         .order_by("-last_reported_on").values("last_reported_on")[:1]),
        ("action_category_due_idx", "a category's actions due this month before today (category list, page)",
         Action.objects.filter(category=category, due_date__gte=today.replace(day=1), due_date__lt=today)
         .values("pk")),
        ("action_figures_key_idx", "the counted row of a category, status and month (services.figures)",
         ActionFigures.objects.filter(category=category, status=None, due_month=None).values("pk")),
        ("action_without_description_idx", "a category's actions without a description (data quality)",
         Action.objects.without_description().filter(strategy=strategy, category=category).order_by("code")
         .values("pk")[:50]),
        ("action_status_progress_idx", "progress outside its status's range (data quality)",
         Action.objects.progress_outside_status_range().values("pk")),
        ("action_lead_agency_idx", "an agency's lead actions due before 2024 (My actions' counts)",
         Action.objects.filter(lead_agency=action.lead_agency, due_date__lt=datetime.date(2024, 1, 1))
         .order_by().values("pk")[:1001]),
        ("series_geography_idx", "every geography of the series (series list's filter)",
         Series.objects.order_by("geography").values_list("geography", flat=True).distinct()),
        ("action_agency_reported_idx", "an agency's latest update (dashboard)",
         Action.objects.filter(strategy=strategy, lead_agency=agency, last_reported_on__isnull=False)
         .order_by("-last_reported_on").values("last_reported_on")[:1]),
        ("action_agency_due_idx", "an agency's actions due this month before today (dashboard)",
         Action.objects.filter(strategy=strategy, lead_agency=agency, due_date__gte=today.replace(day=1),
                               due_date__lt=today).values("status")),
        ("agency_due_figures_key_idx", "an agency's counted rows due before this month (dashboard)",
         AgencyDueFigures.objects.filter(strategy=strategy, lead_agency=agency, status=None,
                                         due_month__lt=today.replace(day=1)).values("actions")),
        ("observation_recent_idx", "the series with a recent observation (stale series, dashboard)",
         Observation.objects.filter(end_year__gte=today.year - 2).values("series")),
        ("series_progress_idx", "the series that deteriorate (evidence disagreements, dashboard)",
         Series.objects.filter(progress="deterioration").values("pk")),
    ]  # fmt: skip
