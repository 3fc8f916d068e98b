"""Rendered public pages shared by every worker and instance through Redis (optional).

Each process keeps its own page cache (``webapp.core.pagecache``); without this,
every worker renders every page once per data version. With SHARED_PAGE_CACHE_URL
set, a page one worker rendered is fetched by the others instead of rendered
again. Pages are stored under the data version, so a worker that still has the
old version never reads a newer page, nor the reverse; they expire on their own.

Stored as JSON metadata and the two bodies, never pickled: whoever can write to
Redis must not be able to run code in the app.
"""

import json
import logging

import redis

logger = logging.getLogger(__name__)
KEEP_SECONDS = 600


class SharedPages:
    """A Redis store of rendered pages: (status, headers, body, gzipped body, ETag)."""

    def __init__(self, url: str):
        self.client = redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)

    @staticmethod
    def name(version: int, key: tuple) -> str:
        """Return the Redis key of a page."""
        return "page:" + json.dumps([version, *key], separators=(",", ":"))

    def get(self, version: int, key: tuple) -> tuple | None:
        """Return a stored page as (status, headers, body, gzipped, etag), or None."""
        try:
            stored = self.client.get(self.name(version, key))
        except redis.RedisError:
            logger.warning("shared page cache unavailable; rendering")
            return None
        if stored is None:
            return None
        meta_length = int.from_bytes(stored[:4], "big")
        meta = json.loads(stored[4 : 4 + meta_length])
        body_start = 4 + meta_length
        body_end = body_start + meta["body"]
        headers = [(name, value) for name, value in meta["headers"]]
        body, gzipped = stored[body_start:body_end], stored[body_end:]
        return meta["status"], headers, body, gzipped, meta["etag"]

    def put(self, version: int, key: tuple, page: tuple) -> None:
        """Store a page (status, headers, body, gzipped, etag) for other workers."""
        status, headers, body, gzipped, etag = page
        meta = json.dumps(
            {"status": status, "headers": headers, "etag": etag, "body": len(body)}
        ).encode()
        value = len(meta).to_bytes(4, "big") + meta + body + gzipped
        try:
            self.client.set(self.name(version, key), value, ex=KEEP_SECONDS)
        except redis.RedisError:
            logger.warning("shared page cache unavailable; page kept in this process only")
