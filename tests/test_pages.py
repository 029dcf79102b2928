import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Series
from tracker.models import Action
from tracker.queries import dashboard

from . import factories


def many_actions(count, statuses, *, category=None, series=None):
    """`count` actions, each with an update, two supporting agencies and (optionally) a linked series."""
    category = category or factories.CategoryFactory(code="1")
    author = factories.UserFactory(username="author")
    actions = []
    for number in range(count):
        action = factories.ActionFactory(
            code=f"{category.code}.{number + 1}",
            category=category,
            lead_agency=factories.AgencyFactory(code=f"L{number}"),
            due_date=timezone.localdate() - datetime.timedelta(days=number),
        )
        factories.ActionSupportFactory(action=action, agency=factories.AgencyFactory(code=f"S{number}"))
        factories.ActionSupportFactory(action=action, agency=factories.AgencyFactory(code=f"T{number}"))
        status = [statuses["in-progress"], statuses["delayed"], statuses["completed"]][number % 3]
        factories.status_update(action, status, author=author)
        if series is not None:
            factories.ActionSeriesFactory(action=action, series=series)
        actions.append(action)
    return actions


def series_with_observations(code, count=3, **kwargs):
    series = factories.SeriesFactory(code=code, **kwargs)
    for year in range(2010, 2010 + count):
        factories.ObservationFactory(series=series, start_year=year, end_year=year, value=f"{year - 2000}.5")
    return series


# Access


@pytest.mark.parametrize(
    "url",
    [
        reverse("tracker:home"),
        factories.url("strategy-detail"),
        factories.url("action-list"),
        factories.url("action-export", "csv"),
        reverse("tracker:all-actions"),
        reverse("tracker:all-actions-export", args=["csv"]),
        factories.url("category-list"),
        reverse("indicators:series-list"),
    ],
)
def test_read_pages_anonymous_redirected_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_read_pages_public_open_to_anonymous(client, settings, action, statuses):
    settings.TRACKER_PUBLIC = True

    home = client.get(reverse("tracker:home"), follow=True)
    detail = client.get(action.get_absolute_url())

    assert home.redirect_chain == [(factories.url("strategy-detail"), 302)]
    assert home.status_code == 200
    assert detail.status_code == 200
    assert action.title in detail.content.decode()
    assert "Log progress" not in detail.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        factories.url("action-detail", "nope"),
        factories.url("category-detail", "nope"),
        factories.url("strategy-detail", strategy="nope"),
        factories.url("action-list", strategy="nope"),
        reverse("indicators:series-detail", args=["nope"]),
        factories.url("action-export", "pdf"),
    ],
)
def test_read_pages_unknown_code_not_found(reviewer_client, catalogue, url):
    assert reviewer_client.get(url).status_code == 404


# Dashboard


def test_dashboard_figures_per_category_and_agency(catalogue, statuses):
    factories.status_update(catalogue["2.2"], statuses["discontinued"])

    figures = dashboard(catalogue["1.1"].strategy)

    one, two = figures["categories"]
    assert (one.total, one.overdue, one.counted, one.average_progress) == (2, 1, 2, 70)  # (40 + 100) / 2
    assert [(s.label, s.count, s.percent) for s in one.segments] == [
        ("In progress (on track)", 1, 50),
        ("Completed", 1, 50),
    ]
    # 2.2 is discontinued, so only 2.1 (delayed, 50%) counts towards the average.
    assert (two.total, two.overdue, two.counted, two.average_progress) == (2, 0, 1, 50)
    assert one.latest_update == timezone.localdate()
    agencies = {
        row.subject.code: (row.total, row.overdue, row.average_progress) for row in figures["agencies"]
    }
    assert agencies == {"A": (2, 1, 40), "B": (1, 0, 100), "C": (1, 0, 50)}
    overall = figures["overall"]
    assert (overall.total, overall.overdue, overall.average_progress) == (4, 1, 63)  # (40 + 100 + 50) / 3


