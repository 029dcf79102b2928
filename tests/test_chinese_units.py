"""Chinese units (issue 13, point 9): where a series says so, Chinese pages show its figures in the unit
Chinese statistics use (亿元 rather than 十亿元), converted for display only; English pages, exports, the API
and the database keep the figures as printed."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from indicators.models import Observation, Series

from . import factories

pytestmark = pytest.mark.django_db


def figures(html: str) -> list[tuple[str, str, str]]:
    """The rows of a series page's table of figures: period, value, unit."""
    table = re.search(
        r'<table class="table table-sm align-middle w-auto observation-table">.*?</table>', html, re.S
    )
    rows = re.findall(
        r'<th scope="row"[^>]*>(.*?)</th>\s*<td class="text-end text-nowrap">(.*?)</td>\s*<td>(.*?)</td>',
        table.group(0),
        re.S,
    )
    return [tuple(cell.strip() for cell in row) for row in rows]


def test_chinese_page_shows_gdp_in_yi_yuan_and_english_as_printed(reviewer_client, report):
    url = reverse("indicators:series-detail", args=["LN-GDP"])

    english = reviewer_client.get(url).content.decode()
    reviewer_client.cookies["django_language"] = "zh-hans"
    chinese = reviewer_client.get(url).content.decode()

    assert figures(english)[-2:] == [("2016", "2203.7", "RMB billion"), ("2017", "2394.2", "RMB billion")]
    assert figures(chinese)[-2:] == [("2016", "22037", "亿元"), ("2017", "23942", "亿元")]
    assert '<dd class="col-7">亿元</dd>' in chinese
    # Only shown so: the database keeps the printed figure.
    stored = Observation.objects.get(series__code="LN-GDP", start_year=2017)
    assert (stored.value, stored.decimals) == (Decimal("2394.2"), 1)


def test_chinese_exports_and_api_keep_the_printed_figures(reviewer_client, report):
    reviewer_client.cookies["django_language"] = "zh-hans"

    export = reviewer_client.get(reverse("indicators:series-export-one", args=["LN-GDP", "csv"]))
    api = reviewer_client.get("/api/v1/series/LN-GDP/observations/")

    text = b"".join(export.streaming_content).decode()
    assert "2394.2" in text and "23942" not in text
    assert "2394.2" in [row["value"] for row in api.json()["results"]]


def test_series_without_a_chinese_unit_is_shown_as_printed(reviewer_client, report):
    reviewer_client.cookies["django_language"] = "zh-hans"

    html = reviewer_client.get(reverse("indicators:series-detail", args=["LN-GDP-USD"])).content.decode()

    assert Series.objects.get(code="LN-GDP-USD").chinese_unit == ""
    assert figures(html)[0][2] == "亿美元"


@pytest.mark.parametrize(
    ("unit", "scale", "value", "decimals", "shown"),
    [
        ("亿元", "10", "2866.97", 2, "28669.7"),  # a tenfold unit takes one decimal fewer
        ("万美元", "100", "70", None, "7000"),
        ("万人", "0.1", "-90", 0, "-9.0"),  # a tenth takes one more
    ],
)
def test_shown_converts_on_chinese_pages_only(unit, scale, value, decimals, shown):
    series = factories.SeriesFactory(chinese_unit=unit, chinese_scale=Decimal(scale))

    with translation.override("en"):
        english = (series.shown(Decimal(value), decimals), series.shown_unit)
    with translation.override("zh-hans"):
        chinese = (str(series.shown(Decimal(value), decimals)), series.shown_unit)

    assert english == (Observation(value=Decimal(value), decimals=decimals).display_value, series.unit)
    assert chinese == (shown, unit)


def test_chinese_unit_needs_its_factor():
    with pytest.raises(IntegrityError):
        factories.SeriesFactory(chinese_unit="亿元", chinese_scale=None)


def test_chinese_chart_draws_the_converted_figures(reviewer_client, report):
    reviewer_client.cookies["django_language"] = "zh-hans"

    svg = reviewer_client.get(reverse("indicators:series-chart", args=["LN-GDP"])).content.decode()

    assert "亿元" in svg and "十亿元" not in svg
