"""The strategies being tracked: their categories and actions, the responsible agencies, and the progress
logged on them."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

PROGRESS_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
# Action columns that mirror its latest status update; only services.updates.action_refresh_current writes
# them.
MIRRORED_FIELDS = ("status", "progress", "last_reported_on")


class StatusOutcome(models.TextChoices):
    """What a status says about the action: still open, or closed by achieving it or by dropping it."""

    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


# An action is open until a status with another outcome (achieved, dropped) closes it; only open actions can
# be late.
OPEN_ACTION = Q(status__isnull=True) | Q(status__outcome=StatusOutcome.OPEN)
# An action described in no language (its condition is also action_without_description_idx's).
NO_DESCRIPTION = (Q(description_en="") | Q(description_en__isnull=True)) & (
    Q(description_zh_hans="") | Q(description_zh_hans__isnull=True)
)
# The actions whose progress counts towards an average: those reported on, but the dropped ones. An action
# not reported on yet is counted apart ("not reported yet"), not as 0%.
COUNTED_OUTCOMES = (StatusOutcome.OPEN, StatusOutcome.ACHIEVED)


class Strategy(models.Model):
    """A policy strategy (a plan, a programme, a report's recommendations) whose actions are tracked."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_(
            "Short name used in addresses and spreadsheets, such as ta9036: letters, digits, hyphens."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(
        _("short title"),
        max_length=60,
        blank=True,
        help_text=_("Shown in menus, page titles and breadcrumbs, such as ADB TA-9036; the title if empty."),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Pages show the month and year; give the first of the month if the day is not known."),
    )
    period_start = models.PositiveSmallIntegerField(
        _("covers from year"),
        null=True,
        blank=True,
        help_text=_("First year the strategy covers, if it says."),
    )
    period_end = models.PositiveSmallIntegerField(
        _("covers to year"), null=True, blank=True, help_text=_("Last year the strategy covers, if it says.")
    )
    source_document = models.CharField(
        _("source document"),
        max_length=300,
        blank=True,
        help_text=_("The document the strategy is taken from: its reference, or a web address."),
    )
    description = models.TextField(_("description"), blank=True)
    # Set and cleared by the sample services only, so that the strategy's pages carry the sample banner
    # without a query of their own.
    has_samples = models.BooleanField(
        _("has sample content"),
        default=False,
        editable=False,
        help_text=_(
            "The demo added sample rounds and updates to this strategy (load_report --remove-samples)."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="strategy_period_ordered",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("tracker:strategy-detail", args=[self.code])

    @property
    def label(self) -> str:
        return self.short_title or self.title

    @property
    def period(self) -> str:
        """The years covered: "2016–2020", "from 2016", "to 2020" or ""."""
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        if self.period_start:
            return _("from %(year)s") % {"year": self.period_start}
        if self.period_end:
            return _("to %(year)s") % {"year": self.period_end}
        return ""


class Category(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="categories"
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Short code, unique within the strategy, such as 1.")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where the strategy defines it, such as ¶112.")
    )

    class Meta:
        ordering = ["strategy__code", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            # Also the index of the lookup by strategy and code (addresses, imports).
            models.UniqueConstraint(fields=["strategy", "code"], name="category_code_unique_in_strategy"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def get_absolute_url(self):
        return reverse("tracker:category-detail", args=[self.strategy.code, self.code])

    def clean(self):
        if self.pk is not None and self.strategy_id is not None:
            before = Category.objects.filter(pk=self.pk).values_list("strategy_id", flat=True).first()
            if before is not None and before != self.strategy_id and self.actions.exists():
                # Its actions carry the strategy too (Action.strategy); moving them all is not an edit.
                raise ValidationError(
                    {"strategy": _("This category has actions, so it cannot move to another strategy.")}
                )


class AgencyLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    ZONE = "zone", _("Development zone")
    ENTERPRISE = "enterprise", _("Enterprise")
    PARTNER_PROVINCE = "partner_province", _("Partner province")


class Agency(models.Model):
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Short code used in spreadsheets.")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=AgencyLevel.values),
                name="agency_level_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name


class StatusColour(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")
    GREY = "grey", _("Grey")
    BLUE = "blue", _("Blue")
    PURPLE = "purple", _("Purple")


class StatusIcon(models.TextChoices):
    """A shape shown beside a status's colour, so that colour is never the only signal."""

    CIRCLE = "circle", _("Empty circle ○")
    ARROW = "arrow", _("Arrow ▶")
    WARNING = "warning", _("Warning sign ⚠")
    CHECK = "check", _("Tick ✓")
    CROSS = "cross", _("Cross ✕")
    PAUSE = "pause", _("Pause ⏸")
    QUESTION = "question", _("Question mark ?")


STATUS_ICON_GLYPHS = {
    "circle": "○",
    "arrow": "▶",
    "warning": "⚠",
    "check": "✓",
    "cross": "✕",
    "pause": "⏸",
    "question": "?",
}


class Status(models.Model):
    """The vocabulary of implementation statuses; administrators edit it."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    definition = models.TextField(_("definition"), help_text=_("Published meaning of the status."))
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=StatusOutcome.choices,
        default=StatusOutcome.OPEN,
        help_text=_(
            "Open: work goes on and the action can be late. Achieved: done; counts towards average progress. "
            "Dropped: stopped without being done; left out of average progress."
        ),
    )
    min_progress = models.PositiveSmallIntegerField(
        _("lowest progress (%)"), default=0, help_text=_("The lowest progress an update may give with it.")
    )
    default_progress = models.PositiveSmallIntegerField(
        _("default progress (%)"),
        validators=PROGRESS_VALIDATORS,
        help_text=_("Prefilled when officials pick it."),
    )
    max_progress = models.PositiveSmallIntegerField(
        _("highest progress (%)"),
        default=100,
        help_text=_("The highest progress an update may give with it."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=10,
        choices=StatusColour.choices,
        help_text=_(
            "Green marks work on track and amber work behind plan (the dashboards compare them with the "
            "indicators); no two statuses may share both colour and icon."
        ),
    )
    icon = models.CharField(
        _("icon"),
        max_length=10,
        choices=StatusIcon.choices,
        default=StatusIcon.CIRCLE,
        help_text=_("Shown beside the colour, so that colour is never the only signal."),
    )
    needs_reason = models.BooleanField(_("needs a reason"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    min_progress__gte=0, max_progress__lte=100, min_progress__lte=models.F("max_progress")
                ),
                name="status_progress_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    default_progress__gte=models.F("min_progress"),
                    default_progress__lte=models.F("max_progress"),
                ),
                name="status_default_progress_in_range",
            ),
            models.CheckConstraint(condition=Q(colour__in=StatusColour.values), name="status_colour_valid"),
            models.CheckConstraint(condition=Q(icon__in=StatusIcon.values), name="status_icon_valid"),
            # No two statuses look alike: the badge is its colour and its icon.
            models.UniqueConstraint(fields=["colour", "icon"], name="status_look_unique"),
            models.CheckConstraint(
                condition=Q(outcome__in=StatusOutcome.values), name="status_outcome_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def glyph(self) -> str:
        return STATUS_ICON_GLYPHS.get(self.icon, "")

    @property
    def is_closed(self) -> bool:
        """Achieved or dropped: the action is finished and can no longer be late."""
        return self.outcome != StatusOutcome.OPEN

    @property
    def progress_range(self) -> str:
        """The progress it allows, in words: "100%" or "1–99%"."""
        if self.min_progress == self.max_progress:
            return f"{self.min_progress}%"
        return f"{self.min_progress}–{self.max_progress}%"

    def clean(self):
        errors = {}
        low, high = self.min_progress, self.max_progress
        if low is not None and high is not None:
            if high > 100:
                errors["max_progress"] = _("Progress is a percentage from 0 to 100.")
            elif low > high:
                errors["max_progress"] = _("The highest progress must not be below the lowest.")
            elif self.default_progress is not None and not low <= self.default_progress <= high:
                errors["default_progress"] = _(
                    "The default progress must lie within the status’s range, %(low)s–%(high)s%%."
                ) % {"low": low, "high": high}
        if errors:
            raise ValidationError(errors)


class ReasonCode(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("reason code")
        verbose_name_plural = _("reason codes")

    def __str__(self):
        return self.name


class ActionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("strategy", "category", "lead_agency", "status")

    def in_default_order(self) -> bool:
        """Ordered as Meta.ordering says: by strategy, category and code."""
        query = self.query
        ordering = tuple(query.order_by) or (tuple(Action._meta.ordering) if query.default_ordering else ())
        return ordering == tuple(Action._meta.ordering)

    def page_keys(self, start: int, stop: int):
        """The ids of rows `start` to `stop` of these actions in their order, as a subquery (for `pk__in`)
        that sorts and skips narrow rows, not whole action rows with every joined column.

        In the default order (strategy, category, code) on PostgreSQL the ids are taken category by category:
        a LATERAL join over the categories in their order reads each category's actions in code order, from
        an index on (strategy, category, code) such as action_list_order_idx, stops each category's scan at
        the page's end and reads no category once the page is filled. No sort over every matching action, as
        ordering by the joined strategy's and category's codes would need. Each category is scanned in code
        order until it gives the page's rows, though: a condition that few actions meet and an index finds is
        better sorted (``values("pk")[start:stop]``)."""
        if not (self.in_default_order() and connections[self.db].vendor == "postgresql"):
            return self.values("pk")[start:stop]
        # These actions' own filters, for one category: the outer query's (the LATERAL join's) category row.
        # The strategy too, so that the index on (strategy, category, code) gives the codes in order.
        inner = self.filter(
            strategy_id=RawSQL('"lateral_category"."strategy_id"', ()),
            category_id=RawSQL('"lateral_category"."id"', ()),
        ).order_by("code")
        try:
            sql, params = inner.values("pk", "code")[:stop].query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing (such as lead_agency__in=[])
            return self.values("pk")[start:stop]
        # The categories come in order, and the LATERAL join keeps it: PostgreSQL sorts each category's keys
        # alone (an incremental sort) and stops reading categories once the page is filled.
        return RawSQL(
            'SELECT "keys"."pk" FROM (SELECT "c"."id", "c"."strategy_id", "s"."code" AS "strategy_code", '
            '"c"."code" AS "category_code" FROM "tracker_category" "c" '
            'INNER JOIN "tracker_strategy" "s" ON "s"."id" = "c"."strategy_id" '
            'ORDER BY "s"."code", "c"."code") "lateral_category" '
            f'CROSS JOIN LATERAL ({sql}) "keys" '
            'ORDER BY "lateral_category"."strategy_code", "lateral_category"."category_code", "keys"."code" '
            f"LIMIT {int(stop - start)} OFFSET {int(start)}",  # noqa: S608 - integers
            params,
        )

    def with_latest_update_pk(self):
        """Each action with the id of its latest update that no later one corrects (latest_update_pk; None
        before any update): one look-up in update_action_latest_idx per action."""
        latest = StatusUpdate.objects.effective().filter(action=models.OuterRef("pk")).latest_first()
        return self.annotate(latest_update_pk=models.Subquery(latest.values("pk")[:1]))

    def in_strategy(self, strategy):
        return self.filter(strategy=strategy)

    def open(self):
        return self.filter(OPEN_ACTION)

    # The conditions of overdue(), due_within() and stale() as Q objects, for pages that combine them (the
    # groups of My actions) without a NOT IN subquery per group.
    @staticmethod
    def overdue_q(today=None) -> Q:
        return OPEN_ACTION & Q(due_date__lt=today or timezone.localdate())

    @staticmethod
    def due_within_q(days, today=None) -> Q:
        today = today or timezone.localdate()
        return OPEN_ACTION & Q(due_date__gte=today, due_date__lte=today + timezone.timedelta(days=days))

    @staticmethod
    def stale_q(days=None, today=None) -> Q:
        """Open actions with no update for `days` days (none ever counts as stale)."""
        days = settings.TRACKER_STALE_DAYS if days is None else days
        cutoff = (today or timezone.localdate()) - timezone.timedelta(days=days)
        return OPEN_ACTION & (Q(last_reported_on__lt=cutoff) | Q(last_reported_on__isnull=True))

    def overdue(self, today=None):
        return self.filter(self.overdue_q(today))

    def due_within(self, days, today=None):
        return self.filter(self.due_within_q(days, today))

    def stale(self, days=None, today=None):
        """Open actions with no update for `days` days (none ever counts as stale)."""
        return self.filter(self.stale_q(days, today))

    def awaiting_round_report(self):
        """Open actions of strategies with an open round that have no report in it yet; each carries the
        round's deadline (round_deadline) and id (round_id)."""
        # One open round per strategy (a constraint), so the join adds no duplicate; the annotation reuses it.
        return (
            self.open()
            .filter(strategy__rounds__state="open")
            .exclude(round_reports__round__state="open")
            .annotate(
                round_deadline=models.F("strategy__rounds__deadline"), round_id=models.F("strategy__rounds")
            )
        )

    def in_strategies_with_rounds(self):
        """Actions of strategies followed by reporting rounds (any round, in any state)."""
        return self.filter(strategy__in=Strategy.objects.filter(rounds__isnull=False).values("pk"))

    def for_agencies(self, agencies):
        """Actions that any of `agencies` leads or supports: a subquery rather than a join, so that no action
        appears twice and neither DISTINCT nor a join over every support is needed."""
        supported = ActionSupport.objects.filter(agency__in=agencies).values("action")
        return self.filter(Q(lead_agency__in=agencies) | Q(pk__in=supported))

    def for_agencies_parts(self, agencies) -> tuple:
        """for_agencies(agencies) as two disjoint querysets: the actions they lead, read from
        action_lead_agency_idx, and those they support but do not lead, from the supports' agency index.
        Each can be counted from its index, where the OR of for_agencies reads every action."""
        supported = ActionSupport.objects.filter(agency__in=agencies).values("action")
        return (
            self.filter(lead_agency__in=agencies),
            self.filter(pk__in=supported).exclude(lead_agency__in=agencies),
        )

    def for_user(self, user):
        return self.for_agencies(Agency.objects.filter(memberships__user=user))

    def without_series(self):
        # NOT EXISTS rather than a left join: an anti-join that stops as soon as it has found what it needs.
        return self.filter(~models.Exists(ActionSeries.objects.filter(action=models.OuterRef("pk"))))

    def without_description(self):
        """Actions described in no language."""
        return self.filter(NO_DESCRIPTION)

    def without_due_date(self):
        return self.filter(due_date__isnull=True)

    def progress_outside_status_range(self):
        """Actions whose current progress lies outside the range their status allows: logged before the
        ranges existed, or before an administrator narrowed one.

        The statuses are read here (one query) and their ranges written into the condition, so that
        action_status_progress_idx finds these actions (two ranges of each narrowed status) rather than a
        join comparing every action with its status."""
        outside = Q()
        for status in Status.objects.exclude(min_progress=0, max_progress=100):
            outside |= Q(status=status) & (
                Q(progress__lt=status.min_progress) | Q(progress__gt=status.max_progress)
            )
        return self.filter(outside) if outside else self.none()

    def for_agency(self, agency, role="any"):
        """Actions that `agency` leads (role 'lead'), supports ('supporting') or either ('any')."""
        # A subquery rather than a join, so that no action appears twice and no DISTINCT gets in the way
        # of sorting.
        supported = ActionSupport.objects.filter(agency=agency).values("action")
        if role == "lead":
            return self.filter(lead_agency=agency)
        if role == "supporting":
            return self.filter(pk__in=supported)
        return self.filter(Q(lead_agency=agency) | Q(pk__in=supported))

    def search(self, text):
        """Actions whose code, or title or description in any language, contains `text`."""
        query = Q(code__icontains=text)
        for language in AVAILABLE_LANGUAGES:
            for field in ("title", "description"):
                query |= Q(**{f"{build_localized_fieldname(field, language)}__icontains": text})
        return self.filter(query)

    def figure_counts(self, field, today=None):
        """One row per value of `field` (such as "category" or "lead_agency") and current status (None: no
        update yet), with total (its actions), overdue (those past their due date: overdue() when the status
        is open), progress_sum and latest_update (the newest last_reported_on). tracker.queries turns them
        into figures. The pages read the same figures from the counted rows (ActionFigures, AgencyFigures),
        which tests/test_figures.py holds equal to these, counted from every action."""
        today = today or timezone.localdate()
        return (
            self.order_by()
            .values(field, "status")
            .annotate(
                total=models.Count("pk"),
                overdue=models.Count("pk", filter=Q(due_date__lt=today)),
                progress_sum=models.Sum("progress", default=0),
                latest_update=models.Max("last_reported_on"),
            )
        )


class ResponsibilityBasis(models.TextChoices):
    NAMED = "named", _("Named in the strategy")
    IMPLIED = "implied", _("Implied by the strategy")
    ASSIGNED = "assigned", _("Assigned by the tracker")


class Action(models.Model):
    # The category's strategy, repeated so that action codes can be unique within a strategy (Django has no
    # foreign key over two columns) and a strategy's actions are found without a join. clean() sets it from
    # the category; so do the spreadsheet import and the services.
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="actions", editable=False
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="actions"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Unique within the strategy, such as 2.3."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    source_paragraphs = models.CharField(
        _("source paragraphs"),
        max_length=100,
        blank=True,
        help_text=_("Where the strategy recommends it, e.g. ¶121, item 3."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="led_actions"
    )
    supporting_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("supporting agencies"),
        through="ActionSupport",
        related_name="supported_actions",
        blank=True,
    )
    responsibility_basis = models.CharField(
        _("responsibility basis"),
        max_length=10,
        choices=ResponsibilityBasis.choices,
        default=ResponsibilityBasis.NAMED,
        help_text=_("Whether the strategy names the responsible agencies or the tracker assigned them."),
    )
    series = models.ManyToManyField(
        "indicators.Series",
        verbose_name=_("indicator series"),
        through="ActionSeries",
        related_name="actions",
        blank=True,
    )
    # The current status and progress mirror the latest status update (MIRRORED_FIELDS).
    status = models.ForeignKey(
        Status,
        verbose_name=_("current status"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    last_reported_on = models.DateField(_("last update"), null=True, blank=True, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["strategy__code", "category__code", "code"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            # Also the index of a strategy's actions and of the lookup by strategy and code (addresses).
            models.UniqueConstraint(fields=["strategy", "code"], name="action_code_unique_in_strategy"),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="action_progress_range"
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(responsibility_basis__in=ResponsibilityBasis.values),
                name="action_responsibility_basis_valid",
            ),
        ]
        indexes = [
            # The overdue and stale filters of the action list and the dashboard.
            models.Index(fields=["due_date"], name="action_due_date_idx"),
            models.Index(fields=["last_reported_on"], name="action_last_reported_idx"),
            # A page of a strategy's action list in its default order (strategy, category, code): the keys
            # of the page are picked from this index alone (tables.KeysFirstData).
            models.Index(fields=["strategy", "category", "code", "id"], name="action_list_order_idx"),
            # A category's latest update and its actions due this month (tracker.queries.category_figures):
            # one row, and one month's rows, of the category.
            models.Index(fields=["category", "last_reported_on"], name="action_category_reported_idx"),
            models.Index(fields=["category", "due_date"], name="action_category_due_idx"),
            # My actions: the count of each group of an agency's actions (queries.agency_action_groups)
            # from the agency's index rows alone (an index-only scan of its lead actions, by due date).
            models.Index(
                fields=["lead_agency", "due_date", "last_reported_on", "status"],
                include=["id"],
                name="action_lead_agency_idx",
            ),
            # Data quality: the first actions without a description in list order, and their count, from
            # the few index rows of those actions (ActionQuerySet.without_description, page_keys).
            models.Index(
                fields=["strategy", "category", "code"],
                condition=NO_DESCRIPTION,
                name="action_without_description_idx",
            ),
            # Data quality: the actions whose progress lies outside their status's range, found as two
            # ranges of each narrowed status (ActionQuerySet.progress_outside_status_range).
            models.Index(fields=["status", "progress"], name="action_status_progress_idx"),
            # Whether an action is in a category, from the index alone: the series linked to a category's
            # actions (the category page) look up each of their actions here, not in the wide action rows.
            models.Index(fields=["category", "id"], name="action_category_key_idx"),
            # A lead agency's latest update and its overdue actions within a strategy (the dashboard's
            # agencies, tracker.queries.agency_figures): one row, and its open actions due before today.
            models.Index(
                fields=["strategy", "lead_agency", "last_reported_on"], name="action_agency_reported_idx"
            ),
            models.Index(
                fields=["strategy", "lead_agency", "due_date", "status"], name="action_agency_due_idx"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        # Saving an action read earlier (in the admin or an import) must not put back the status, progress
        # and date it was read with: a status update may have changed them since.
        if not self._state.adding and "update_fields" not in kwargs and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in MIRRORED_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self._url("tracker:action-detail")

    def _url(self, name: str) -> str:
        """reverse() of `name` for this action, once per instance, strategy and code: a list writes each
        action's addresses several times (code, title, phone card, log button)."""
        key = (name, self.strategy.code, self.code)
        urls = self.__dict__.setdefault("_urls", {})
        if key not in urls:
            urls[key] = reverse(name, args=key[1:])
        return urls[key]

    def clean(self):
        if self.category_id is None:
            return
        self.strategy_id = self.category.strategy_id
        # Forms leave `strategy` out (it follows the category), and Django then skips the constraint's check:
        # repeat it here, so that a taken code is a message and not an error page.
        taken = Action.objects.filter(strategy_id=self.strategy_id, code=self.code).exclude(pk=self.pk)
        if self.code and taken.exists():
            raise ValidationError(
                {
                    "code": _("The strategy “%(strategy)s” already has an action %(code)s.")
                    % {"strategy": self.category.strategy, "code": self.code}
                }
            )

    @property
    def qualified_code(self) -> str:
        """ "ta9036:2.5": the action among every strategy's (its code alone is unique within its strategy)."""
        return f"{self.strategy.code}:{self.code}"

    def get_log_url(self):
        """The officials' page that logs progress on it."""
        return self._url("tracker:status-update-create")

    @property
    def autocomplete_label(self) -> str:
        """How the admin's autocompletes name it: with its strategy, since codes repeat across strategies."""
        return f"{self.strategy.label} · {self}"

    @property
    def is_overdue(self):
        return bool(
            self.due_date
            and self.due_date < timezone.localdate()
            and not (self.status and self.status.is_closed)
        )


class ActionFigures(models.Model):
    """How many of a strategy's actions are in one category, with one current status (none: no update yet)
    and due in one month (none: no due date), and their progress added up: the figures of the dashboard, the
    category list and page (tracker.queries.category_figures) read these few rows instead of every action.

    Kept by the services (tracker.services.figures) in the transaction of every write that changes an
    action's category, status, progress or due date; `manage.py rebuild_figures` counts them again.
    """

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.ForeignKey(
        Status, verbose_name=_("current status"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    due_month = models.DateField(
        _("due month"), null=True, help_text=_("The first day of the month the actions are due in.")
    )
    actions = models.PositiveIntegerField(_("actions"), default=0)
    progress_sum = models.PositiveBigIntegerField(_("progress added up"), default=0)

    class Meta:
        ordering = ["strategy", "category", "status", "due_month"]
        verbose_name = _("action figures")
        verbose_name_plural = _("action figures")
        indexes = [
            # The rows of one category and status, as the services change them (services.figures).
            models.Index(fields=["category", "status", "due_month"], name="action_figures_key_idx"),
        ]

    def __str__(self):
        return f"{self.category_id} {self.status_id} {self.due_month}: {self.actions}"


class AgencyFigures(models.Model):
    """How many of a strategy's actions one agency leads with one current status (none: no update yet), and
    their progress added up: the dashboard's figures per lead agency (tracker.queries.agency_figures) read
    these few rows instead of every action. Kept with ActionFigures, by the same services in the same
    transaction; `manage.py rebuild_figures` counts them again."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="+"
    )
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.ForeignKey(
        Status, verbose_name=_("current status"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    actions = models.PositiveIntegerField(_("actions"), default=0)
    progress_sum = models.PositiveBigIntegerField(_("progress added up"), default=0)

    class Meta:
        ordering = ["strategy", "lead_agency", "status"]
        verbose_name = _("agency figures")
        verbose_name_plural = _("agency figures")
        indexes = [
            # A strategy's rows (the dashboard), and the row of one agency and status, as the services change
            # it (services.figures).
            models.Index(fields=["strategy", "lead_agency", "status"], name="agency_figures_key_idx"),
        ]

    def __str__(self):
        return f"{self.lead_agency_id} {self.status_id}: {self.actions}"


class AgencyDueFigures(models.Model):
    """How many of a strategy's actions one agency leads with one current status and due in one month (none:
    no due date): the dashboard counts an agency's overdue actions from the rows of the months before this
    one (tracker.queries.agency_figures). Kept with ActionFigures, by the same services in the same
    transaction; `manage.py rebuild_figures` counts them again."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="+"
    )
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.ForeignKey(
        Status, verbose_name=_("current status"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    due_month = models.DateField(
        _("due month"), null=True, help_text=_("The first day of the month the actions are due in.")
    )
    actions = models.PositiveIntegerField(_("actions"), default=0)
    progress_sum = models.PositiveBigIntegerField(_("progress added up"), default=0)

    class Meta:
        ordering = ["strategy", "lead_agency", "status", "due_month"]
        verbose_name = _("agency figures by due month")
        verbose_name_plural = _("agency figures by due month")
        indexes = [
            # An agency's rows of an open status due before this month, read from the index alone (the
            # dashboard), and the row of one agency, status and month, as the services change it
            # (services.figures).
            models.Index(
                fields=["strategy", "lead_agency", "status", "due_month", "actions"],
                name="agency_due_figures_key_idx",
            ),
        ]

    def __str__(self):
        return f"{self.lead_agency_id} {self.status_id} {self.due_month}: {self.actions}"


class ActionSupport(models.Model):
    """A supporting agency of an action (the lead agency is Action.lead_agency: exactly one)."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="supports"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="action_supports"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "agency__name"]
        verbose_name = _("supporting agency")
        verbose_name_plural = _("supporting agencies")
        constraints = [
            models.UniqueConstraint(fields=["action", "agency"], name="action_support_unique"),
        ]

    def __str__(self):
        return f"{self.action.code}: {self.agency}"


class ActionSeries(models.Model):
    """An indicator series meant to show an action's progress."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="series_links"
    )
    series = models.ForeignKey(
        "indicators.Series", verbose_name=_("series"), on_delete=models.CASCADE, related_name="action_links"
    )
    expected_effect = models.CharField(
        _("expected effect"),
        max_length=300,
        blank=True,
        help_text=_("How the series should move if the action works."),
    )

    class Meta:
        ordering = ["action", "series__code"]
        verbose_name = _("linked series")
        verbose_name_plural = _("linked series")
        constraints = [
            models.UniqueConstraint(fields=["action", "series"], name="action_series_unique"),
        ]
        indexes = [
            # A series' actions from the index alone: the series linked to a category's actions (the category
            # page) and their counts of actions (the series lists).
            models.Index(fields=["series", "action"], name="action_series_by_series_idx"),
        ]

    def __str__(self):
        return f"{self.action.code} → {self.series.code}"


def evidence_upload_to(instance, filename):
    """A generated name: the uploader's file name is never used on disk."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class StatusUpdateQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-reported_on", "-created_at", "-id")

    def effective(self):
        """Updates that have not been corrected by a later one."""
        return self.filter(corrected_by__isnull=True)


# Two pages of text: enough for what happened and what comes next; longer belongs in an evidence file.
# Updates logged before the limit keep their text (checked when an update is logged, not by the database).
NARRATIVE_MAX_LENGTH = 4000
REASON_TEXT_MAX_LENGTH = 1000


class StatusUpdate(models.Model):
    """One report of progress on an action. Append-only: never edited or deleted."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="updates"
    )
    status = models.ForeignKey(
        Status, verbose_name=_("status"), on_delete=models.PROTECT, related_name="updates"
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=PROGRESS_VALIDATORS)
    reported_on = models.DateField(_("date of the update"))
    narrative = models.TextField(
        _("narrative"),
        max_length=NARRATIVE_MAX_LENGTH,
        help_text=_("What has happened since the last update."),
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_upload_to, blank=True, max_length=200
    )
    evidence_filename = models.CharField(
        _("evidence file name"),
        max_length=200,
        blank=True,
        help_text=_("The name the file was uploaded with."),
    )
    reason = models.ForeignKey(
        ReasonCode,
        verbose_name=_("reason"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
    )
    reason_text = models.TextField(_("reason details"), blank=True, max_length=REASON_TEXT_MAX_LENGTH)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        help_text=_("The earlier update that this one corrects."),
    )
    correction_reason = models.TextField(
        _("why it is corrected"),
        blank=True,
        max_length=REASON_TEXT_MAX_LENGTH,
        help_text=_("What was wrong in the corrected update; asked of every correction."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="status_updates",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
        help_text=_("The agency the author reported for; empty for administrators."),
    )
    created_at = models.DateTimeField(_("logged at"), default=timezone.now, editable=False)
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        editable=False,
        help_text=_("Made up by the demo (load_report --demo); load_report --remove-samples deletes it."),
    )
    history = HistoricalRecords()

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at", "-id"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="status_update_progress_range"
            ),
            models.CheckConstraint(condition=~Q(narrative=""), name="status_update_narrative_required"),
            models.CheckConstraint(
                condition=Q(reason_text="") | Q(reason__isnull=False),
                name="status_update_reason_text_needs_code",
            ),
            # Corrections logged before the reason was asked have none, so the database only keeps it off
            # updates that correct nothing; the service asks it of every new correction.
            models.CheckConstraint(
                condition=Q(corrects__isnull=False) | Q(correction_reason=""),
                name="status_update_correction_reason_only_on_corrections",
            ),
        ]
        indexes = [
            # The action's history, newest first, and the search for its latest update.
            models.Index(fields=["action", "-reported_on", "-created_at"], name="update_action_latest_idx"),
        ]

    def __str__(self):
        return f"{self.action.code} · {self.status} · {self.reported_on}"

    def changes_from(self, earlier: "StatusUpdate") -> list[tuple[str, str, str]]:
        """What this update says differently from `earlier` (the update it corrects): (what, old, new) for the
        status, progress and date, in the current language."""
        from django.utils import formats

        pairs = [
            (_("Status"), str(earlier.status), str(self.status)),
            (_("Progress"), f"{earlier.progress}%", f"{self.progress}%"),
            (
                _("Date"),
                formats.date_format(earlier.reported_on, "DATE_FORMAT"),
                formats.date_format(self.reported_on, "DATE_FORMAT"),
            ),
        ]
        return [(what, old, new) for what, old, new in pairs if old != new]


class Membership(models.Model):
    """An official works for an agency and may log progress on its actions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username", "agency__name"]
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.agency}"


class ReminderReason(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    STALE = "stale", _("No recent update")
    ROUND_DUE = "round_due", _("Round report due")
    ROUND_LATE = "round_late", _("Round report late")


class Reminder(models.Model):
    """One action named in the reminder digest an official got on one day; a second run that day skips it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="reminders"
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("sent on"))
    reason = models.CharField(_("reason"), max_length=12, choices=ReminderReason.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_on", "user__username", "action__code"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            # Also the index for "what has this user been reminded of today", asked before every digest.
            models.UniqueConstraint(fields=["user", "sent_on", "action"], name="reminder_once_per_day"),
            models.CheckConstraint(
                condition=Q(reason__in=ReminderReason.values), name="reminder_reason_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.action.code} · {self.sent_on}"


class UserPreference(models.Model):
    """What a user chose for themselves; the language is used for the emails they receive."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"


# The reporting rounds live in their own module; importing them here registers them with the app.
from .round_models import (  # noqa: E402
    EvidenceSupport,
    MessageKind,
    Rating,
    ReportingRound,
    Review,
    ReviewMessage,
    RoundReport,
    RoundSnapshot,
    RoundState,
)

__all__ = [
    "EvidenceSupport",
    "MessageKind",
    "Rating",
    "ReportingRound",
    "Review",
    "ReviewMessage",
    "RoundReport",
    "RoundSnapshot",
    "RoundState",
]


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal key to the API. Only its SHA-256 digest is stored: the key itself is shown once, when it is
    made, and cannot be seen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, such as the statistics bureau’s loader."),
    )
    prefix = models.CharField(
        _("beginning"), max_length=8, editable=False, help_text=_("Its first characters, to recognise it.")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_required"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
