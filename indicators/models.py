"""Indicator series and their observations: the statistics meant to show whether things are moving."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .progress import Progress

PERIOD_RE = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*$")


def parse_period(text: str) -> tuple[int, int]:
    """'2015' -> (2015, 2015); '2008-2014' (or with an en dash) -> (2008, 2014)."""
    match = PERIOD_RE.match(str(text or ""))
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a period: write a year such as 2015 or a span such as 2008-2014."),
            params={"value": text},
            code="invalid_period",
        )
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if end < start:
        raise ValidationError(
            _("The span %(value)s ends before it starts."), params={"value": text}, code="invalid_period"
        )
    return start, end


def format_period(start_year: int, end_year: int) -> str:
    return str(start_year) if start_year == end_year else f"{start_year}-{end_year}"


def stale_since_year(today=None) -> int:
    """The first year a series' latest observation must reach not to be stale: INDICATORS_STALE_YEARS
    before this one (with 2, in 2026 a 2024 figure is recent and a 2023 one stale)."""
    return (today or timezone.localdate()).year - settings.INDICATORS_STALE_YEARS


class SeriesQuerySet(models.QuerySet):
    def without_recent_observation(self, since_year):
        """Series with no observation whose period reaches `since_year` or later (a look-up per series in
        observation_latest_idx, not a scan of every observation)."""
        recent = Observation.objects.filter(series=OuterRef("pk"), end_year__gte=since_year)
        return self.filter(~Exists(recent))

    def without_target(self):
        # NOT EXISTS rather than a left join: an anti-join, which can follow the series in code order and
        # stop at the page's end.
        return self.filter(~Exists(Target.objects.filter(series=OuterRef("pk"))))

    def stale(self, since_year):
        """Series whose latest observation ends before `since_year`, or that have none."""
        return self.without_recent_observation(since_year)

    def with_summary(self):
        """Each series with what a list of them shows, from the database and without reading every
        observation: the years they cover (first_year, last_year) and the latest one (latest_start,
        latest_end, latest_value, latest_decimals). Each figure is one row of an index
        (observation_latest_idx, observation_one_per_period), however many observations a series has."""
        latest = Observation.objects.filter(series=OuterRef("pk")).order_by("-end_year", "-start_year")
        first = Observation.objects.filter(series=OuterRef("pk")).order_by("start_year", "end_year")
        return self.annotate(
            first_year=Subquery(first.values("start_year")[:1]),
            # The latest observation ends last: its end is the last year covered.
            last_year=Subquery(latest.values("end_year")[:1]),
            **latest_observation("pk"),
        )


def latest_observation(series: str) -> dict:
    """Annotations of the latest observation of the series whose id is the outer query's `series` column
    ("pk" on series, "series" on rows linking to one): latest_start, latest_end, latest_value and
    latest_decimals, each None without observation. One look-up in observation_latest_idx per series."""
    latest = Observation.objects.filter(series=OuterRef(series)).order_by("-end_year", "-start_year")
    return {
        "latest_start": Subquery(latest.values("start_year")[:1]),
        "latest_end": Subquery(latest.values("end_year")[:1]),
        "latest_value": Subquery(latest.values("value")[:1]),
        "latest_decimals": Subquery(latest.values("decimals")[:1]),
    }


class SeriesFrequency(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")
    IRREGULAR = "irregular", _("Irregular")


class SeriesDirection(models.TextChoices):
    UP = "up", _("Should rise")
    DOWN = "down", _("Should fall")
    RANGE = "range", _("Should stay within the target range")
    NONE = "none", _("Context only")


class Series(models.Model):
    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("Short code used in spreadsheets.")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    chinese_unit = models.CharField(
        _("unit on Chinese pages"),
        max_length=60,
        blank=True,
        help_text=_(
            "Where Chinese statistics write the figures in another unit (亿元 rather than 十亿元): "
            "that unit. "
            "Pages in Chinese show the figures converted to it; the stored figures never change."
        ),
    )
    chinese_scale = models.DecimalField(
        _("factor for Chinese pages"),
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_(
            "What a figure is multiplied by to read in the unit on Chinese pages: 10 from 十亿元 to 亿元."
        ),
    )
    geography = models.CharField(_("geography"), max_length=100, help_text=_("Liaoning, a city, or China."))
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=SeriesFrequency.choices, default=SeriesFrequency.ANNUAL
    )
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=SeriesDirection.choices, default=SeriesDirection.UP
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Table or paragraph, and the statistical source cited."),
    )
    notes = models.TextField(_("notes"), blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    baseline_period = models.CharField(
        _("baseline period"),
        max_length=9,
        blank=True,
        help_text=_("The year (2015) or span (2011-2015) that progress is measured from."),
    )
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    progress = models.CharField(
        _("progress"),
        max_length=20,
        choices=Progress.choices,
        default=Progress.NOT_ASSESSABLE,
        editable=False,
        help_text=_("Worked out from the observations, the baseline and the next target."),
    )
    comparison = models.ForeignKey(
        "self",
        verbose_name=_("comparison series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="compared_by",
        help_text=_("The series to draw beside this one, such as the national figure."),
    )

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator series")
        verbose_name_plural = _("indicator series")
        constraints = [
            models.CheckConstraint(
                condition=(Q(baseline_value__isnull=True) & Q(baseline_period=""))
                | (Q(baseline_value__isnull=False) & ~Q(baseline_period="")),
                name="series_baseline_complete",
            ),
            models.CheckConstraint(condition=Q(progress__in=Progress.values), name="series_progress_valid"),
            models.CheckConstraint(condition=~Q(comparison=F("pk")), name="series_not_own_comparison"),
            models.CheckConstraint(
                condition=Q(frequency__in=SeriesFrequency.values),
                name="series_frequency_valid",
            ),
            models.CheckConstraint(
                condition=(Q(chinese_unit="") & Q(chinese_scale__isnull=True))
                | (~Q(chinese_unit="") & Q(chinese_scale__isnull=False) & Q(chinese_scale__gt=0)),
                name="series_chinese_unit_complete",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=SeriesDirection.values), name="series_direction_valid"
            ),
        ]
        indexes = [
            # The series list's geography filter offers every geography (filters.geography_choices): a
            # DISTINCT over this narrow index (an index-only scan) rather than a sort of every series row.
            models.Index(fields=["geography_en", "geography_zh_hans"], name="series_geography_idx"),
            # The dashboard's count of series per verdict (read from the index alone) and its evidence
            # disagreements (the few series that deteriorate or progress, not every series).
            models.Index(fields=["progress", "direction"], name="series_progress_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("indicators:series-detail", args=[self.code])

    @property
    def title(self) -> str:
        """The name and where it was measured, without saying the place twice: names such as
        "Gross domestic product, Liaoning" already contain it (in the reader's language)."""
        if self.geography in self.name:  # also when the geography is empty
            return self.name
        return f"{self.name} ({self.geography})"

    @property
    def converts_for_chinese(self) -> bool:
        """Whether this page shows the figures in the series' unit for Chinese pages."""
        return bool(self.chinese_unit and self.chinese_scale) and translation.get_language().startswith("zh")

    @property
    def shown_unit(self) -> str:
        return self.chinese_unit if self.converts_for_chinese else self.unit

    def shown(self, value: Decimal | None, decimals: int | None = None) -> Decimal | None:
        """A stored figure as this page shows it: as printed, and on Chinese pages in the series' Chinese
        unit where it has one (2,866.97 十亿元 reads 28,669.7 亿元). Only for display: nothing is stored."""
        if value is None or not self.converts_for_chinese:
            return as_printed(value, decimals)
        if decimals is not None:
            # The same precision: a tenfold unit takes one decimal fewer.
            decimals = max(decimals - self.chinese_scale.normalize().adjusted(), 0)
        return as_printed(value * self.chinese_scale, decimals)

    def shown_target(self, target) -> str:
        """A target's figure as this page shows it: "85" or "80–85"."""
        if target.value is not None:
            return str(self.shown(target.value))
        return f"{self.shown(target.low)}–{self.shown(target.high)}"

    @property
    def shown_baseline(self) -> Decimal | None:
        return self.shown(self.baseline_value)

    def clean(self):
        if bool(self.chinese_unit) != (self.chinese_scale is not None):
            raise ValidationError(_("A unit for Chinese pages needs both the unit and its factor."))
        if self.baseline_period:
            try:
                self.baseline_period = format_period(*parse_period(self.baseline_period))
            except ValidationError as error:
                raise ValidationError({"baseline_period": error.messages}) from None
        if bool(self.baseline_period) != (self.baseline_value is not None):
            raise ValidationError(_("A baseline needs both its period and its value."))

    @property
    def baseline_years(self) -> tuple[int, int] | None:
        return parse_period(self.baseline_period) if self.baseline_period else None


class Observation(models.Model):
    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="observations"
    )
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(
        _("to year"), help_text=_("Equal to the first year for one year.")
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"),
        null=True,
        blank=True,
        help_text=_(
            "Digits after the decimal point as the source prints the figure; empty shows the value as stored."
        ),
    )
    source_ref = models.CharField(
        _("source reference"), max_length=200, blank=True, help_text=_("Table or paragraph, such as Table 3.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, help_text=_("When this value was entered in the tracker.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "start_year", "end_year"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "start_year", "end_year"], name="observation_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="observation_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=1900, end_year__lte=2200), name="observation_period_plausible"
            ),
        ]
        indexes = [
            # The latest observation of each series (Series.objects.with_summary, the staleness filter).
            models.Index(fields=["series", "-end_year", "-start_year"], name="observation_latest_idx"),
            # The series with a recent observation, as the count of stale series reads them (the dashboard):
            # the few recent rows, not a look-up per series.
            models.Index(fields=["end_year", "series"], name="observation_recent_idx"),
        ]

    def __str__(self):
        return f"{self.series.code} {self.period}: {self.value}"

    @property
    def period(self):
        return format_period(self.start_year, self.end_year)

    @period.setter
    def period(self, text):
        self.start_year, self.end_year = parse_period(text)

    @property
    def display_value(self) -> Decimal:
        """The value as the source prints it (12.50 stays 12.50; 1500 stays 1500)."""
        return as_printed(self.value, self.decimals)


