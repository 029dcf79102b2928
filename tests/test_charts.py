"""The server-drawn charts of indicator series, and how series are named and dated in tables."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.charts import EVENT_COLOUR, TARGET_COLOUR, Marker, chart_form, series_chart
from indicators.models import Target

from . import factories

SVG = "{http://www.w3.org/2000/svg}"
LONG_NAME = "Industrial capacity utilisation rate, Liaoning (lower end of reported range)"


def observation(series, period, value):
    start, _, end = period.partition("-")
    return factories.ObservationFactory.build(
        series=series, start_year=int(start), end_year=int(end or start), value=Decimal(value)
    )


def capacity_series(**kwargs):
    """Two years of figures, a comparison and an undated target range."""
    national = factories.SeriesFactory.build(
        code="CN-CU", name="Industrial capacity utilisation rate, China", geography="China"
    )
    series = factories.SeriesFactory.build(
        code="LN-CU", name=LONG_NAME, geography="Liaoning", comparison=national, **kwargs
    )
    return (
        series,
        [observation(series, "2016", "68"), observation(series, "2017", "70")],
        [observation(national, "2016", "77"), observation(national, "2017", "78")],
        [Target(series=series, low=Decimal("80"), high=Decimal("85"))],
    )


def parse(svg):
    return ET.fromstring(str(svg))


def with_class(root, name):
    return [node for node in root.iter() if name in node.get("class", "").split()]


def translation_of(node):
    x, y = re.fullmatch(r"translate\((\S+), (\S+)\)", node.get("transform")).groups()
    return float(x), float(y)


def plot_width(root):
    plot = with_class(root, "plot")[0]
    return float(next(child for child in plot if "background" in child.get("class", "")).get("width"))


def legend_texts(root):
    return [text.text for text in with_class(root, "legends")[0].iter(f"{SVG}text")]


def printed_values(root):
    return [node.text for node in with_class(root, "value") if node.tag == f"{SVG}text"]


def x_axis_labels(root):
    axis = next(node for node in with_class(root, "axis") if "x" in node.get("class").split())
    return [text.text for text in with_class(axis, "major") if text.tag == f"{SVG}text"]


def xs_of_path(path):
    numbers = [float(number) for number in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    return numbers[0::2]


def ys_of_path(path):
    numbers = [float(number) for number in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    return numbers[1::2]


def time_axis(root):
    """A function from a time (2017.5 = the middle of 2017) to x in the plot, read off the labelled years,
    which stand in the middle of their year."""
    axis = next(node for node in with_class(root, "axis") if "x" in node.get("class").split())
    labels = [(int(t.text), float(t.get("x"))) for t in with_class(axis, "major") if t.tag == f"{SVG}text"]
    (a, xa), (b, xb) = labels[0], labels[-1]
    per_year = (xb - xa) / (b - a)
    return lambda time: xa + (time - a - 0.5) * per_year


def dots_of(root, index):
    """The dots of the index-th series (pygal draws each series in several layers)."""
    return [dot for group in with_class(root, f"serie-{index}") for dot in with_class(group, "dot")]


# Forms


def test_chart_form_one_observation_is_a_card_not_a_chart():
    series = factories.SeriesFactory.build(code="TEU")
    observations = [observation(series, "2016", "9.58")]

    assert chart_form(observations) == "card"
    assert chart_form([]) == "none"
    assert series_chart(series, observations) == ""


def test_series_chart_draws_a_span_as_a_segment_over_its_years_not_joined_to_single_years():
    series = factories.SeriesFactory.build(code="CN-GDP-GROWTH", name="Real GDP growth rate, China")
    observations = [observation(series, "1991-2000", "9"), observation(series, "2016", "6.7")]

    root = parse(series_chart(series, observations))

    paths = with_class(root, "serie-0")[0].findall(f"{SVG}path")
    # One path for the span (its two ends and its middle), none joining it to 2016 (which stands alone).
    assert len(paths) == 1
    xs, ys = xs_of_path(paths[0]), ys_of_path(paths[0])
    assert len(xs) == 3 and len(set(ys)) == 1  # horizontal
    x = time_axis(root)
    # From the start of 1991 to the end of 2000.
    assert (min(xs), max(xs)) == (pytest.approx(x(1991)), pytest.approx(x(2001)))
    assert printed_values(root) == []


def test_series_chart_joins_consecutive_years_only():
    series = factories.SeriesFactory.build(code="S")
    observations = [observation(series, str(year), "1") for year in (2010, 2011, 2012, 2015, 2016)]

    root = parse(series_chart(series, observations))

    paths = with_class(root, "serie-0")[0].findall(f"{SVG}path")
    assert [len(xs_of_path(path)) for path in paths] == [3, 2]  # 2010-2012, then 2015-2016


def test_series_chart_undated_target_range_is_a_band_across_the_plot():
    series, observations, national, targets = capacity_series()

    svg = series_chart(series, observations, national, targets)

    root = parse(svg)
    band = with_class(root, "serie-2")[0].find(f"{SVG}path")
    xs = xs_of_path(band)
    assert len(xs) == 5  # a closed outline
    assert max(xs) - min(xs) > 0.95 * plot_width(root)
    assert f".serie-2 .line{{fill:{TARGET_COLOUR} !important;fill-opacity:.12}}" in svg  # shaded


def test_series_chart_dated_target_value_spans_its_year_only():
    series = factories.SeriesFactory.build(code="T")
    observations = [observation(series, str(year), "9") for year in (2014, 2015, 2016)]
    target = Target(series=series, value=Decimal("12"), start_year=2020, end_year=2020)

    root = parse(series_chart(series, observations, targets=[target]))

    xs = xs_of_path(with_class(root, "serie-1")[0].find(f"{SVG}path"))
    x = time_axis(root)
    assert (min(xs), max(xs)) == (pytest.approx(x(2020)), pytest.approx(x(2021)))
    assert legend_texts(root) == ["Liaoning", "Target: 12 (2020)"]


def test_series_chart_marks_milestones_and_status_updates_at_their_dates():
    series = factories.SeriesFactory.build(code="GDP", name="Gross domestic product, Liaoning")
    observations = [observation(series, str(year), "2000") for year in range(2011, 2018)]
    published = Marker(datetime.date(2017, 12, 1), "Strategy published")
    updates = [Marker(datetime.date(2017, 3, 1), "2.5"), Marker(datetime.date(2018, 6, 30), "2.5")]

    svg = series_chart(series, observations, events=updates, milestones=[published])

    root = parse(svg)
    assert legend_texts(root) == ["Liaoning", "Strategy published", "Status updates of linked actions"]
    line = with_class(root, "serie-1")[0].find(f"{SVG}path")
    xs = xs_of_path(line)
    assert len(xs) == 2 and xs[0] == xs[1]  # vertical
    # 1 December is 334 days into 2017.
    assert xs[0] == pytest.approx(time_axis(root)(2017 + 334 / 365))
    x = time_axis(root)
    cxs = sorted(float(dot.get("cx")) for dot in dots_of(root, 2))
    assert cxs == [pytest.approx(x(2017 + 59 / 365)), pytest.approx(x(2018 + 180 / 365))]
    assert cxs[-1] < plot_width(root)  # the axis runs on to the latest update
    assert EVENT_COLOUR.lower() in svg.lower()


def test_series_chart_says_how_old_its_latest_figure_is():
    series = factories.SeriesFactory.build(code="GDP")
    observations = [observation(series, "2016", "1"), observation(series, "2017", "2")]

    root = parse(series_chart(series, observations, today=datetime.date(2026, 12, 3)))

    titles = [t.text for t in with_class(root, "title") if t.tag == f"{SVG}text"]
    assert "Latest figure 2017, 9 years old" in titles


def test_series_chart_has_no_script():
    series, observations, national, targets = capacity_series()

    assert "<script" not in series_chart(series, observations, national, targets)


# Legend and title


def test_series_chart_legend_names_places_in_full_and_fits_the_picture():
    series, observations, national, targets = capacity_series()

    svg = series_chart(series, observations, national, targets)

    root = parse(svg)
    assert legend_texts(root) == ["Liaoning", "China", "Target range: 80–85"]
    legend_x, legend_y = translation_of(with_class(root, "legends")[0])
    width, height = (float(n) for n in root.get("viewBox").split()[2:])
    last = list(with_class(root, "legends")[0].iter(f"{SVG}text"))[-1]
    # The baseline plus the descenders of a 14 px font stay inside the picture.
    assert legend_y + float(last.get("y")) + 4 <= height
    assert legend_x + float(last.get("x")) + len(last.text) * 0.62 * 14 <= width
    assert "…" not in svg


def test_series_chart_legend_uses_full_names_when_places_are_the_same():
    other = factories.SeriesFactory.build(code="B", name="Exports", geography="Liaoning")
    series = factories.SeriesFactory.build(code="A", name="Imports", geography="Liaoning", comparison=other)

    two = ("2015", "2016")
    root = parse(
        series_chart(
            series, [observation(series, y, "1") for y in two], [observation(other, y, "2") for y in two]
        )
    )

    assert legend_texts(root) == ["Imports (Liaoning)", "Exports (Liaoning)"]


def test_series_chart_single_line_has_no_legend():
    series = factories.SeriesFactory.build(code="GDP", name="Gross domestic product, Liaoning")

    root = parse(series_chart(series, [observation(series, "2016", "1"), observation(series, "2017", "2")]))

    assert with_class(root, "legends") == []


def test_series_chart_breaks_a_long_chinese_title_to_fit():
    series = factories.SeriesFactory.build(
        code="ZH",
        name="辽宁省信息传输、计算机服务和软件业外商直接投资与全国平均水平之比较",
        geography="辽宁省",
    )

    root = parse(series_chart(series, [observation(series, "2015", "40"), observation(series, "2016", "41")]))

    lines = [text.text for text in with_class(root, "plot_title")]
    assert "".join(lines) == series.name
    assert len(lines) == 2 and all(len(line) * 17 <= 480 for line in lines)


@pytest.mark.parametrize(
    ("name", "geography", "title"),
    [
        ("Gross domestic product, Liaoning", "Liaoning", "Gross domestic product, Liaoning"),
        ("Capacity utilisation", "Liaoning", "Capacity utilisation (Liaoning)"),
        (
            "Newly registered enterprises, Liaoning FTZ",
            "Liaoning FTZ",
            "Newly registered enterprises, Liaoning FTZ",
        ),
        ("Birth rate", "", "Birth rate"),
    ],
)
def test_series_title_names_the_geography_once(name, geography, title):
    series = factories.SeriesFactory.build(name=name, geography=geography)

    assert series.title == title
    two = [observation(series, "2016", "1"), observation(series, "2017", "1")]
    assert parse(series_chart(series, two)).get("aria-label") == title


def test_series_title_names_the_geography_once_in_chinese():
    series = factories.SeriesFactory.build(
        name="Gross domestic product, Liaoning",
        name_zh_hans="辽宁省地区生产总值",
        geography="Liaoning",
        geography_zh_hans="辽宁省",
    )
    national = factories.SeriesFactory.build(
        name="GDP", name_zh_hans="国内生产总值", geography="China", geography_zh_hans="中国"
    )

    with translation.override("zh-hans"):
        assert series.title == "辽宁省地区生产总值"
        assert national.title == "国内生产总值 (中国)"


# Pages


def one_year_series(**kwargs):
    series = factories.SeriesFactory(
        code="LN-CU",
        name="Capacity utilisation, Liaoning",
        name_zh_hans="辽宁省产能利用率",
        geography="Liaoning",
        geography_zh_hans="辽宁省",
        **kwargs,
    )
    factories.TargetFactory(series=series, value=None, low="80", high="85")
    factories.ObservationFactory(series=series, start_year=2017, end_year=2017, value="70")
    return series


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_series_list_shows_one_year_once_and_target_on_one_line(reviewer_client, language):
    one_year_series()

    content = reviewer_client.get(
        reverse("indicators:series-list"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert "2017–2017" not in content
    assert '<td class="text-nowrap d-none d-sm-table-cell">2017</td>' in content
    assert '<td class="text-nowrap d-none d-sm-table-cell">80–85 %</td>' in content
    assert content.count('<span class="badge text-bg-warning">') >= 1  # 2017 is stale


def test_category_page_shows_one_year_once(reviewer_client, action):
    factories.ActionSeriesFactory(action=action, series=one_year_series())

    response = reviewer_client.get(factories.url("category-detail", action.category.code))

    content = response.content.decode()
    assert "2017–2017" not in content
    assert '<td class="text-nowrap d-none d-sm-table-cell">2017</td>' in content


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Capacity utilisation, Liaoning"), ("zh-hans", "辽宁省产能利用率")],
)
def test_series_page_names_the_geography_once(reviewer_client, language, heading):
    national = factories.SeriesFactory(
        code="CN-CU",
        name="Capacity utilisation, China",
        name_zh_hans="全国产能利用率",
        geography="China",
        geography_zh_hans="中国",
    )
    series = one_year_series(comparison=national)
    factories.ObservationFactory(series=national, start_year=2017, end_year=2017, value="78")

    response = reviewer_client.get(series.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    content = response.content.decode()
    assert f'<h1 class="h3">{heading}</h1>' in content
    assert f'<caption class="caption-top">{heading}</caption>' in content
    assert "(Liaoning)" not in content and "(辽宁省)" not in content
    # One figure: a card, with the national figure beside it, not a chart.
    assert response.context["panel"]["form"] == "card"
    assert "figure-card" in content and "<img" not in content
    # The comparison's name does not say where, so its place follows it (once).
    national_title = "Capacity utilisation, China" if language == "en" else "全国产能利用率 (中国)"
    assert f">{national_title}</a>" in content


# The chart's own address


@pytest.fixture
def charted(db, action, statuses):
    series = factories.SeriesFactory(code="LN-GDP", name="Gross domestic product, Liaoning")
    for year, value in ((2015, "2866.9"), (2016, "2203.7"), (2017, "2394.2")):
        factories.ObservationFactory(series=series, start_year=year, end_year=year, value=value)
    factories.ActionSeriesFactory(action=action, series=series)
    other = factories.ActionFactory(code="9.9")
    factories.ActionSeriesFactory(action=other, series=series)
    factories.status_update(action, statuses["in-progress"], reported_on=datetime.date(2017, 6, 1))
    factories.status_update(other, statuses["in-progress"], reported_on=datetime.date(2016, 6, 1))
    return series


def test_series_page_embeds_the_chart_without_inline_style_or_script(reviewer_client, charted):
    content = reviewer_client.get(charted.get_absolute_url()).content.decode()

    assert '<img class="chart-image" src="/indicators/LN-GDP/chart.svg"' in content
    # A strict Content-Security-Policy (no unsafe-inline) holds: nothing inline to style or run.
    assert "<svg" not in content
    assert "<style" not in content and not re.search(r"\sstyle=", content)
    assert not re.search(r"<script(?![^>]*\ssrc=)", content)


def test_series_chart_svg_is_cached_by_etag_and_styled_only_inside(reviewer_client, charted):
    url = reverse("indicators:series-chart", args=[charted.code])

    response = reviewer_client.get(url)

    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    # Revalidated each time; signed in, nothing is stored either (core.middleware, as for every page).
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache", "no-store"}
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    parse(response.content.decode())  # well-formed
    again = reviewer_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    factories.ObservationFactory(series=charted, start_year=2018, end_year=2018, value="2500")
    changed = reviewer_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


def test_series_chart_svg_marks_the_updates_of_the_action_it_is_drawn_for(reviewer_client, charted, action):
    url = reverse("indicators:series-chart", args=[charted.code])

    every = parse(reviewer_client.get(url).content.decode())
    one = parse(reviewer_client.get(url, {"action": action.qualified_code}).content.decode())

    assert len(dots_of(every, 1)) == 2  # both linked actions' updates
    assert len(dots_of(one, 1)) == 1
    assert legend_texts(one)[-1] == "Status updates of linked actions"


def test_series_chart_marks_the_publication_of_the_strategies_of_its_actions(
    reviewer_client, charted, statuses
):
    from tracker.models import Strategy
    from tracker.queries import series_markers

    Strategy.objects.filter(code="plan-a").update(
        published_on=datetime.date(2017, 12, 1), short_title="TA-9036"
    )
    plan_b = factories.StrategyFactory(
        code="plan-b", short_title="Plan B", published_on=datetime.date(2021, 3, 1)
    )
    twin = factories.ActionFactory(code="1.1", category=factories.CategoryFactory(strategy=plan_b, code="1"))
    factories.ActionSeriesFactory(action=twin, series=charted)
    factories.status_update(twin, statuses["in-progress"], reported_on=datetime.date(2017, 6, 1))

    events, milestones = series_markers(charted)
    own_events, own_milestones = series_markers(charted, "plan-b:1.1")

    assert [(m.date, m.label) for m in milestones] == [
        (datetime.date(2017, 12, 1), "TA-9036 published"),
        (datetime.date(2021, 3, 1), "Plan B published"),
    ]
    # The two actions 1.1 told apart by their strategy.
    assert sorted(m.label for m in events) == ["plan-a 1.1", "plan-a 9.9", "plan-b 1.1"]
    assert [(m.date, m.label) for m in own_events] == [(datetime.date(2017, 6, 1), "1.1")]
    assert [m.label for m in own_milestones] == ["Plan B published"]
    chart = parse(
        reviewer_client.get(
            reverse("indicators:series-chart", args=[charted.code]), {"action": "plan-b:1.1"}
        ).content.decode()
    )
    assert "Plan B published" in legend_texts(chart) and "TA-9036 published" not in legend_texts(chart)


def test_action_page_draws_its_charts_for_the_action_of_its_strategy(reviewer_client, charted, action):
    content = reviewer_client.get(action.get_absolute_url()).content.decode()

    assert 'src="/indicators/LN-GDP/chart.svg?action=plan-a%3A1.1"' in content


def test_series_chart_svg_of_a_single_figure_is_not_found(reviewer_client, db):
    series = one_year_series()

    assert reviewer_client.get(reverse("indicators:series-chart", args=[series.code])).status_code == 404


def test_series_chart_svg_on_a_public_site_may_be_kept_and_revalidated(client, charted, settings):
    settings.TRACKER_PUBLIC = True
    url = reverse("indicators:series-chart", args=[charted.code])

    response = client.get(url)

    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_series_chart_svg_needs_a_reader(client, charted):
    response = client.get(reverse("indicators:series-chart", args=[charted.code]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
