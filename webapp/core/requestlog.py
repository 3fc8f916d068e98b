"""One JSON line per request, with a request id, and nothing personal in it."""

import json
import logging
import re
import time
import uuid

from flask import g, request

logger = logging.getLogger("webapp.requests")
# A request id from the proxy is kept only if it looks like one, so nothing
# arbitrary a client sends ends up in the logs.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def start_request():
    """Note when the request began and which id it carries."""
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def log_request(response):
    """Write the request's log line and return its id to the client."""
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("request_started")
    entry = {
        "request_id": g.get("request_id"),
        "method": request.method,
        # The path only: query strings and bodies may hold search text or codes.
        "path": request.path,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
    }
    logger.info(json.dumps(entry, separators=(",", ":")))
    return response


class JsonFormatter(logging.Formatter):
    """Format records as JSON objects, merging in a JSON message when there is one."""

    def format(self, record):
        """Return the record as one line of JSON."""
        base = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
        }
        message = record.getMessage()
        try:
            payload = json.loads(message)
        except ValueError:
            payload = {"message": message}
        if not isinstance(payload, dict):
            payload = {"message": message}
        if record.exc_info:
            # Stack traces go to the log (for operators), never to the visitor.
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps({**base, **payload}, ensure_ascii=False)


def init_app(app):
    """Register the hooks; outside tests, send the lines to standard error as JSON."""
    app.before_request(start_request)
    app.after_request(log_request)
    if not app.config.get("TESTING") and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
