"""Progress assessment (indicators.progress), each verdict worked out by hand.

The figures are chosen so that the rates come out round: 100 -> 121 over two years is 10 % a year, because
1.1 × 1.1 = 1.21; a target of 146.41 four years after a base of 100 needs 10 % a year (1.1^4 = 1.4641).
"""

from decimal import Decimal as D

import pytest

from indicators.progress import Goal, Point, Progress, Reason, assess, next_goal


def years(*pairs):
    """Points from (year, value) or ((first, last), value) pairs."""
    points = []
    for period, value in pairs:
        start, end = period if isinstance(period, tuple) else (period, period)
        points.append(Point(start, end, D(str(value))))
    return points


# Without a target: the observed compound annual growth rate, signed by the direction.
# 100 -> 110 over 5 years: 1.1 ** (1/5) - 1 = 1.92 % a year (>= 1.5 %).
# 100 -> 103 over 5 years: 0.59 % (>= 0.5 %); 100 -> 101: 0.20 % (>= 0); 100 -> 95: -1.02 %.
@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (110, Progress.SUBSTANTIAL),
        (103, Progress.MODERATE),
        (101, Progress.LIMITED),
        (100, Progress.LIMITED),  # standing still is not deterioration (sdg-build: 0 <= value < 0.5 %)
        (95, Progress.DETERIORATION),
    ],
)
def test_assess_rising_series_without_target(last, expected):
    result = assess("up", years((2010, 100), (2015, last)))

    assert result.progress == expected
    assert result.observed_rate == pytest.approx((last / 100) ** (1 / 5) - 1)
    assert result.required_rate is None


def test_assess_falling_series_without_target_rewards_a_fall():
    # 100 -> 90 over 5 years is -2.09 % a year; the series should fall, so that counts as +2.09 %.
    result = assess("down", years((2010, 100), (2015, 90)))

    assert result.progress == Progress.SUBSTANTIAL
    assert result.observed_rate == pytest.approx(0.9**0.2 - 1)


def test_assess_falling_series_that_rises_deteriorates():
    assert assess("down", years((2010, 100), (2015, 110))).progress == Progress.DETERIORATION


# With a target four years after a base of 100 (2015 -> 2019), observed 100 -> 121 by 2017 = 10 % a year:
# target 146.41 needs 10 % (ratio 1.0), 160.1806640625 needs 12.5 % (0.8), 207.36 needs 20 % (0.5).
@pytest.mark.parametrize(
    ("target", "ratio", "expected"),
    [
        ("146.41", 1.0, Progress.SUBSTANTIAL),
        ("160.1806640625", 0.8, Progress.MODERATE),
        ("207.36", 0.5, Progress.LIMITED),
    ],
)
def test_assess_rising_series_against_a_dated_target(target, ratio, expected):
    result = assess(
        "up", years((2015, 100), (2017, 121)), [Goal(value=D(target), start_year=2019, end_year=2019)]
    )

    assert result.progress == expected
    assert result.observed_rate == pytest.approx(0.1)
    assert result.ratio == pytest.approx(ratio)


def test_assess_rising_series_moving_away_from_its_target_deteriorates():
    # 100 -> 90: -5.1 % a year against +10 % required: a ratio below 0.
    result = assess(
        "up", years((2015, 100), (2017, 90)), [Goal(value=D("146.41"), start_year=2019, end_year=2019)]
    )

    assert result.progress == Progress.DETERIORATION
    assert result.ratio < 0


def test_assess_latest_value_meeting_the_target_is_achieved():
    result = assess(
        "up", years((2015, 100), (2017, 121)), [Goal(value=D("120"), start_year=2020, end_year=2020)]
    )

    assert result.progress == Progress.TARGET_ACHIEVED


def test_assess_achieved_even_with_one_observation():
    # sdg-build checks the target before the rates: one figure already past the target has met it.
    result = assess("up", years((2017, 3.5)), [Goal(low=D(2), high=D(3))])

    assert result.progress == Progress.TARGET_ACHIEVED


def test_assess_falling_series_against_a_dated_target():
    # 50 -> 40.5 over two years is -10 % a year (0.9 × 0.9 = 0.81); reaching 32.805 by 2019 needs -10 %
    # (50 × 0.9^4): ratio 1.
    result = assess(
        "down", years((2015, 50), (2017, "40.5")), [Goal(value=D("32.805"), start_year=2019, end_year=2019)]
    )

    assert result.progress == Progress.SUBSTANTIAL
    assert result.ratio == pytest.approx(1.0)