def test_dashboard_action_without_update_counted_apart_from_the_average_and_own_segment(catalogue):
    two = dashboard(catalogue["1.1"].strategy)["categories"][1]

    # 2.1 is delayed at 50%; 2.2 has no update: not reported yet, not 0%.
    assert (two.average_progress, two.counted, two.unreported) == (50, 1, 1)
    assert [(s.label, s.count, s.colour) for s in two.segments] == [
        ("Delayed", 1, "amber"),
        ("No update yet", 1, "none"),
    ]


def test_dashboard_shows_figures_and_explains_average(reviewer_client, catalogue):
    response = reviewer_client.get(factories.url("strategy-detail"))

    content = response.content.decode()
    assert "1. Economic Structure" in content
    assert 'href="/s/plan-a/actions/?category=1"' in content
    assert "In progress (on track): <strong>1</strong>" in content
    assert "No update yet: <strong>1</strong>" in content
    assert "so that they do not read as 0%" in content
    assert '<div class="small text-body-secondary unreported">1 not reported yet</div>' in content
    assert "Figures as of " in content
    assert 'href="/s/plan-a/actions/?agency=A&amp;role=lead">Agency A</a>' in content
    assert "progress pct-50" in content


@pytest.mark.parametrize("count", [1, 30])
def test_dashboard_query_count_does_not_grow(reviewer_client, statuses, django_assert_num_queries, count):
    many_actions(count, statuses)

    for action in Action.objects.all():  # its series deteriorates, whatever the action reports
        series = series_with_observations(f"S-{action.code}", direction="up")
        factories.ActionSeriesFactory(action=action, series=series)
        Series.objects.filter(pk=series.pk).update(progress="deterioration")

    # session, user, the strategy, statuses, categories, their latest update and overdue actions this month,
    # their counted rows, the agencies' counted rows, the agencies shown (with their latest update and overdue
    # actions), the user's groups for the menu, series by progress, stale series, disagreements (count and
    # rows), the strategies for the menu.
    with django_assert_num_queries(15):
        response = reviewer_client.get(factories.url("strategy-detail"))

    assert response.context["overall"].total == count
    assert response.context["series_total"] == count
    # Reported on track (green) or completed while the evidence deteriorates.
    claimed = Action.objects.filter(status__code__in=["in-progress", "completed"]).count()
    assert claimed and response.context["disagreements"]["total"] == claimed


# Action list


@pytest.mark.parametrize("count", [1, 30])
def test_action_list_query_count_does_not_grow(reviewer_client, statuses, django_assert_num_queries, count):
    many_actions(count, statuses)

    with django_assert_num_queries(10):
        response = reviewer_client.get(factories.url("action-list"), {"per_page": 50})

    assert len(response.context["table"].page.object_list) == count


def test_action_list_shows_columns(reviewer_client, catalogue):
    response = reviewer_client.get(factories.url("action-list"))

    content = response.content.decode()
    assert '<a href="/s/plan-a/actions/1.1/">Raise R&amp;D</a>' in content
    assert '<span class="badge status-badge status-green"' in content
    assert '<span class="badge status-badge status-none"' in content
    assert "Overdue</span>" in content
    assert "4 actions match." in content
    assert 'href="/s/plan-a/actions/export.csv' in content


