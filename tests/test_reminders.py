"""manage.py send_reminders: one digest per official of their agencies' late and stale actions (issue 4)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from tracker.models import Action, Reminder
from tracker.services.reminders import officials_remind
from tracker.services.updates import status_update_create

from . import factories

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unavailable")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def portfolio(lead_agency, supporting_agency, lead_official, statuses, today):
    """Actions of the lead agency: overdue, stale, fresh, finished; plus one of an unrelated agency."""

    def action(code, **kwargs):
        return factories.ActionFactory(code=code, title=f"Action {code}", lead_agency=lead_agency, **kwargs)

    overdue = action("1.1", due_date=today - datetime.timedelta(days=3))
    stale = action("1.2", due_date=today + datetime.timedelta(days=200))
    fresh = action("1.3", due_date=today + datetime.timedelta(days=200))
    finished = action("1.4", due_date=today - datetime.timedelta(days=3))
    supported = factories.ActionFactory(
        code="2.1", title="Action 2.1", due_date=today - datetime.timedelta(days=1)
    )
    factories.ActionSupportFactory(action=supported, agency=lead_agency)
    unrelated = factories.ActionFactory(
        code="3.1", title="Action 3.1", due_date=today - datetime.timedelta(1)
    )
    status_update_create(
        action=stale,
        status=statuses["in-progress"],
        progress=20,
        reported_on=today - datetime.timedelta(days=120),
        narrative="Long ago.",
        author=lead_official,
    )
    for done in (fresh, finished):
        status_update_create(
            action=done,
            status=statuses["completed"] if done is finished else statuses["in-progress"],
            progress=100 if done is finished else 50,
            reported_on=today,
            narrative="Recently.",
            author=lead_official,
        )
    return {
        "overdue": overdue,
        "stale": stale,
        "fresh": fresh,
        "finished": finished,
        "supported": supported,
        "unrelated": unrelated,
    }


def test_send_reminders_emails_one_digest_with_overdue_and_stale_actions(
    settings, lead_official, portfolio, today
):
    settings.TRACKER_SITE_URL = "https://tracker.example.org/"
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert out.getvalue().strip() == "Sent 1 reminder email(s)."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead-official@example.org"]
    assert message.subject == "Policy Tracker: 3 actions need your update"
    body = message.body
    assert "1.1 Action 1.1" in body and "2.1 Action 2.1" in body and "1.2 Action 1.2" in body
    assert "Action 1.3" not in body and "Action 1.4" not in body and "Action 3.1" not in body
    assert body.index("1.1 Action 1.1") < body.index("No update for 90 days") < body.index("1.2 Action 1.2")
    assert "https://tracker.example.org/s/plan-a/actions/1.1/log/" in body
    assert "https://tracker.example.org/my-actions/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="https://tracker.example.org/s/plan-a/actions/1.2/">1.2 Action 1.2</a>' in html
    assert sorted(Reminder.objects.values_list("action__code", "reason", "sent_on")) == [
        ("1.1", "overdue", today),
        ("1.2", "stale", today),
        ("2.1", "overdue", today),
    ]


def test_send_reminders_twice_on_the_same_day_sends_nothing_new(lead_official, portfolio):
    call_command("send_reminders", stdout=StringIO())
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert len(mail.outbox) == 1
    assert out.getvalue().strip() == "Sent 0 reminder email(s)."
    assert Reminder.objects.count() == 3


def test_send_reminders_same_day_sends_only_newly_late_actions(lead_official, lead_agency, portfolio, today):
    officials_remind(today=today)
    newly = factories.ActionFactory(
        code="1.9", title="Action 1.9", lead_agency=lead_agency, due_date=today - datetime.timedelta(1)
    )

    officials_remind(today=today)

    assert len(mail.outbox) == 2
    assert "1.9 Action 1.9" in mail.outbox[1].body
    assert "1.1 Action 1.1" not in mail.outbox[1].body
    assert Reminder.objects.filter(action=newly).count() == 1


def test_send_reminders_next_day_reminds_again(lead_official, portfolio, today):
    officials_remind(today=today)

    sent = officials_remind(today=today + datetime.timedelta(days=1))

    assert sent == 1
    assert len(mail.outbox) == 2


def test_send_reminders_each_official_of_lead_and_supporting_agencies(
    lead_official, supporting_official, other_official, reviewer, administrator, action, today
):
    Action.objects.filter(pk=action.pk).update(due_date=today - datetime.timedelta(days=1))

    sent = officials_remind(today=today)

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lead-official@example.org",
        "support-official@example.org",
    ]


def test_send_reminders_one_email_for_an_official_of_several_agencies(
    lead_official, supporting_agency, action, today
):
    from tracker.models import Membership

    Membership.objects.create(user=lead_official, agency=supporting_agency)
    Action.objects.filter(pk=action.pk).update(due_date=today - datetime.timedelta(days=1))

    officials_remind(today=today)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("1.1 ") == 1


def test_send_reminders_skips_officials_without_email_or_inactive(lead_official, supporting_official, action):
    lead_official.email = ""
    lead_official.save()
    supporting_official.is_active = False
    supporting_official.save()

    sent = officials_remind()

    assert sent == 0
    assert mail.outbox == []
    assert Reminder.objects.count() == 0


def test_send_reminders_with_nothing_late_sends_nothing(lead_official, portfolio, today):
    late = [portfolio["overdue"].pk, portfolio["supported"].pk, portfolio["stale"].pk]
    Action.objects.filter(pk__in=late).update(due_date=None, last_reported_on=today)

    assert officials_remind(today=today) == 0
    assert mail.outbox == []


def test_send_reminders_failed_send_records_nothing_so_the_next_run_retries(
    settings, lead_official, portfolio
):
    settings.EMAIL_BACKEND = "tests.test_reminders.FailingBackend"

    with pytest.raises(ConnectionRefusedError):
        call_command("send_reminders", stdout=StringIO())

    assert Reminder.objects.count() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_send_reminders_stale_days_setting(settings, lead_official, portfolio, today):
    settings.TRACKER_STALE_DAYS = 200

    officials_remind(today=today)

    assert "1.2 Action 1.2" not in mail.outbox[0].body  # updated 120 days ago: not stale at 200 days
    assert "No update for" not in mail.outbox[0].body


def test_send_reminders_names_the_strategy_when_actions_of_several_are_listed(
    lead_official, lead_agency, portfolio, today
):
    plan_b = factories.CategoryFactory(strategy=factories.StrategyFactory(code="plan-b"), code="1")
    factories.ActionFactory(
        code="1.1",
        title="Plan B action",
        category=plan_b,
        lead_agency=lead_agency,
        due_date=today - datetime.timedelta(days=2),
    )

    officials_remind(today=today)

    body = mail.outbox[0].body
    assert "- PLAN-A · 1.1 Action 1.1" in body and "- PLAN-B · 1.1 Plan B action" in body
    assert "/s/plan-b/actions/1.1/log/" in body
    html, _mimetype = mail.outbox[0].alternatives[0]
    assert 'PLAN-B · <a href="http://127.0.0.1:8000/s/plan-b/actions/1.1/">1.1 Plan B action</a>' in html
