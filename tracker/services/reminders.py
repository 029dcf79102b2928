"""The reminder digests: one email per official naming their agencies' overdue actions, the round reports
their agencies owe (due soon or late), and, in strategies without rounds, their stale actions."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from core.access import OFFICIALS

from ..models import Action, Reminder, ReminderReason
from .accounts import user_language
from .rounds import review_messages_notify_pending

# A round report enters the digest this many days before the round's deadline, and every day once it is late.
ROUND_DUE_SOON_DAYS = 7


def reminder_digest_send(*, user, today=None) -> bool:
    """Email `user` one digest of their agencies' actions not yet in a digest today: overdue ones, those
    whose round report (owed by the lead agency) is due within ROUND_DUE_SOON_DAYS or late, and, in strategies
    without reporting rounds, stale ones (rounds set the rhythm where a strategy has them).

    Returns whether an email went out. The reminders are recorded in the same transaction as the sending,
    so a failed send records nothing and a second run on the same day finds nothing new.
    """
    today = today or timezone.localdate()
    site = settings.TRACKER_SITE_URL.rstrip("/")
    with transaction.atomic():
        already = Reminder.objects.filter(user=user, sent_on=today).values("action")
        actions = Action.objects.for_user(user).with_related().exclude(pk__in=already)
        overdue = list(actions.overdue(today=today).order_by("due_date", "code"))
        round_due = list(
            Action.objects.with_related()
            .filter(lead_agency__memberships__user=user)
            .exclude(pk__in=already)
            .exclude(pk__in=[a.pk for a in overdue])
            .awaiting_round_report()
            .filter(round_deadline__lte=today + timezone.timedelta(days=ROUND_DUE_SOON_DAYS))
            .order_by("round_deadline", "strategy__code", "code")
        )
        round_late = [a for a in round_due if a.round_deadline < today]
        round_due = [a for a in round_due if a.round_deadline >= today]
        stale = list(
            actions.stale(today=today)
            .exclude(pk__in=actions.in_strategies_with_rounds().values("pk"))
            .exclude(pk__in=[a.pk for a in overdue])
            .order_by("last_reported_on", "code")
        )
        listed = overdue + round_late + round_due + stale
        if not listed:
            return False
        for action in listed:
            action.url = site + action.get_absolute_url()
            action.log_url = site + action.get_log_url()
        context = {
            "user": user,
            "overdue": overdue,
            "stale": stale,
            "round_due": round_due,
            "round_late": round_late,
            "count": len(listed),
            # Actions of several strategies may share a code: each is named with its strategy.
            "several_strategies": len({action.strategy_id for action in listed}) > 1,
            "stale_days": settings.TRACKER_STALE_DAYS,
            "my_actions_url": site + reverse("tracker:my-actions"),
            "today": today,
        }
        bulk_create_with_history(
            [Reminder(user=user, action=a, sent_on=today, reason=ReminderReason.OVERDUE) for a in overdue]
            + [
                Reminder(user=user, action=a, sent_on=today, reason=ReminderReason.ROUND_LATE)
                for a in round_late
            ]
            + [
                Reminder(user=user, action=a, sent_on=today, reason=ReminderReason.ROUND_DUE)
                for a in round_due
            ]
            + [Reminder(user=user, action=a, sent_on=today, reason=ReminderReason.STALE) for a in stale],
            Reminder,
        )
        with translation.override(user_language(user)):
            subject = " ".join(render_to_string("tracker/email/reminder_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("tracker/email/reminder_body.txt", context),
                to=[user.email],
            )
            message.attach_alternative(
                render_to_string("tracker/email/reminder_body.html", context), "text/html"
            )
        message.send()
    return True


def officials_remind(*, today=None) -> int:
    """Send every active official with an email address their digest; return how many emails went out.
    Also sends the emails of questions and answers whose sending failed before."""
    review_messages_notify_pending()
    officials = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=OFFICIALS, memberships__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )
    return sum(reminder_digest_send(user=user, today=today) for user in officials)
