"""Indicator series and their observations: the statistics meant to show whether things are moving."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class SeriesQuerySet(models.QuerySet):
    def without_recent_observation(self, since_year):
        """Series with no observation whose period reaches `since_year` or later."""
        return self.exclude(observations__end_year__gte=since_year)

    def without_target(self):
        return self.filter(target_value__isnull=True, target_low__isnull=True)


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
    target_value = models.DecimalField(_("target"), max_digits=20, decimal_places=6, null=True, blank=True)
    target_low = models.DecimalField(
        _("target range from"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    target_high = models.DecimalField(
        _("target range to"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    baseline_period = models.CharField(_("baseline period"), max_length=9, blank=True)
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
                condition=Q(target_value__isnull=True)
                | (Q(target_low__isnull=True) & Q(target_high__isnull=True)),
                name="series_target_value_or_range",
            ),
            models.CheckConstraint(
                condition=(Q(target_low__isnull=True) & Q(target_high__isnull=True))
                | (
                    Q(target_low__isnull=False)
                    & Q(target_high__isnull=False)
                    & Q(target_low__lte=F("target_high"))
                ),
                name="series_target_range_ordered",
            ),
            models.CheckConstraint(condition=~Q(comparison=F("pk")), name="series_not_own_comparison"),
            models.CheckConstraint(
                condition=Q(frequency__in=SeriesFrequency.values),
                name="series_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=SeriesDirection.values), name="series_direction_valid"
            ),
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

    def clean(self):
        if self.target_value is not None and (self.target_low is not None or self.target_high is not None):
            raise ValidationError(_("Give a target as one value or as a range, not both."))
        if (self.target_low is None) != (self.target_high is None):
            raise ValidationError(_("A target range needs both ends."))
        if self.target_low is not None and self.target_low > self.target_high:
            raise ValidationError({"target_high": _("The end of the range must not be below its start.")})
        if self.baseline_period:
            parse_period(self.baseline_period)

    @property
    def has_target(self):
        return self.target_value is not None or self.target_low is not None


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
