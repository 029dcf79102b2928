"""Progress assessment of one series: is it moving towards its target, and fast enough?

The method is Open SDG's progress measure (sdg-build, `sdg/ProgressMeasure.py`), adapted to the tracker's
directions and periods; the README states it with its thresholds. In short:

- the *base* is the series' baseline, or its first observation; the *current* point is its latest observation;
- with a target (and a target year after the base), the observed compound annual growth rate from base to
  current is divided by the rate required to go from the base to the target by the target year:
  ratio >= 0.95 substantial, >= 0.6 moderate, >= 0 limited, < 0 deterioration;
- without one, the observed rate alone, signed by the desired direction: >= 1.5 % a year substantial,
  >= 0.5 % moderate, >= 0 limited, < 0 deterioration;
- a latest observation that meets the target is "target achieved" whatever the rates.

Nothing here touches the database: `assess` takes plain values, so that it can be tested by hand and run in
a migration.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# sdg-build's default thresholds (get_progress_thresholds).
WITH_TARGET = {"high": 0.95, "med": 0.6, "low": 0.0}  # observed rate / required rate
WITHOUT_TARGET = {"high": 0.015, "med": 0.005, "low": 0.0}  # observed rate, a year


class Progress(models.TextChoices):
    TARGET_ACHIEVED = "target_achieved", _("Target achieved")
    SUBSTANTIAL = "substantial", _("Substantial progress")
    MODERATE = "moderate", _("Moderate progress")
    LIMITED = "limited", _("Limited progress")
    DETERIORATION = "deterioration", _("Deterioration")
    NOT_ASSESSABLE = "not_assessable", _("Not assessable")


class Reason(models.TextChoices):
    """Why a series gets no verdict."""

    CONTEXT_ONLY = "context_only", _("the series is context only, with no desired direction")
    NO_DATA = "no_data", _("it has no observation")
    ONE_POINT = "one_point", _("it has fewer than two observations since the baseline")
    NO_RANGE = "no_range", _("it should stay within a range, but no target range is set")
    ZERO_BASE = "zero_base", _("its base value is zero, from which no growth rate can be computed")
    SIGN_CHANGE = "sign_change", _("its base and latest values have opposite signs")


@dataclass(frozen=True)
class Point:
    start_year: int
    end_year: int
    value: Decimal

    @property
    def time(self) -> float:
        """A span counts at its middle: an average over 1991-2000 stands for 1995.5, not for 1991."""
        return (self.start_year + self.end_year) / 2


@dataclass(frozen=True)
class Goal:
    """A target: one value, or a range from low to high; by a year (end_year) or undated."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True)
class Assessment:
    progress: str
    reason: str = ""
    base: Point | None = None
    current: Point | None = None
    goal: Goal | None = None
    aim: Decimal | None = None  # the figure the series is measured against (one end of a range)
    observed_rate: float | None = None
    required_rate: float | None = None
    ratio: float | None = None

    @property
    def uses_target(self) -> bool:
        return self.required_rate is not None


def next_goal(goals, current: Point | None) -> Goal | None:
    """The target to assess against: the first one dated at or after the latest observation; else an undated
    one; else the last dated one (a target whose year has passed is still the one to reach)."""
    goals = list(goals)
    dated = sorted((goal for goal in goals if goal.end_year is not None), key=lambda goal: goal.end_year)
    undated = [goal for goal in goals if goal.end_year is None]
    if current is not None:
        ahead = [goal for goal in dated if goal.end_year >= current.end_year]
        if ahead:
            return ahead[0]
    if undated:
        return undated[0]
    return dated[-1] if dated else None


def growth(current: float, base: float, years: float) -> float:
    """Compound annual growth rate (sdg-build's growth_calculation)."""
    return (current / base) ** (1 / years) - 1


def _classify(value: float, thresholds: dict) -> str:
    if value >= thresholds["high"]:
        return Progress.SUBSTANTIAL
    if value >= thresholds["med"]:
        return Progress.MODERATE
    if value >= thresholds["low"]:
        return Progress.LIMITED
    return Progress.DETERIORATION


def _aim(direction: str, goal: Goal, current: Point) -> tuple[int, Decimal, bool]:
    """(sense, aim, achieved): which way the series must move from here (+1 up, -1 down), the figure it
    is measured against, and whether the latest observation already meets the target.

    Rising series reach a range at its lower end and falling series at its upper end; a series that should
    stay within a range moves towards the nearer end when it is outside.
    """
    low = goal.value if goal.value is not None else goal.low
    high = goal.value if goal.value is not None else goal.high
    if direction == "up":
        return 1, low, current.value >= low
    if direction == "down":
        return -1, high, current.value <= high
    if current.value < low:
        return 1, low, False
    if current.value > high:
        return -1, high, False
    return 1, low, True


def assess(direction: str, points, goals=(), baseline: Point | None = None) -> Assessment:
    """The verdict for a series whose desired `direction` is up, down, range or none."""
    if direction == "none":
        return Assessment(Progress.NOT_ASSESSABLE, Reason.CONTEXT_ONLY)
    points = sorted(points, key=lambda point: (point.time, point.end_year))
    if not points:
        return Assessment(Progress.NOT_ASSESSABLE, Reason.NO_DATA)
    base = baseline or points[0]
    current = points[-1]
    goal = next_goal(goals, current)
    if direction == "range" and goal is None:
        return Assessment(Progress.NOT_ASSESSABLE, Reason.NO_RANGE, base=base, current=current)
    if goal is not None:
        sense, aim, achieved = _aim(direction, goal, current)
        if achieved:
            return Assessment(Progress.TARGET_ACHIEVED, base=base, current=current, goal=goal, aim=aim)
    else:
        sense, aim = (1 if direction == "up" else -1), None
    if current.time <= base.time:
        return Assessment(Progress.NOT_ASSESSABLE, Reason.ONE_POINT, base=base, current=current, goal=goal)
    if base.value == 0:
        return Assessment(Progress.NOT_ASSESSABLE, Reason.ZERO_BASE, base=base, current=current, goal=goal)
    if (base.value > 0) != (current.value > 0) or current.value == 0:
        return Assessment(Progress.NOT_ASSESSABLE, Reason.SIGN_CHANGE, base=base, current=current, goal=goal)
    sign = -1 if base.value < 0 else 1
    observed = growth(float(current.value), float(base.value), current.time - base.time)
    required = None
    # The required rate needs a target year after the base, and a target of the base's sign that differs
    # from it; otherwise the direction alone is assessed, as sdg-build does for a series without a target.
    if (
        goal is not None
        and goal.end_year is not None
        and goal.end_year > base.time
        and aim != 0
        and (aim > 0) == (base.value > 0)
        and aim != base.value
    ):
        required = growth(float(aim), float(base.value), goal.end_year - base.time)
    if required:
        ratio = sign * sense * observed / abs(required)
        progress = _classify(ratio, WITH_TARGET)
    else:
        ratio = None
        progress = _classify(sign * sense * observed, WITHOUT_TARGET)
    return Assessment(
        progress,
        base=base,
        current=current,
        goal=goal,
        aim=aim,
        observed_rate=observed,
        required_rate=required or None,
        ratio=ratio,
    )
