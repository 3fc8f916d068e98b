"""Addresses of many items at once: url_for once per request, each item's slug filled in."""

import re

from flask import url_for

# Slugs are lower-case letters, digits and hyphens (the staff form refuses others), and
# none of those is escaped in a path or a query: filling one in gives what url_for gives.
_PLAIN = re.compile(r"[a-z0-9-]+")
_MARK = "__slug__"


class SlugAddress:
    """An endpoint's address in which only the provider's slug changes from item to item."""

    def __init__(self, endpoint: str, name: str = "slug", **values):
        self.endpoint, self.name, self.values = endpoint, name, values
        self.template = url_for(endpoint, **{name: _MARK}, **values)

    def __call__(self, slug: str) -> str:
        """Return the address for this slug (url_for itself for a slug that needs escaping)."""
        if _PLAIN.fullmatch(slug):
            return self.template.replace(_MARK, slug)
        return url_for(self.endpoint, **{self.name: slug}, **self.values)