class Target(models.Model):
    """A figure the series should reach (or a range it should stay within), by a year or a span, or undated
    when the strategy names no date."""

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="targets"
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        _("by year"), null=True, blank=True, help_text=_("Empty for a target the strategy gives no date.")
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    low = models.DecimalField(_("range from"), max_digits=20, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(_("range to"), max_digits=20, decimal_places=6, null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the strategy sets it, such as ¶114.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", F("end_year").asc(nulls_last=True), "start_year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(low__isnull=True) & Q(high__isnull=True))
                | (Q(value__isnull=True) & Q(low__isnull=False) & Q(high__isnull=False)),
                name="target_value_or_range",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(low__lte=F("high")), name="target_range_ordered"
            ),
            models.CheckConstraint(
                condition=(Q(start_year__isnull=True) & Q(end_year__isnull=True))
                | (Q(start_year__isnull=False, end_year__isnull=False) & Q(end_year__gte=F("start_year"))),
                name="target_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__gte=1900, end_year__lte=2200),
                name="target_period_plausible",
            ),
            models.UniqueConstraint(
                fields=["series", "start_year", "end_year"], name="target_one_per_period"
            ),
            # NULLs are distinct in the constraint above: one undated target per series is this one's job.
            models.UniqueConstraint(
                fields=["series"], condition=Q(end_year__isnull=True), name="target_one_undated_per_series"
            ),
        ]

    def __str__(self):
        return f"{self.series.code} {self.period or '—'}: {self.figure}"

    @property
    def period(self) -> str:
        return format_period(self.start_year, self.end_year) if self.end_year is not None else ""

    @period.setter
    def period(self, text):
        self.start_year, self.end_year = parse_period(text) if str(text or "").strip() else (None, None)

    @property
    def figure(self) -> str:
        """ "85" or "80–85"."""
        if self.value is not None:
            return str(as_printed(self.value, None))
        return f"{as_printed(self.low, None)}–{as_printed(self.high, None)}"

    def clean(self):
        if self.value is not None and (self.low is not None or self.high is not None):
            raise ValidationError(_("Give a target as one value or as a range, not both."))
        if self.value is None and self.low is None and self.high is None:
            raise ValidationError(_("Give the target's value, or both ends of its range."))
        if (self.low is None) != (self.high is None):
            raise ValidationError(_("A target range needs both ends."))
        if self.low is not None and self.low > self.high:
            raise ValidationError({"high": _("The end of the range must not be below its start.")})
        if (self.start_year is None) != (self.end_year is None):
            raise ValidationError(_("Give both years of the target's period, or neither."))
        if self.start_year is not None and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The period ends before it starts.")})


