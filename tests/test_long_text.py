"""Long text: narratives have a limit with a counter in the form, and long ones fold behind "Read more"
(issue 13, point 3)."""

import datetime

import pytest
from django.utils import timezone

from tracker.models import NARRATIVE_MAX_LENGTH, StatusUpdate
from tracker.services.updates import status_update_create

from .factories import log, log_url

pytestmark = pytest.mark.django_db


def test_log_form_narrative_has_counter_and_limit(client, lead_official, action, statuses):
    client.force_login(lead_official)

    html = client.get(log_url(action)).content.decode()

    assert 'data-limit="4000"' in html
    assert 'data-counter="{count} of {limit} characters"' in html
    assert 'data-counter-over="{count} of {limit} characters: too long"' in html
    assert "/static/tracker/text_counter.js" in html
    # No maxlength: a browser would cut a pasted text off without saying so.
    narrative = html[html.index('<textarea name="narrative"') :]
    assert "maxlength" not in narrative[: narrative.index(">")]


def test_log_progress_narrative_too_long_kept_in_the_form_and_nothing_written(
    client, lead_official, action, log_data
):
    client.force_login(lead_official)
    text = "Long. " * 1000

    response = log(client, action, {**log_data, "narrative": text})

    html = response.content.decode()
    assert "At most 4,000 characters, and this has 5,999" in html
    assert text.strip() in html
    assert StatusUpdate.objects.count() == 0


def test_log_progress_narrative_at_the_limit_accepted(client, lead_official, action, log_data):
    client.force_login(lead_official)

    log(client, action, {**log_data, "narrative": "z" * NARRATIVE_MAX_LENGTH})

    assert StatusUpdate.objects.get().narrative == "z" * NARRATIVE_MAX_LENGTH


def test_action_page_folds_long_narrative_only(reviewer_client, action, lead_official, statuses):
    for narrative, day in (("Short and sweet.", 1), ("Word " * 200, 2)):
        status_update_create(
            action=action,
            status=statuses["in-progress"],
            progress=10,
            reported_on=timezone.localdate() - datetime.timedelta(days=10 - day),
            narrative=narrative,
            author=lead_official,
        )

    html = reviewer_client.get(action.get_absolute_url()).content.decode()

    assert '<p class="narrative mb-2">Short and sweet.</p>' in html
    assert '<p class="narrative mb-2" data-fold data-more="Read more" data-less="Show less">Word Word' in html
    assert html.count("data-fold") == 1
    assert "/static/tracker/fold.js" in html
