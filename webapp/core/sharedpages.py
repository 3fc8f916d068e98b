"""Rendered public pages shared by every worker and instance through Redis (optional).

Each process keeps its own page cache (``webapp.core.pagecache``); without this,
every worker renders every page once per data version. With SHARED_PAGE_CACHE_URL
set, a page one worker rendered is fetched by the others instead of rendered
again. Each page is stored with the data version it was made at and the
providers whose own texts it shows; a worker serves it only if that is up to
date as the worker knows the data (``webapp.core.dataversion``). Pages are kept
under the release's fingerprint (``webapp.core.release``), so after a deploy no
instance serves a page the old code made. Pages expire on their own.

Stored as JSON metadata and the gzipped body, never pickled: whoever can write to
Redis must not be able to run code in the app.
"""

import json
import logging
from collections.abc import Callable

import redis

from webapp.core.release import fingerprint_release

logger = logging.getLogger(__name__)
KEEP_SECONDS = 600


def share_pages(config) -> "SharedPages | None":
    """Return the store SHARED_PAGE_CACHE_URL names, for this release; None without one."""
    url = config["SHARED_PAGE_CACHE_URL"]
    return SharedPages(url, release=fingerprint_release(config)) if url else None


class SharedPages:
    """A Redis store of rendered pages, each with the version it was made at and its scope."""

    def __init__(self, url: str, *, release: str):
        self.client = redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)
        self.prefix = f"page:{release}:"

    def name(self, key: tuple) -> str:
        """Return the Redis key of a page, in this release's own space."""
        return self.prefix + json.dumps(key, separators=(",", ":"))

    def get(self, key: tuple, make: Callable):
        """Return make(status, headers, gzipped body, etag, version, scope) of a page, or None."""
        try:
            stored = self.client.get(self.name(key))
        except redis.RedisError:
            logger.warning("shared page cache unavailable; rendering")
            return None
        if stored is None:
            return None
        meta_length = int.from_bytes(stored[:4], "big")
        meta = json.loads(stored[4 : 4 + meta_length])
        headers = [(name, value) for name, value in meta["headers"]]
        gzipped = stored[4 + meta_length :]
        scope = None if meta["scope"] is None else frozenset(meta["scope"])
        return make(meta["status"], headers, gzipped, meta["etag"], meta["version"], scope)

    def put(self, key: tuple, entry) -> None:
        """Store a page (status, headers, gzipped body, ETag, version, scope) for others."""
        meta = {
            "status": entry.status,
            "headers": entry.headers,
            "etag": entry.etag,
            "version": entry.version,
            "scope": None if entry.scope is None else sorted(entry.scope),
        }
        encoded = json.dumps(meta).encode()
        value = len(encoded).to_bytes(4, "big") + encoded + entry.gzipped
        try:
            self.client.set(self.name(key), value, ex=KEEP_SECONDS)
        except redis.RedisError:
            logger.warning("shared page cache unavailable; page kept in this process only")
