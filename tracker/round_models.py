"""Reporting rounds: the periods in which every lead agency reports on its strategy's actions by a deadline,
reviewers assess what was reported, and closing freezes what the round said.

Imported by tracker.models (the app's models module); the relations name the other models as strings, so this
module imports nothing of models.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RoundState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportingRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=RoundState.OPEN)

    def closed(self):
        return self.filter(state=RoundState.CLOSED)

    def with_deadlines(self):
        """Rounds whose deadline governs reminders: open ones."""
        return self.open().select_related("strategy")


class ReportingRound(models.Model):
    """A round of reporting on one strategy: every open action owes one report from its lead agency by the
    deadline."""

    strategy = models.ForeignKey(
        "tracker.Strategy", verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Such as 2026 first quarter."))
    period_start = models.DateField(_("period covered from"))
    period_end = models.DateField(_("period covered to"))
    opens_on = models.DateField(_("opening date"), help_text=_("When agencies may start to report."))
    deadline = models.DateField(_("deadline"), help_text=_("The last day for the lead agencies' reports."))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=RoundState.choices,
        default=RoundState.PLANNED,
        editable=False,
        help_text=_("Planned, open or closed; changed only by opening and closing the round."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        editable=False,
        help_text=_("Made up by the demo (load_report --demo); load_report --remove-samples deletes it."),
    )

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["strategy__code", "-period_start", "name"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            # Also the index of "the strategy's open round", asked on every status update.
            models.UniqueConstraint(
                fields=["strategy"], condition=Q(state="open"), name="one_open_round_per_strategy"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="round_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")), name="round_deadline_after_opening"
            ),
            models.CheckConstraint(condition=Q(state__in=RoundState.values), name="round_state_valid"),
            models.CheckConstraint(
                condition=Q(state="planned") | Q(opened_at__isnull=False), name="round_opened_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False), name="round_closed_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.strategy} · {self.name}"

    def get_absolute_url(self):
        return reverse("tracker:round-detail", args=[self.strategy.code, self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED

    def is_past_deadline(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.deadline


class RoundReport(models.Model):
    """The lead agency's report on an action in a round: its latest status update logged while the round was
    open."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reports"
    )
    action = models.ForeignKey(
        "tracker.Action", verbose_name=_("action"), on_delete=models.PROTECT, related_name="round_reports"
    )
    update = models.ForeignKey(
        "tracker.StatusUpdate",
        verbose_name=_("status update"),
        on_delete=models.PROTECT,
        related_name="round_reports",
    )
    submitted_at = models.DateTimeField(_("first submitted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "action__code"]
        verbose_name = _("round report")
        verbose_name_plural = _("round reports")
        constraints = [
            # Also the index of a round's reports.
            models.UniqueConstraint(fields=["round", "action"], name="one_report_per_action_per_round"),
        ]

    def __str__(self):
        return f"{self.round.name} · {self.action.code}"


class Rating(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    MINOR_DELAY = "minor_delay", _("Minor delay")
    OFF_TRACK = "off_track", _("Off track")
    NOT_ASSESSABLE = "not_assessable", _("Cannot be assessed")


class EvidenceSupport(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    PARTLY = "partly", _("Partly supported")
    NOT_SUPPORTED = "not_supported", _("Not supported")


class Review(models.Model):
    """A reviewer's independent assessment of an action in a round, beside what the agency reported."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reviews"
    )
    action = models.ForeignKey(
        "tracker.Action", verbose_name=_("action"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="reviews"
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    evidence = models.CharField(
        _("evidence"),
        max_length=20,
        choices=EvidenceSupport.choices,
        help_text=_("How well the evidence supports what the agency reported."),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("assessed at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "action__code"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="one_review_per_action_per_round"),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="review_rating_valid"),
            models.CheckConstraint(
                condition=Q(evidence__in=EvidenceSupport.values), name="review_evidence_valid"
            ),
        ]

    def __str__(self):
        return f"{self.round.name} · {self.action.code} · {self.get_rating_display()}"


class MessageKind(models.TextChoices):
    QUESTION = "question", _("Question")
    ANSWER = "answer", _("Answer")


class ReviewMessage(models.Model):
    """One message of the thread on a status update: a reviewer's question or an official's answer. Kept as
    written, never edited."""

    update = models.ForeignKey(
        "tracker.StatusUpdate",
        verbose_name=_("status update"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    notified_at = models.DateTimeField(
        _("email sent at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the other side was emailed; empty until the email went out."),
    )
    is_sample = models.BooleanField(_("sample"), default=False, editable=False)

    class Meta:
        ordering = ["update", "created_at", "id"]
        verbose_name = _("question or answer")
        verbose_name_plural = _("questions and answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MessageKind.values), name="review_message_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="review_message_text_required"),
        ]
        indexes = [
            # The emails still to send (send_reminders retries them).
            models.Index(fields=["notified_at"], name="review_message_notified_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.update}"


class RoundSnapshot(models.Model):
    """An action as a round closed on it: what was reported and how it was reviewed. Written once, when the
    round closes; corrections logged later never change it."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="snapshots"
    )
    action = models.ForeignKey(
        "tracker.Action", verbose_name=_("action"), on_delete=models.PROTECT, related_name="snapshots"
    )
    category = models.ForeignKey(
        "tracker.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    lead_agency = models.ForeignKey(
        "tracker.Agency", verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.ForeignKey(
        "tracker.Status",
        verbose_name=_("status"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    reported_on = models.DateField(_("date of the update"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    reason = models.TextField(_("reason for a delay"), blank=True)
    report = models.ForeignKey(
        "tracker.StatusUpdate",
        verbose_name=_("round report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The lead agency's report in the round; empty when it did not report."),
    )
    report_late = models.BooleanField(_("reported after the deadline"), default=False)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    evidence = models.CharField(_("evidence"), max_length=20, choices=EvidenceSupport.choices, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    was_open = models.BooleanField(_("open at closing"), default=True)

    class Meta:
        ordering = ["round", "category__code", "action__code"]
        verbose_name = _("round snapshot")
        verbose_name_plural = _("round snapshots")
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="one_snapshot_per_action_per_round"),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="round_snapshot_progress_range"
            ),
        ]

    def __str__(self):
        return f"{self.round.name} · {self.action.code}"
