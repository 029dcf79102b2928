"""The first strategy, ADB TA-9036 Technical Report 5, as `load_report` loads it."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from indicators.models import Observation, Series, Target
from tracker.models import Action, ActionSeries, ActionSupport, Agency, Category, ReasonCode, Status

MODELS = [Category, Agency, Status, ReasonCode, Series, Observation, Action, ActionSupport, ActionSeries]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def figure(series, period):
    observation = Observation.objects.get(series__code=series, **period_filter(period))
    return f"{observation.display_value} {observation.series.unit_en}"


def period_filter(period):
    start, _, end = period.partition("-")
    return {"start_year": int(start), "end_year": int(end or start)}


@pytest.mark.django_db
def test_load_report_twice_gives_identical_counts(report):
    first = counts()
    call_command("load_report", verbosity=0)
    assert counts() == first


def test_report_has_seven_categories_each_with_actions_and_series(report):
    categories = Category.objects.annotate(
        n_actions=Count("actions", distinct=True), n_series=Count("actions__series_links", distinct=True)
    )
    assert [c.name_en for c in categories] == [
        "Economic Structure",
        "Attracting Foreign Trade and Investment",
        "Managing Foreign Trade and Investment",
        "Redundant Construction and Overcapacity",
        "SOE Management",
        "Port Management",
        "Demographic Trends",
    ]
    assert all(c.n_actions > 0 and c.n_series > 0 for c in categories)


def test_report_actions_split_as_the_domain_notes_say(report):
    per_category = dict(Category.objects.annotate(n=Count("actions")).values_list("code", "n"))
    assert per_category == {"1": 4, "2": 6, "3": 8, "4": 6, "5": 3, "6": 2, "7": 4}
    assert Action.objects.count() >= 30
    paragraphs = {p.split(",")[0] for p in Action.objects.values_list("source_paragraphs", flat=True)}
    assert paragraphs == {f"¶{n}" for n in range(113, 131)}


def test_every_action_has_exactly_one_lead_and_a_description(report):
    for action in Action.objects.select_related("lead_agency"):
        assert action.lead_agency is not None
        assert action.lead_agency not in action.supporting_agencies.all()
        assert action.title_en and action.description_en and action.source_paragraphs


FIGURES = [
    ("LN-GDP", "2011", "2222.7 RMB billion"),  # Table 1
    ("LN-GDP", "2016", "2203.7 RMB billion"),  # Table 1
    ("LN-GDP-GROWTH", "2016", "-2.5 %"),  # ¶29
    ("CN-GDP-GROWTH", "2016", "6.7 %"),  # ¶30
    ("LN-TRADE-RU-TOTAL", "2016", "215.02 RMB 100 million"),  # Dalian Customs table after ¶44
    ("LN-TRADE-JP-IMPORTS", "2015", "260.70 RMB 100 million"),  # the same table: the trailing zero stays
    ("LN-SOE-COUNT", "2016", "1751 enterprises"),  # ¶58
    ("DALIAN-PORT-TEU", "2016", "9.58 TEU million"),  # ¶61
]


def test_report_figures_exactly_as_printed(report):
    assert [(series, period, figure(series, period)) for series, period, _ in FIGURES] == FIGURES


def test_report_targets(report):
    # Only where the report prints them, and undated: it names no year for either.
    targets = [
        (t.series.code, t.period, t.value, t.low, t.high, t.source)
        for t in Target.objects.select_related("series").order_by("series__code")
    ]
    assert targets == [
        ("LN-CAPACITY-UTIL-HIGH", "", None, 80, 85, "TR5 ¶53"),  # ¶53: 80-85% is a reasonable level
        ("LN-CAPACITY-UTIL-LOW", "", None, 80, 85, "TR5 ¶53"),
        ("LN-RD-GDP-SHARE", "", None, 2, 3, "TR5 ¶114"),  # ¶114: developed nations spend 2-3% of GDP on R&D
    ]
    assert Series.objects.get(code="CN-CAPACITY-UTIL").comparison is None
    # The report prints no baseline.
    assert not Series.objects.exclude(baseline_period="").exists()


def test_report_series_verdicts(report):
    counts = dict(Series.objects.order_by().values_list("progress").annotate(n=Count("pk")))
    assert counts == {"deterioration": 13, "substantial": 10, "moderate": 2, "not_assessable": 38}
    assert Series.objects.get(code="LN-FDI").progress == "deterioration"  # 59.85 (2006) -> 51.85 (2015)
    assert Series.objects.get(code="LN-GDP").progress == "moderate"  # 2222.7 (2011) -> 2394.2 (2017): +1.2 %


def test_report_series_carry_unit_source_and_chinese(report):
    for series in Series.objects.all():
        assert series.unit_en and series.unit_zh_hans and series.source, series.code
        assert series.name_zh_hans and series.geography_zh_hans, series.code


def test_report_table_1_unit_discrepancy_is_noted(report):
    assert "100 Billion Yuan" in Series.objects.get(code="LN-GDP").notes_en


def test_report_is_strategy_ta9036_with_its_title_page(report):
    from tracker.models import Strategy

    strategy = Strategy.objects.get()
    assert (strategy.code, strategy.title_en, strategy.publisher_en, strategy.published_on.isoformat()) == (
        "ta9036",
        "Strategy for Liaoning North Yellow Sea Regional Cooperation and Development",
        "Asian Development Bank",
        "2017-12-01",
    )
    assert strategy.period == ""  # the report names no years
    assert set(Category.objects.values_list("strategy", flat=True)) == {strategy.pk}
    assert set(Action.objects.values_list("strategy", flat=True)) == {strategy.pk}
    assert dict(Status.objects.values_list("code", "outcome")) == {
        "not-started": "open",
        "in-progress": "open",
        "delayed": "open",
        "completed": "achieved",
        "discontinued": "dropped",
    }
