"""A cache of rendered public pages, in front of Flask, checked against the data version.

Public pages are the same for everyone, so a rendered page is kept and served
again until the data it shows change (``webapp.core.dataversion``: the newest
audit event of a change to public data, read at most once a second per process,
so several instances agree within that time without sharing memory). A view
that shows providers' own texts names those providers (``PAGE_SCOPE``): a change
that reaches only another provider's own pages leaves the page valid. Pages depend
on the date too (authorizations start and end on a day), so the date is part of
the key. The cache holds at most PAGE_CACHE_SIZE pages and PAGE_CACHE_MAX_MB
megabytes; after a change the old pages fade out over PAGE_CACHE_GRACE_SECONDS.
With SHARED_PAGE_CACHE_URL, a page one worker rendered serves every other
(``webapp.core.sharedpages``).
"""

import gzip
import hashlib
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from webapp.core.dataversion import DataVersion
from webapp.core.sharedpages import SharedPages

# Set by views whose response is the same for every visitor.
CACHEABLE = "webapp.page_cacheable"
# Set by views to the ids of the providers whose own texts the page shows, when it
# shows no others' (webapp.providers.reach); without it a page may show anything.
PAGE_SCOPE = "webapp.page_scope"
REQUEST_ID = "X-Request-ID"
RENDERED_ID = "webapp.rendered_request_id"  # the rendering request's id, for its own answer


@dataclass(frozen=True)
class Entry:
    """A stored response, its body kept gzipped only: a tenth of the memory per page.

    Browsers accept gzip; the few clients that do not get it unpacked per request.
    """

    status: str
    headers: list[tuple[str, str]]
    gzipped: bytes
    etag: str
    version: int
    scope: frozenset[int] | None = None

    @property
    def size(self) -> int:
        """Return the bytes the entry holds."""
        return len(self.gzipped)


class PageCache:
    """WSGI middleware that serves stored copies of cacheable GET responses."""

    def __init__(
        self,
        app,
        *,
        version: DataVersion,
        prefixes,
        max_entries=1000,
        max_bytes=64 * 1024 * 1024,
        grace_seconds=0.0,
        personal_cookie=None,
        shared: SharedPages | None = None,
    ):
        self.app = app
        self.shared = shared  # pages rendered by other workers and instances (Redis)
        # A request carrying this cookie may see parts made for it (a client's open
        # choice adds "choose this provider"): it is neither served from nor kept.
        self.personal_cookie = personal_cookie
        self.version = version
        self.prefixes = tuple(prefixes)
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.grace_seconds = grace_seconds
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def is_up_to_date(self, version: int, scope: frozenset[int] | None) -> bool:
        """Tell whether a page made at version, showing scope's own texts, shows today's data."""
        needed = self.version.needed_for(scope)
        return needed is not None and version >= needed

    def is_fresh_enough(self, entry: Entry) -> bool:
        """Tell whether an entry may be served: up to date, or made just before a change.

        Right after a change every page is out of date at once. Rendering them all
        in the same second would make every visitor wait (a thundering herd), so for
        grace_seconds the old page is still served, to fewer and fewer requests:
        each renders afresh with a chance that grows from 0 to 1 over the grace.
        """
        if self.is_up_to_date(entry.version, entry.scope):
            return True
        elapsed = self.version.seconds_since_change()
        return elapsed < self.grace_seconds and random.random() > elapsed / self.grace_seconds  # noqa: S311 (not a secret)

    def is_personal(self, environ) -> bool:
        """Tell whether the request carries the cookie that can make its page personal."""
        if not self.personal_cookie:
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        return any(
            part.split("=", 1)[0].strip() == self.personal_cookie for part in cookies.split(";")
        )

    def key(self, environ) -> tuple:
        """Return the cache key of a request (the version is kept in the entry)."""
        return (
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
        version = self.version.current()
        if version is None:
            return self.app(environ, start_response)
        key = self.key(environ)
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
        if entry is None or not self.is_fresh_enough(entry):
            found = self.fetch_shared(key)
            if found is None:
                status, headers, body, entry = self.render(environ, key, version)
                if entry is None:
                    start_response(status, headers)
                    return [body]
                # The body just rendered: no need to unpack what was just packed.
                return self.respond(environ, start_response, entry, body)
            entry = found
        return self.respond(environ, start_response, entry)

    def render(self, environ, key, version: int) -> tuple[str, list, bytes, Entry | None]:
        """Run the app; return status, headers, body, and the entry kept if the view allowed."""
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
            return status, headers, body, None
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        # The request id names the request that rendered the page (which still gets it),
        # not the ones served the stored copy later.
        dropped = ("content-length", "etag", REQUEST_ID.lower())
        kept = [(n, v) for n, v in headers if n.lower() not in dropped]
        environ[RENDERED_ID] = next((v for n, v in headers if n.lower() == dropped[2]), None)
        scope = environ.get(PAGE_SCOPE)
        scope = None if scope is None else frozenset(scope)
        gzipped = gzip.compress(body, 6)
        entry = Entry(status, [*kept, ("ETag", etag)], gzipped, etag, version, scope)
        self.keep(key, entry)
        if self.shared is not None:
            self.shared.put(key, entry)
        return status, headers, body, entry

    def fetch_shared(self, key: tuple) -> Entry | None:
        """Return an up-to-date page another worker rendered, kept here too; or None."""
        if self.shared is None:
            return None
        entry = self.shared.get(key, Entry)
        if entry is None or not self.is_up_to_date(entry.version, entry.scope):
            return None
        self.keep(key, entry)
        return entry

    def keep(self, key: tuple, entry: Entry) -> None:
        """Store an entry, dropping the least recently used beyond the count or byte limit."""
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self.entries[key] = entry
            self.bytes += entry.size
            while self.entries and (
                len(self.entries) > self.max_entries or self.bytes > self.max_bytes
            ):
                _key, dropped = self.entries.popitem(last=False)
                self.bytes -= dropped.size

    def respond(self, environ, start_response, entry: Entry, body: bytes | None = None):
        """Send a stored response: 304 if the client has it, gzip if it accepts it."""
        if entry.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            headers = [(n, v) for n, v in entry.headers if n.lower() != "content-type"]
            start_response("304 Not Modified", headers)
            return []
        use_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        if use_gzip:
            body = entry.gzipped
        elif body is None:
            body = gzip.decompress(entry.gzipped)
        headers = [*entry.headers, ("Content-Length", str(len(body)))]
        if environ.get(RENDERED_ID):
            headers.append((REQUEST_ID, environ[RENDERED_ID]))
        vary = [v for n, v in headers if n.lower() == "vary"]
        headers = [(n, v) for n, v in headers if n.lower() != "vary"]
        headers.append(("Vary", ", ".join([*vary, "Accept-Encoding"])))
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
        start_response(entry.status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