def test_action_list_htmx_request_returns_results_only(reviewer_client, catalogue):
    response = reviewer_client.get(
        factories.url("action-list"), {"category": "1"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="action-results"')
    assert "<html" not in content
    assert "2 actions match." in content
    assert 'href="/s/plan-a/actions/export.xlsx?category=1"' in content
    assert "HX-Request" in response["Vary"]  # a cache must not serve this fragment for the whole page


def test_action_list_htmx_history_restore_returns_whole_page(reviewer_client, catalogue):
    response = reviewer_client.get(
        factories.url("action-list"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


# Action page


def test_action_page_shows_everything_about_the_action(
    reviewer_client, action, statuses, lead_official, reason
):
    series = series_with_observations("GDP", unit="RMB billion")
    factories.TargetFactory(series=series, value="12", start_year=2020, end_year=2020)
    factories.ActionSeriesFactory(action=action, series=series, expected_effect="GDP should rise.")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factories.status_update(
        action,
        statuses["in-progress"],
        progress=30,
        reported_on=yesterday,
        author=lead_official,
        narrative="Began.",
    )
    factories.status_update(
        action,
        statuses["delayed"],
        progress=35,
        author=lead_official,
        agency=action.lead_agency,
        narrative="Funds late.",
        evidence_url="https://example.org/report",
        reason=reason,
        reason_text="The budget was cut.",
    )

    response = reviewer_client.get(action.get_absolute_url())

    content = response.content.decode()
    assert action.title in content
    assert action.description in content
    assert "¶113" in content
    assert "Lead department" in content
    assert "Supporting department" in content
    assert content.index("Funds late.") < content.index("Began.")  # newest first
    assert "reported by lead-official" in content
    assert "(Lead department)" in content
    assert '<a href="https://example.org/report"' in content
    assert "Funding</strong>" not in content and "Funding — The budget was cut." in content
    assert "GDP should rise." in content
    # The chart is an image of its own, with this action's updates marked; its figures are a table too.
    assert (
        f'<img class="chart-image" src="/indicators/GDP/chart.svg?action=plan-a%3A{action.code}"' in content
    )
    assert "<svg" not in content and "<style" not in content and " style=" not in content
    assert "The chart's figures as a table" in content and "12.5" in content
    assert "Log progress" not in content


def test_action_page_log_progress_button_for_officials_of_the_action(
    client, action, lead_official, other_official
):
    client.force_login(lead_official)
    lead = client.get(action.get_absolute_url()).content.decode()
    client.force_login(other_official)
    other = client.get(action.get_absolute_url()).content.decode()

    button = f'href="{factories.log_url(action)}"'
    assert button in lead
    assert button not in other


@pytest.mark.parametrize("count", [1, 30])
def test_action_page_query_count_does_not_grow(
    reviewer_client, action, statuses, django_assert_num_queries, count
):
    national = series_with_observations("GDP-CN", count=count, geography="China")
    for number in range(count):
        series = series_with_observations(f"S{number}", count=count, comparison=national)
        factories.ActionSeriesFactory(action=action, series=series)
        factories.status_update(action, statuses["in-progress"], progress=number + 1)

    # 13, and the updates' round reports, the closed rounds' snapshots, the questions and answers
    with django_assert_num_queries(16):
        response = reviewer_client.get(action.get_absolute_url())

    assert len(response.context["panels"]) == count
    assert len(response.context["updates"]) == count


# Categories


def test_category_page_shows_description_actions_and_series(reviewer_client, catalogue):
    series = series_with_observations("PORT", name="Container throughput", unit="million TEU")
    factories.ActionSeriesFactory(action=catalogue["2.1"], series=series)

    response = reviewer_client.get(factories.url("category-detail", "2"))

    assert [row.record.code for row in response.context["table"].paginated_rows] == ["2.1", "2.2"]
    content = response.content.decode()
    assert "2. Port Management" in content
    assert "Container throughput" in content
    assert "12.5 <span" in content  # the latest figure, 2012


@pytest.mark.parametrize("count", [1, 30])
def test_category_page_query_count_does_not_grow(reviewer_client, statuses, django_assert_num_queries, count):
    category = factories.CategoryFactory(code="3")
    many_actions(count, statuses, category=category, series=series_with_observations("X"))
    for number in range(count):
        factories.ActionSeriesFactory(
            action=category.actions.first(), series=series_with_observations(f"Y{number}")
        )

    with django_assert_num_queries(12):
        response = reviewer_client.get(factories.url("category-detail", "3"), {"per_page": 50})

    assert len(response.context["table"].page.object_list) == count


def test_category_list_shows_each_category_with_its_figures(reviewer_client, catalogue):
    response = reviewer_client.get(factories.url("category-list"))

    content = response.content.decode()
    assert (
        '<h2 class="h5 card-title"><a href="/s/plan-a/categories/1/">1. Economic Structure</a></h2>'
        in content
    )
    assert [(row.subject.code, row.total, row.overdue) for row in response.context["categories"]] == [
        ("1", 2, 1),
        ("2", 2, 0),
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_category_list_query_count_does_not_grow(reviewer_client, statuses, django_assert_num_queries, count):
    for number in range(count):
        many_actions(1, statuses, category=factories.CategoryFactory(code=f"{number + 1}"))

    with django_assert_num_queries(9):
        response = reviewer_client.get(factories.url("category-list"))

    assert len(response.context["categories"]) == count


# Indicators


def test_series_page_shows_chart_target_band_comparison_figures_and_actions(
    reviewer_client, action, statuses
):
    national = series_with_observations("CU-CN", name="Capacity utilisation", geography="China")
    series = series_with_observations(
        "CU-LN",
        name="Capacity utilisation",
        geography="Liaoning",
        comparison=national,
        notes="Reasonable range from ¶53.",
    )
    factories.TargetFactory(series=series, value=None, low="80", high="85")
    factories.ObservationFactory(
        series=series, start_year=2008, end_year=2009, value="70.25", decimals=2, note="Average"
    )
    factories.ActionSeriesFactory(action=action, series=series, expected_effect="Utilisation should rise.")

    response = reviewer_client.get(series.get_absolute_url())

    content = response.content.decode()
    assert '<img class="chart-image" src="/indicators/CU-LN/chart.svg"' in content
    chart = reviewer_client.get(reverse("indicators:series-chart", args=["CU-LN"])).content.decode()
    assert chart.startswith('<svg role="img" aria-label="Capacity utilisation (Liaoning)"')
    assert "Target range: 80–85" in chart
    assert ">Liaoning</text>" in chart and ">China</text>" in chart  # the legend tells the places apart
    assert ">Latest figure 2012, " in chart
    assert "<script" not in chart
    assert "2008-2009" in content and "70.25" in content and "Average" in content
    assert "80–85 %" in content
    assert "Reasonable range from ¶53." in content
    assert "Utilisation should rise." in content
    assert f'href="{action.get_absolute_url()}"' in content


def test_series_page_without_observations_says_so(reviewer_client, db):
    series = factories.SeriesFactory(code="EMPTY")

    response = reviewer_client.get(series.get_absolute_url())

    assert response.context["panel"]["form"] == "none"
    assert "No figures recorded for this series yet." in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_series_page_query_count_does_not_grow(reviewer_client, statuses, django_assert_num_queries, count):
    national = series_with_observations("N", count=count)
    series = series_with_observations("L", count=count, comparison=national)
    many_actions(count, statuses, series=series)

    # session, user, series, observations with their earlier values (two), targets, comparison's
    # observations, links, series compared with this one, the menu's permissions, the strategies for the menu.
    with django_assert_num_queries(11):
        response = reviewer_client.get(series.get_absolute_url())

    assert len(response.context["observations"]) == count
    assert len(response.context["links"]) == count


@pytest.mark.parametrize("count", [1, 30])
def test_series_list_query_count_does_not_grow(reviewer_client, statuses, django_assert_num_queries, count):
    action = factories.ActionFactory(code="1.1")
    for number in range(count):
        factories.ActionSeriesFactory(action=action, series=series_with_observations(f"S{number}"))

    # session, user, geographies for the filter, series with their summaries, targets, the menu (two).
    with django_assert_num_queries(7):
        response = reviewer_client.get(reverse("indicators:series-list"))

    rows = response.context["series_list"]
    assert len(rows) == count
    assert (rows[0].latest_period, rows[0].years, rows[0].action_count) == ("2012", "2010–2012", 1)


@pytest.mark.django_db
def test_category_page_table_leaves_out_the_category_column(reviewer_client, catalogue):
    response = reviewer_client.get(factories.url("category-detail", "1"))
    columns = [column.name for column in response.context["table"].columns]
    assert columns == ["code", "title", "lead_agency", "status", "progress", "due_date", "last_reported_on"]
