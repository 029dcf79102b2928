"""The server-drawn charts of indicator series, and how series are named and dated in tables."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.charts import series_chart

from . import factories

SVG = "{http://www.w3.org/2000/svg}"
LONG_NAME = "Industrial capacity utilisation rate, Liaoning (lower end of reported range)"


def observation(series, period, value):
    start, _, end = period.partition("-")
    return factories.ObservationFactory.build(
        series=series, start_year=int(start), end_year=int(end or start), value=Decimal(value)
    )


def capacity_series(**kwargs):
    """The case a new user found unreadable: one year of figures, a comparison and a target range."""
    national = factories.SeriesFactory.build(
        code="CN-CU", name="Industrial capacity utilisation rate, China", geography="China"
    )
    series = factories.SeriesFactory.build(
        code="LN-CU",
        name=LONG_NAME,
        geography="Liaoning",
        target_low=Decimal("80"),
        target_high=Decimal("85"),
        comparison=national,
        **kwargs,
    )
    return series, [observation(series, "2017", "70")], [observation(national, "2017", "78")]


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


# One observation


def test_series_chart_one_observation_draws_target_range_across_the_plot():
    series, observations, national = capacity_series()

    root = parse(series_chart(series, observations, national))

    target = with_class(root, "serie-2")[0]  # the first, in the plot (the others are overlays)
    edges = target.findall(f"{SVG}path")
    assert len(edges) == 2  # the bottom and the top of the range
    for edge in edges:
        xs = xs_of_path(edge)
        assert max(xs) - min(xs) > 0.9 * plot_width(root)


def test_series_chart_one_observation_draws_target_value_across_the_plot():
    series = factories.SeriesFactory.build(code="T", target_value=Decimal("12"))

    root = parse(series_chart(series, [observation(series, "2016", "9.58")]))

    xs = xs_of_path(with_class(root, "serie-1")[0].find(f"{SVG}path"))
    assert max(xs) - min(xs) > 0.9 * plot_width(root)
    assert legend_texts(root) == ["Liaoning", "Target: 12"]


def test_series_chart_one_observation_stands_mid_plot_labelled_with_its_value():
    series = factories.SeriesFactory.build(code="TEU", name="Container throughput, Port of Dalian")

    root = parse(series_chart(series, [observation(series, "2016", "9.58")]))

    dot = with_class(root, "dot")[0]
    assert 0.4 < float(dot.get("cx")) / plot_width(root) < 0.6  # not stuck on the y-axis
    assert float(dot.get("r")) == 6
    assert printed_values(root) == ["9.58"]
    assert x_axis_labels(root) == ["2016"]


def test_series_chart_one_span_is_labelled_with_its_period():
    series = factories.SeriesFactory.build(code="BANKRUPT")

    root = parse(series_chart(series, [observation(series, "2008-2014", "746")]))

    assert x_axis_labels(root) == ["2008-2014"]


def test_series_chart_several_observations_keep_points_off_the_edges_and_unlabelled():
    series = factories.SeriesFactory.build(code="GDP", name="Gross domestic product, Liaoning")
    observations = [observation(series, str(year), "2000") for year in range(2011, 2018)]

    root = parse(series_chart(series, observations))

    cxs = [float(dot.get("cx")) for dot in with_class(root, "dot")]
    assert min(cxs) > 10 and max(cxs) < plot_width(root) - 10
    assert printed_values(root) == []


# Legend and title


def test_series_chart_legend_names_places_in_full_and_fits_the_picture():
    series, observations, national = capacity_series()

    svg = series_chart(series, observations, national)

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

    root = parse(series_chart(series, [observation(series, "2015", "1")], [observation(other, "2015", "2")]))

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

    root = parse(series_chart(series, [observation(series, "2015", "40")]))

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
    assert parse(series_chart(series, [observation(series, "2017", "1")])).get("aria-label") == title


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


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def one_year_series(**kwargs):
    series = factories.SeriesFactory(
        code="LN-CU",
        name="Capacity utilisation, Liaoning",
        name_zh_hans="辽宁省产能利用率",
        geography="Liaoning",
        geography_zh_hans="辽宁省",
        target_low="80",
        target_high="85",
        **kwargs,
    )
    factories.ObservationFactory(series=series, start_year=2017, end_year=2017, value="70")
    return series


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_series_list_shows_one_year_once_and_target_on_one_line(reviewer_client, language):
    one_year_series()

    content = reviewer_client.get(
        reverse("indicators:series-list"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert "2017–2017" not in content
    assert '<td class="text-nowrap">2017</td>' in content
    assert '<td class="text-nowrap">80–85 %</td>' in content


def test_category_page_shows_one_year_once(reviewer_client, action):
    factories.ActionSeriesFactory(action=action, series=one_year_series())

    response = reviewer_client.get(reverse("tracker:category-detail", args=[action.category.code]))

    content = response.content.decode()
    assert "2017–2017" not in content
    assert '<td class="text-nowrap">2017</td>' in content


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
    assert response.context["chart"].startswith(f'<svg role="img" aria-label="{heading}"')
    # The comparison's name does not say where, so its place follows it (once).
    national_title = "Capacity utilisation, China" if language == "en" else "全国产能利用率 (中国)"
    assert f">{national_title}</a>" in content