class ObservationVintage(models.Model):
    """An earlier value of an observation, kept when a statistical office (or the report) revised it."""

    observation = models.ForeignKey(
        Observation, verbose_name=_("observation"), on_delete=models.CASCADE, related_name="vintages"
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), null=True, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), help_text=_("When this value was entered."))
    replaced_at = models.DateTimeField(_("replaced at"), help_text=_("When a revised value replaced it."))

    class Meta:
        ordering = ["observation", "-replaced_at", "-id"]
        verbose_name = _("earlier value")
        verbose_name_plural = _("earlier values")
        constraints = [
            models.CheckConstraint(
                condition=Q(replaced_at__gte=F("recorded_at")), name="vintage_replaced_after_recorded"
            ),
        ]

    def __str__(self):
        return f"{self.observation} (was {self.display_value})"

    @property
    def display_value(self) -> Decimal:
        return as_printed(self.value, self.decimals)


def decimals_of(value: Decimal) -> int:
    """How many digits after the point a value was written with: Decimal('12.50') -> 2."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def as_printed(value: Decimal | None, decimals: int | None) -> Decimal | None:
    if value is None:
        return None
    if decimals is not None:
        return value.quantize(Decimal(1).scaleb(-decimals))
    normal = value.normalize()
    # normalize() turns 1500 into 1.5E+3; quantize back to a plain integer.
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
