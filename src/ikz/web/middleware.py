"""A request id for every request, and the log format that carries it.

The id is sent back in the ``X-Request-ID`` header, shown on the 500 page and written
into every log line made while the request is handled, so that the number a user
reads out to the coordination finds the traceback in the server's log.

Log lines are one JSON object each (tracebacks included), as journald and docker
expect one event per line. ``settings.LOGGING`` names the handler, filter and
formatter here.
"""

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar
from datetime import datetime

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy in front may pass on: letters, digits and dashes (a UUID, say). Anything
# else could forge or break log lines and is replaced by an id of our own.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")

# The id of the request this thread or task is handling; None outside requests.
current_request_id: ContextVar[str | None] = ContextVar("ikz_request_id", default=None)


def request_id_from(header: str | None) -> str:
    """The incoming id if it is a sane token, else a new one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def request_id_of(request) -> str | None:
    """The id of the request being handled, or None if it never passed the middleware."""
    return getattr(request, "request_id", None) or current_request_id.get()


class RequestIdMiddleware:
    """Gives every request an id (``request.request_id``) and sends it back in the
    ``X-Request-ID`` header. First in MIDDLEWARE, so that every response has it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            # A worker thread's next request, or whatever it logs in between, must not
            # carry this id.
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record. Django logs an error response that no
    exception caused (a view's own 500) only after the middleware has returned and
    reset the context, with the request attached to the record; so the request's own
    id comes first, then the context's."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True


class JsonLineFormatter(logging.Formatter):
    """One JSON object per record on one line: time, level, logger, request id,
    message and, if there is one, the traceback (its newlines escaped by JSON)."""

    def format(self, record):
        # Local time with its offset (settings' TIME_ZONE), unambiguous in any log.
        created = datetime.fromtimestamp(record.created).astimezone()
        event = {
            "time": created.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", None),
            "message": record.getMessage(),
        }
        # Django's request log says which status it answered with.
        if hasattr(record, "status_code"):
            event["status"] = record.status_code
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            event["exception"] = record.exc_text
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return json.dumps(event, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes, as Python's own
    last-resort handler does, not to the one there was at start-up: test runners (and
    some servers) replace it, and a closed one would lose every line."""

    def __init__(self, level=logging.NOTSET):
        logging.Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stderr
