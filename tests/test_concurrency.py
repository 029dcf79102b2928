"""Twenty officials log progress on one action at the same moment (issue 4)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from tracker.models import Action, StatusUpdate

from . import factories

THREADS = 20


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "Needs PostgreSQL: SQLite serialises every writer on one database lock, so it cannot show that "
        "select_for_update keeps concurrent updates of one action in order. Set DATABASE_URL=postgres://…"
    ),
)
# serialized_rollback: the flush after a transactional test would otherwise drop the groups that the
# migrations create, and the next transactional test needs them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_updates_all_land_and_status_follows_the_latest(
    action, lead_official, supporting_official, statuses, log_data
):
    url = factories.log_url(action)
    choices = [statuses["in-progress"], statuses["delayed"], statuses["not-started"]]
    reason = factories.ReasonCodeFactory(code="coordination")
    with_reason = {"reason": reason.pk, "reason_text": "Waiting for the partner agency."}
    start = threading.Barrier(THREADS)
    responses, errors = [None] * THREADS, []

    def post(number):
        try:
            client = Client()
            client.force_login(lead_official if number % 2 else supporting_official)
            status = choices[number % len(choices)]
            progress = min(max(number, status.min_progress), status.max_progress)  # within the status's range
            data = {
                **log_data,
                "status": status.pk,
                "progress": str(progress),
                "narrative": f"Update {number}",
            }
            if status.needs_reason:
                data.update(with_reason)
            start.wait(timeout=30)
            responses[number] = client.post(url, data).status_code
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert responses == [302] * THREADS
    assert StatusUpdate.objects.filter(action=action).count() == THREADS
    latest = StatusUpdate.objects.filter(action=action).latest_first().first()
    action = Action.objects.get(pk=action.pk)
    assert (action.status, action.progress, action.last_reported_on) == (
        latest.status,
        latest.progress,
        latest.reported_on,
    )
    # Logged one after another: the latest by the history's order is also the last one written.
    assert latest.pk == StatusUpdate.objects.filter(action=action).order_by("-pk").first().pk
