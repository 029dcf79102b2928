"""Reporting rounds (issue 10): the lifecycle (due, submitted, late; opening and closing), My actions and the
reminders following round deadlines, independent review with its permissions, and the question threads."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tracker.models import Reminder, ReportingRound, Review, ReviewMessage, RoundReport, RoundSnapshot
from tracker.services.reminders import officials_remind, reminder_digest_send
from tracker.services.rounds import (
    review_message_create,
    review_message_notify,
    round_close,
    round_open,
)

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def open_round(action):
    return round_open(round=factories.RoundFactory(strategy=action.strategy, name="2026 Q1"))


def round_url(round, name="round-detail", *args):
    return reverse(f"tracker:{name}", args=[round.strategy.code, round.pk, *args])


def log(action, status, author, agency, **kwargs):
    return factories.status_update(action, status, author=author, agency=agency, **kwargs)


# Lifecycle


def test_round_open_refuses_a_second_open_round_of_the_strategy(open_round):
    second = factories.RoundFactory(strategy=open_round.strategy, name="2026 Q2")

    with pytest.raises(ValidationError, match="2026 Q1"):
        round_open(round=second)

    second.refresh_from_db()
    assert second.state == "planned"


def test_one_open_round_per_strategy_is_a_database_constraint(open_round):
    second = factories.RoundFactory(strategy=open_round.strategy, name="2026 Q2")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingRound.objects.filter(pk=second.pk).update(state="open", opened_at=timezone.now())


def test_round_deadline_before_opening_is_refused_by_the_database(action, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.RoundFactory(
            strategy=action.strategy, opens_on=today, deadline=today - datetime.timedelta(1)
        )


def test_round_close_refuses_a_planned_round(action, administrator):
    planned = factories.RoundFactory(strategy=action.strategy)
    with pytest.raises(ValidationError, match="Only an open round"):
        round_close(round=planned, user=administrator)


def test_lead_agency_update_is_the_round_report(open_round, action, lead_official, statuses):
    update = log(action, statuses["in-progress"], lead_official, action.lead_agency, progress=30)

    report = RoundReport.objects.get()
    assert (report.round, report.action, report.update) == (open_round, action, update)


def test_supporting_agency_update_is_not_the_round_report(
    open_round, action, supporting_official, supporting_agency, statuses
):
    log(action, statuses["in-progress"], supporting_official, supporting_agency, progress=30)

    assert not RoundReport.objects.exists()


def test_later_update_replaces_the_report_and_keeps_its_first_submission(
    open_round, action, lead_official, statuses
):
    first = log(action, statuses["in-progress"], lead_official, action.lead_agency, progress=30)
    second = log(action, statuses["in-progress"], lead_official, action.lead_agency, progress=50)

    report = RoundReport.objects.get()
    assert report.update == second
    assert report.submitted_at == first.created_at


def test_no_report_without_an_open_round(action, lead_official, statuses):
    factories.RoundFactory(strategy=action.strategy)  # planned only
    log(action, statuses["in-progress"], lead_official, action.lead_agency, progress=30)
    assert not RoundReport.objects.exists()


def test_round_page_shows_due_submitted_and_late(reviewer_client, action, lead_official, statuses, today):
    done = factories.ActionFactory(code="1.2", lead_agency=action.lead_agency)
    late_round = factories.RoundFactory(
        strategy=action.strategy,
        opens_on=today - datetime.timedelta(days=30),
        deadline=today - datetime.timedelta(days=1),
    )
    round_open(round=late_round)
    log(done, statuses["in-progress"], lead_official, action.lead_agency, progress=30)

    page = reviewer_client.get(round_url(late_round)).content.decode()

    assert 'round-line round-line-late"' in page
    assert "round-line round-line-submitted-late" in page  # reported after the deadline
    lines = reviewer_client.get(round_url(late_round)).context["lines"]
    assert {line.action.code: line.state for line in lines} == {"1.1": "late", "1.2": "submitted-late"}


def test_round_page_says_due_before_the_deadline(reviewer_client, open_round):
    lines = reviewer_client.get(round_url(open_round)).context["lines"]
    assert [line.state for line in lines] == ["due"]


def test_my_actions_lists_the_open_round_due_and_submitted(
    client, open_round, action, lead_official, statuses
):
    other = factories.ActionFactory(code="1.2", lead_agency=action.lead_agency)
    log(other, statuses["in-progress"], lead_official, action.lead_agency, progress=30)
    client.force_login(lead_official)

    response = client.get(reverse("tracker:my-actions"))

    (entry,) = response.context["rounds"]
    assert entry["round"] == open_round
    assert [a.code for a in entry["due"]] == ["1.1"]
    assert [a.code for a in entry["submitted"]] == ["1.2"]
    assert entry["late"] == []
    assert "2026 Q1" in response.content.decode()


def test_my_actions_of_a_supporting_official_lists_no_round(client, open_round, supporting_official):
    client.force_login(supporting_official)
    assert client.get(reverse("tracker:my-actions")).context["rounds"] == []


# Closing freezes


def test_closing_freezes_a_snapshot_and_a_later_correction_leaves_it(
    client, open_round, action, lead_official, administrator, reviewer, statuses
):
    report = log(action, statuses["in-progress"], lead_official, action.lead_agency, progress=30)
    Review.objects.create(
        round=open_round,
        action=action,
        reviewer=reviewer,
        rating="minor_delay",
        evidence="partly",
        comment="Hm.",
    )
    round_close(round=open_round, user=administrator)

    correction = log(
        action,
        statuses["in-progress"],
        lead_official,
        action.lead_agency,
        progress=70,
        corrects=report,
        correction_reason="The progress was mistyped.",
        narrative="The figure was wrong.",
    )

    snapshot = RoundSnapshot.objects.get()
    assert (snapshot.status, snapshot.progress, snapshot.narrative, snapshot.report) == (
        statuses["in-progress"],
        30,
        "Work goes on.",
        report,
    )
    assert (snapshot.rating, snapshot.evidence, snapshot.review_comment) == ("minor_delay", "partly", "Hm.")
    assert RoundReport.objects.get().update == report  # no open round: the correction reports in none
    client.force_login(lead_official)
    action_page = client.get(action.get_absolute_url())
    updates = {u.pk: u for u in action_page.context["updates"]}
    assert updates[correction.pk].corrected_after_close is True
    assert updates[report.pk].corrected_after_close is False
    assert "Corrected after the round closed" in action_page.content.decode()
    (line,) = client.get(round_url(open_round)).context["lines"]
    assert (line.progress, line.narrative, line.corrected_after_close) == (30, "Work goes on.", True)


def test_closed_round_lists_missing_reports(reviewer_client, open_round, administrator):
    round_close(round=open_round, user=administrator)
    (line,) = reviewer_client.get(round_url(open_round)).context["lines"]
    assert line.state == "missing"


def test_closed_round_cannot_be_changed_in_the_admin(client, open_round, administrator):
    round_close(round=open_round, user=administrator)
    client.force_login(administrator)
    url = reverse("admin:tracker_reportinground_change", args=[open_round.pk])
    response = client.post(url, {"name_en": "Renamed"})
    open_round.refresh_from_db()
    assert open_round.name == "2026 Q1"
    assert response.status_code == 403


def test_admin_action_opens_and_closes_rounds(client, action, administrator):
    planned = factories.RoundFactory(strategy=action.strategy)
    client.force_login(administrator)
    changelist = reverse("admin:tracker_reportinground_changelist")

    client.post(changelist, {"action": "open_rounds", "_selected_action": [planned.pk]})
    planned.refresh_from_db()
    assert planned.state == "open"
    client.post(changelist, {"action": "close_rounds", "_selected_action": [planned.pk]})
    planned.refresh_from_db()
    assert (planned.state, planned.closed_by) == ("closed", administrator)
    assert RoundSnapshot.objects.filter(round=planned).count() == 1


# Reminders follow round deadlines


def test_reminders_name_a_round_report_due_soon_instead_of_stale(action, lead_official, statuses, today):
    log(
        action,
        statuses["in-progress"],
        lead_official,
        action.lead_agency,
        reported_on=today - datetime.timedelta(200),
    )
    action.refresh_from_db()
    round_open(
        round=factories.RoundFactory(strategy=action.strategy, deadline=today + datetime.timedelta(days=3))
    )
    # The lead official's report in the round opened after the update: nothing reported yet.
    RoundReport.objects.all().delete()

    assert reminder_digest_send(user=lead_official, today=today)

    assert list(Reminder.objects.values_list("action__code", "reason")) == [("1.1", "round_due")]
    assert "Round report due" in mail.outbox[0].body


def test_reminders_skip_stale_actions_of_strategies_with_rounds(action, lead_official, today):
    factories.RoundFactory(strategy=action.strategy)  # planned: the rounds set the rhythm, not staleness
    assert not reminder_digest_send(user=lead_official, today=today)


def test_reminders_name_a_late_round_report(action, lead_official, today):
    round_open(
        round=factories.RoundFactory(
            strategy=action.strategy,
            opens_on=today - datetime.timedelta(days=20),
            deadline=today - datetime.timedelta(days=2),
        )
    )
    assert reminder_digest_send(user=lead_official, today=today)
    assert list(Reminder.objects.values_list("reason", flat=True)) == ["round_late"]
    assert "Round report late" in mail.outbox[0].body
    assert not reminder_digest_send(user=lead_official, today=today)  # once a day


def test_reminders_leave_out_a_submitted_round_report(open_round, action, lead_official, statuses, today):
    open_round.deadline = today
    open_round.save()
    log(action, statuses["in-progress"], lead_official, action.lead_agency, progress=30)
    assert not reminder_digest_send(user=lead_official, today=today)


# Independent review


REVIEW = {"rating": "off_track", "evidence": "not_supported", "comment": "No minutes were attached."}


def test_reviewer_saves_a_review(reviewer_client, reviewer, open_round, action):
    response = reviewer_client.post(round_url(open_round, "review-edit", action.code), REVIEW)

    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.round, review.action, review.reviewer, review.rating, review.evidence, review.comment) == (
        open_round,
        action,
        reviewer,
        "off_track",
        "not_supported",
        "No minutes were attached.",
    )
    lines = reviewer_client.get(round_url(open_round)).context["lines"]
    assert (lines[0].rating_label, lines[0].evidence_label) == ("Off track", "Not supported")


def test_review_without_rating_is_refused_next_to_the_field(reviewer_client, open_round, action):
    response = reviewer_client.post(
        round_url(open_round, "review-edit", action.code), {"evidence": "verified"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["rating"] == ["This field is required."]
    assert not Review.objects.exists()


@pytest.mark.parametrize("role", ["lead_official", "supporting_official", "other_official", "administrator"])
def test_only_reviewers_review(client, request, role, open_round, action):
    client.force_login(request.getfixturevalue(role))
    response = client.post(round_url(open_round, "review-edit", action.code), REVIEW)
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_review_of_a_closed_round_is_refused(reviewer_client, open_round, action, administrator):
    round_close(round=open_round, user=administrator)
    response = reviewer_client.post(round_url(open_round, "review-edit", action.code), REVIEW)
    assert response.status_code == 200
    assert "The round is not open" in response.content.decode()
    assert not Review.objects.exists()


# Questions and answers


@pytest.fixture
def report(open_round, action, lead_official, statuses):
    return log(action, statuses["in-progress"], lead_official, action.lead_agency, progress=30)


def message_url(update):
    return reverse(
        "tracker:message-create", args=[update.action.strategy.code, update.action.code, update.pk]
    )


def test_reviewer_question_emails_the_reporting_agency_once(reviewer_client, report, lead_official):
    response = reviewer_client.post(message_url(report), {"text": "Where are the minutes?"})

    assert response.status_code == 302
    message = ReviewMessage.objects.get()
    assert (message.kind, message.text, message.notified_at is not None) == (
        "question",
        "Where are the minutes?",
        True,
    )
    assert [m.to for m in mail.outbox] == [[lead_official.email]]
    assert "Where are the minutes?" in mail.outbox[0].body
    assert not review_message_notify(message=message)  # sent once
    assert len(mail.outbox) == 1


def test_official_answer_emails_the_reviewer_and_the_thread_shows_both(
    client, reviewer, report, supporting_official
):
    review_message_create(update=report, author=reviewer, kind="question", text="Where are the minutes?")
    mail.outbox.clear()
    client.force_login(supporting_official)

    client.post(message_url(report), {"text": "Attached to the next update."})

    answer = ReviewMessage.objects.get(kind="answer")
    assert answer.author == supporting_official
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    page = client.get(report.action.get_absolute_url())
    (update,) = page.context["updates"]
    assert [(m.kind, m.text) for m in update.thread] == [
        ("question", "Where are the minutes?"),
        ("answer", "Attached to the next update."),
    ]


def test_official_of_another_agency_cannot_answer(client, reviewer, report, other_official):
    review_message_create(update=report, author=reviewer, kind="question", text="Where are the minutes?")
    client.force_login(other_official)
    assert client.post(message_url(report), {"text": "Not mine."}).status_code == 403
    assert ReviewMessage.objects.count() == 1


def test_answer_without_a_question_is_refused_next_to_the_field(client, report, lead_official):
    client.force_login(lead_official)
    response = client.post(message_url(report), {"text": "Unasked."})
    assert response.status_code == 200
    assert "There is no question to answer" in response.content.decode()
    assert not ReviewMessage.objects.exists()


def test_empty_question_is_refused(reviewer_client, report):
    response = reviewer_client.post(message_url(report), {"text": "  "})
    assert response.status_code == 200
    assert response.context["updates"][0].thread_form.errors["text"]
    assert not ReviewMessage.objects.exists()


def test_failed_email_is_sent_by_the_next_reminder_run(reviewer, report, lead_official, settings):
    settings.EMAIL_BACKEND = "tests.test_reminders.FailingBackend"
    message = review_message_create(update=report, author=reviewer, kind="question", text="Minutes?")
    assert ReviewMessage.objects.get(pk=message.pk).notified_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    officials_remind()

    assert ReviewMessage.objects.get(pk=message.pk).notified_at is not None
    assert any("Minutes?" in m.body for m in mail.outbox)


# Query counts


def many_actions(strategy, n):
    category = factories.CategoryFactory(strategy=strategy, code="1")
    agency = factories.AgencyFactory(code="MANY")
    return [factories.ActionFactory(category=category, code=f"1.{i}", lead_agency=agency) for i in range(n)]


@pytest.mark.parametrize("closed", [False, True])
def test_round_page_queries_do_not_grow_with_actions(
    reviewer_client, administrator, reviewer, statuses, closed
):
    counts = []
    for n in (1, 30):
        strategy = factories.StrategyFactory(code=f"s{n}")
        actions = many_actions(strategy, n)
        round = round_open(round=factories.RoundFactory(strategy=strategy))
        for action in actions:
            factories.status_update(action, statuses["in-progress"], agency=action.lead_agency, progress=20)
            Review.objects.create(
                round=round, action=action, reviewer=reviewer, rating="on_track", evidence="verified"
            )
        if closed:
            round_close(round=round, user=administrator)
        with CaptureQueriesContext(connection) as queries:
            response = reviewer_client.get(round_url(round))
        assert len(response.context["lines"]) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("rows", [1, 30])
def test_my_actions_with_an_open_round_queries_do_not_grow(
    client, django_assert_num_queries, lead_official, lead_agency, statuses, rows
):
    strategy = factories.StrategyFactory()
    round_open(round=factories.RoundFactory(strategy=strategy))
    for number in range(rows):
        action = factories.ActionFactory(code=f"5.{number + 1}", lead_agency=lead_agency)
        if number % 2 == 0:
            factories.status_update(action, statuses["in-progress"], agency=lead_agency, progress=20)
    client.force_login(lead_official)

    # as without rounds (12, the open rounds among them), then the actions with their round reports
    with django_assert_num_queries(13):
        response = client.get(reverse("tracker:my-actions"))

    (entry,) = response.context["rounds"]
    assert len(entry["due"]) + len(entry["submitted"]) == rows


# Comparing two closed rounds


def test_comparison_lists_exactly_the_known_differences(
    reviewer_client, administrator, statuses, lead_official, lead_agency, today
):
    """Five actions between round 1 and round 2: 1.1 moves 20 → 50% in progress; 1.2 becomes delayed; 1.3 is
    completed; 1.4 does not change (and its lead agency, which also leads 1.5, does not report in round 2);
    1.5 is completed before round 1 (not expected since)."""
    silent = factories.AgencyFactory(code="SILENT", name="Silent bureau")
    codes = {"1.1": lead_agency, "1.2": lead_agency, "1.3": lead_agency, "1.4": silent, "1.5": silent}
    actions = {code: factories.ActionFactory(code=code, lead_agency=agency) for code, agency in codes.items()}

    def report(code, status, progress=None):
        factories.status_update(
            actions[code], statuses[status], agency=actions[code].lead_agency, progress=progress
        )

    report("1.5", "completed")
    first = round_open(round=factories.RoundFactory(strategy=actions["1.1"].strategy, name="Round 1"))
    report("1.1", "in-progress", 20)
    report("1.2", "in-progress", 40)
    report("1.3", "in-progress", 90)
    report("1.4", "in-progress", 10)
    round_close(round=first, user=administrator)
    second = round_open(round=factories.RoundFactory(strategy=first.strategy, name="Round 2"))
    report("1.1", "in-progress", 50)
    report("1.2", "delayed", 40)
    report("1.3", "completed")
    round_close(round=second, user=administrator)

    response = reviewer_client.get(
        reverse("tracker:round-compare", args=[first.strategy.code]), {"before": first.pk, "after": second.pk}
    )

    context = response.context
    assert [
        (c.action.code, c.before.status.code, c.after.status.code) for c in context["status_changes"]
    ] == [
        ("1.2", "in-progress", "delayed"),
        ("1.3", "in-progress", "completed"),
    ]
    assert [(c.action.code, c.progress_delta) for c in context["progress_changes"]] == [
        ("1.1", 30),
        ("1.3", 10),
    ]
    assert [c.action.code for c in context["newly_delayed"]] == ["1.2"]
    assert [c.action.code for c in context["newly_achieved"]] == ["1.3"]
    assert [(agency.code, [a.code for a in missing]) for agency, missing in context["not_reported"]] == [
        ("SILENT", ["1.4"])
    ]
    page = response.content.decode()
    assert "Silent bureau" in page
    assert "+30" in page


def test_comparison_needs_two_closed_rounds(reviewer_client, open_round):
    response = reviewer_client.get(reverse("tracker:round-compare", args=[open_round.strategy.code]))
    assert "Two closed rounds are needed" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_round_list_and_comparison_queries_do_not_grow(
    reviewer_client, django_assert_num_queries, administrator, statuses, rows
):
    strategy = factories.StrategyFactory()
    actions = many_actions(strategy, rows)
    for name in ("Round 1", "Round 2"):
        round = round_open(round=factories.RoundFactory(strategy=strategy, name=name))
        for action in actions:
            factories.status_update(action, statuses["in-progress"], agency=action.lead_agency, progress=20)
        round_close(round=round, user=administrator)

    # session, user, strategy, closed rounds, each round's snapshots, the navigation's groups, the menu
    with django_assert_num_queries(8):
        compare = reviewer_client.get(reverse("tracker:round-compare", args=[strategy.code]))
    with django_assert_num_queries(6):  # session, user, strategy, its rounds, the groups, the menu
        reviewer_client.get(reverse("tracker:round-list", args=[strategy.code]))

    assert compare.context["compared"]
