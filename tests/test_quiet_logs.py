"""A refused request is logged as one line, not a traceback (issue 13, point 11)."""

import io
import logging

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """A handler with the console's filters from settings.LOGGING, writing into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    for name in settings.LOGGING["handlers"]["console"]["filters"]:
        handler.addFilter(import_string(settings.LOGGING["filters"][name]["()"])())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_forbidden_request_logged_as_one_line(client, reviewer, action, console):
    client.force_login(reviewer)

    response = client.get(factories.log_url(action))

    assert response.status_code == 403
    assert console.getvalue().splitlines() == [f"Forbidden (Permission denied): {factories.log_url(action)}"]


def test_server_error_keeps_its_traceback():
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error", None, None
    )
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    record.status_code = 500
    handler_filter = import_string(settings.LOGGING["filters"]["quiet_forbidden"]["()"])()

    handler_filter.filter(record)

    assert record.exc_info is not None
