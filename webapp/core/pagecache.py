"""A cache of rendered public pages, in front of Flask, checked against the data version.

Public pages are the same for everyone, so a rendered page is kept and served
again until the data change. The data version is the newest audit event's id:
every staff change (providers, authorizations, imports) writes one in the same
transaction. Each process asks the database for it at most once per
``check_seconds``, so several instances agree within that time without sharing
memory. Pages depend on the date too (authorizations start and end on a day),
so the date is part of the key.
"""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from webapp.staff.models import AuditEvent

# Set by views whose response is the same for every visitor.
CACHEABLE = "webapp.page_cacheable"


@dataclass(frozen=True)
class Entry:
    """A stored response."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    gzipped: bytes
    etag: str


def audit_version(engine) -> Callable[[], int | None]:
    """Return a function that reads the data version from the database."""

    def read() -> int | None:
        with engine.connect() as connection:
            return connection.execute(select(func.max(AuditEvent.id))).scalar() or 0

    return read


class PageCache:
    """WSGI middleware that serves stored copies of cacheable GET responses."""

    def __init__(
        self,
        app,
        *,
        read_version,
        prefixes,
        max_entries=1000,
        check_seconds=1.0,
        personal_cookie=None,
    ):
        self.app = app
        # A request carrying this cookie may see parts made for it (a client's open
        # choice adds "choose this provider"): it is neither served from nor kept.
        self.personal_cookie = personal_cookie
        self.read_version = read_version
        self.prefixes = tuple(prefixes)
        self.max_entries = max_entries
        self.check_seconds = check_seconds
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.lock = threading.Lock()
        self.version: int | None = None
        self.checked_at = float("-inf")

    def current_version(self) -> int | None:
        """Return the data version, asking the database at most every check_seconds."""
        now = time.monotonic()
        if now - self.checked_at >= self.check_seconds:
            try:
                version = self.read_version()
            except SQLAlchemyError:
                version = None  # database trouble: serve nothing stale, let Flask answer
            with self.lock:
                if version != self.version:
                    self.entries.clear()
                self.version, self.checked_at = version, now
        return self.version

    def is_personal(self, environ) -> bool:
        """Tell whether the request carries the cookie that can make its page personal."""
        if not self.personal_cookie:
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        return any(
            part.split("=", 1)[0].strip() == self.personal_cookie for part in cookies.split(";")
        )

    def key(self, environ, version: int) -> tuple:
        """Return the cache key of a request."""
        return (
            version,
            date.today().isoformat(),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_HX_REQUEST", ""),
            environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST", ""),
        )

    def __call__(self, environ, start_response):
        """Serve from the cache, or render and keep the response if it may be kept."""
        if (
            self.max_entries <= 0
            or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or not environ.get("PATH_INFO", "").startswith(self.prefixes)
            or self.is_personal(environ)
        ):
            return self.app(environ, start_response)
        version = self.current_version()
        if version is None:
            return self.app(environ, start_response)
        key = self.key(environ, version)
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
        if entry is None:
            entry = self.render(environ, key)
            if not isinstance(entry, Entry):
                status, headers, body = entry
                start_response(status, headers)
                return [body]
        return self.respond(environ, start_response, entry)

    def render(self, environ, key):
        """Run the app; keep the response if the view marked it cacheable."""
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda _data: None  # legacy write() is not used by Flask

        iterable = self.app(environ, capture)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        status, headers = captured["status"], captured["headers"]
        names = {name.lower() for name, _value in headers}
        keep = (
            environ.get(CACHEABLE)
            and environ["REQUEST_METHOD"] == "GET"  # a HEAD response has no body to keep
            and status.startswith("200")
            and "set-cookie" not in names
        )
        if not keep:
            return status, headers, body
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        kept = [(n, v) for n, v in headers if n.lower() not in ("content-length", "etag")]
        entry = Entry(status, [*kept, ("ETag", etag)], body, gzip.compress(body, 6), etag)
        with self.lock:
            self.entries[key] = entry
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        return entry

    def respond(self, environ, start_response, entry: Entry):
        """Send a stored response: 304 if the client has it, gzip if it accepts it."""
        if entry.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            headers = [(n, v) for n, v in entry.headers if n.lower() != "content-type"]
            start_response("304 Not Modified", headers)
            return []
        use_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        body = entry.gzipped if use_gzip else entry.body
        headers = [*entry.headers, ("Content-Length", str(len(body)))]
        vary = [v for n, v in headers if n.lower() == "vary"]
        headers = [(n, v) for n, v in headers if n.lower() != "vary"]
        headers.append(("Vary", ", ".join([*vary, "Accept-Encoding"])))
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
        start_response(entry.status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
