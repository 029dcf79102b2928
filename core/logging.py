"""Logging filters."""

import logging


class QuietForbidden(logging.Filter):
    """A refused request (403) is an expected event, not an error in the code: log it as one line, without
    the traceback of the PermissionDenied that Django attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