def test_assess_undated_target_uses_the_direction_only():
    # No year to reach it by, so no required rate: 70 -> 75 in a year is +7.1 %, towards the range.
    result = assess("range", years((2015, 70), (2016, 75)), [Goal(low=D(80), high=D(85))])

    assert result.progress == Progress.SUBSTANTIAL
    assert result.required_rate is None
    assert result.aim == D(80)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (90, 87, Progress.SUBSTANTIAL),  # above the range and falling towards it: +3.3 % the right way
        (84, 87, Progress.DETERIORATION),  # left the range upwards
        (75, 70, Progress.DETERIORATION),  # below the range and falling further
        (70, 82, Progress.TARGET_ACHIEVED),  # inside the range
        (70, 85, Progress.TARGET_ACHIEVED),  # on its edge
    ],
)
def test_assess_series_that_should_stay_within_a_range(first, last, expected):
    result = assess("range", years((2015, first), (2016, last)), [Goal(low=D(80), high=D(85))])

    assert result.progress == expected


def test_assess_range_series_without_a_target_range_is_not_assessable():
    result = assess("range", years((2015, 70), (2016, 75)))

    assert (result.progress, result.reason) == (Progress.NOT_ASSESSABLE, Reason.NO_RANGE)


def test_assess_rising_series_with_a_range_target_aims_at_its_lower_end():
    # R&D at 1.5 % of GDP should reach 2-3 % by 2019: 1.5 -> 1.815 in two years is +10 % a year; reaching 2
    # from 1.5 in four years needs 7.46 % a year: ratio 1.34.
    result = assess(
        "up",
        years((2015, "1.5"), (2017, "1.815")),
        [Goal(low=D(2), high=D(3), start_year=2019, end_year=2019)],
    )

    assert result.progress == Progress.SUBSTANTIAL
    assert result.aim == D(2)
    assert result.ratio == pytest.approx(0.1 / ((2 / 1.5) ** 0.25 - 1))


def test_assess_span_counts_at_its_middle():
    # An average over 2010-2014 stands for 2012: 100 -> 121 in 2014 is two years of 10 %, not four of 4.9 %.
    result = assess("up", years(((2010, 2014), 100), (2014, 121)))

    assert result.observed_rate == pytest.approx(0.1)
    assert result.progress == Progress.SUBSTANTIAL


def test_assess_missing_years_count_as_time_passed():
    # 2010 and 2015 only: 100 -> 105 is spread over five years (0.98 % a year), not one.
    result = assess("up", years((2010, 100), (2015, 105)))

    assert result.observed_rate == pytest.approx(1.05**0.2 - 1)
    assert result.progress == Progress.MODERATE


def test_assess_measures_from_the_baseline_when_there_is_one():
    # Baseline 2012 = 100; the 2010 figure before it plays no part: 100 -> 121 by 2014 is 10 % a year.
    result = assess("up", years((2010, 50), (2014, 121)), baseline=Point(2012, 2012, D(100)))

    assert result.base == Point(2012, 2012, D(100))
    assert result.observed_rate == pytest.approx(0.1)


def test_assess_nothing_after_the_baseline_is_not_assessable():
    result = assess("up", years((2010, 50), (2012, 90)), baseline=Point(2012, 2012, D(100)))

    assert (result.progress, result.reason) == (Progress.NOT_ASSESSABLE, Reason.ONE_POINT)


@pytest.mark.parametrize(
    ("direction", "points", "reason"),
    [
        ("none", years((2010, 1), (2015, 2)), Reason.CONTEXT_ONLY),
        ("up", [], Reason.NO_DATA),
        ("up", years((2015, 1)), Reason.ONE_POINT),
        ("up", years(((2008, 2012), "3.3"), (2017, "-2.7")), Reason.SIGN_CHANGE),
        ("up", years((2015, 0), (2016, 5)), Reason.ZERO_BASE),
    ],
)
def test_assess_not_assessable(direction, points, reason):
    result = assess(direction, points)

    assert (result.progress, result.reason) == (Progress.NOT_ASSESSABLE, reason)


def test_assess_negative_values_rising_towards_zero_is_progress():
    # Residents fell by 90 thousand, then by 46 thousand: the fall halved. Base below zero flips the sign
    # (sdg-build): (46/90) - 1 = -48.9 %, times -1 = +48.9 %.
    result = assess("up", years((2015, -90), (2016, -46)))

    assert result.progress == Progress.SUBSTANTIAL


def test_next_goal_is_the_first_one_not_yet_past():
    goals = [
        Goal(value=D(1), start_year=2020, end_year=2020),
        Goal(value=D(2), start_year=2025, end_year=2025),
    ]

    assert next_goal(goals, Point(2021, 2021, D(0))).end_year == 2025
    assert next_goal(goals, Point(2019, 2019, D(0))).end_year == 2020
    assert next_goal(goals, Point(2030, 2030, D(0))).end_year == 2025  # all past: the last one still counts


def test_next_goal_prefers_an_undated_target_to_a_past_one():
    goals = [Goal(value=D(1), start_year=2010, end_year=2010), Goal(value=D(2))]

    assert next_goal(goals, Point(2021, 2021, D(0))).end_year is None
