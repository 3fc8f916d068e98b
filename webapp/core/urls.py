"""One canonical address for the site: absolute URLs come from configuration, never the request.

``PUBLIC_BASE_URL`` names the site (``https://valj.example.se``). Every request
is checked against ``ALLOWED_HOSTS`` before the page cache or Flask sees it,
then carries the canonical host and scheme, so ``url_for(..., _external=True)``,
``request.url_root`` and the documents built from them (OpenAPI, DCAT, letters,
e-mails) are the same whatever ``Host`` or ``X-Forwarded-Host`` a client sends.
Outside requests (commands, jobs) Flask builds the same URLs from ``SERVER_NAME``
and ``PREFERRED_URL_SCHEME``, which are set from the base URL.
"""

from urllib.parse import urlsplit

from flask import url_for
from werkzeug.routing import IntegerConverter
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wsgi import get_host

# Answered without asking the host: load balancers probe it by address.
UNCHECKED_PATHS = ("/healthz",)


def split_base_url(base_url: str) -> tuple[str, str]:
    """Return the scheme and host (with any port) of a base URL; refuse anything else."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuntimeError(f"PUBLIC_BASE_URL must be http(s)://host[:port], not {base_url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise RuntimeError(f"PUBLIC_BASE_URL must have no path, query or user: {base_url!r}")
    return parts.scheme, parts.netloc.lower()


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in addresses: a number a database integer column can hold, else 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def external_url(endpoint: str, **values) -> str:
    """Return the absolute, canonical URL of an endpoint (for documents, letters, e-mails)."""
    return url_for(endpoint, _external=True, **values)


class CanonicalHost:
    """WSGI middleware: refuse hosts not allowed, then present the canonical host and scheme."""

    def __init__(self, app, *, base_url: str, allowed_hosts):
        self.app = app
        self.scheme, self.netloc = split_base_url(base_url)
        parts = urlsplit(base_url)
        self.allowed = list(dict.fromkeys([parts.hostname, *(h.lower() for h in allowed_hosts)]))
        self.server_name = parts.hostname
        self.server_port = str(parts.port or (443 if self.scheme == "https" else 80))

    def __call__(self, environ, start_response):
        """Answer 400 for a host not allowed; otherwise pass the request on, canonical."""
        if environ.get("PATH_INFO", "") not in UNCHECKED_PATHS:
            if not host_is_trusted(get_host(environ).lower(), self.allowed):
                body = b"400 Bad Request: this site does not answer to that host name.\n"
                headers = [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                ]
                start_response("400 Bad Request", headers)
                return [body]
            environ["HTTP_HOST"] = self.netloc
            environ["SERVER_NAME"] = self.server_name
            environ["SERVER_PORT"] = self.server_port
            environ["wsgi.url_scheme"] = self.scheme
        return self.app(environ, start_response)


def init_app(app):
    """Build external URLs from the base URL, and make ``<int:…>`` refuse impossible ids.

    Called before any blueprint adds its rules, so every ``<int:…>`` is bounded.
    """
    scheme, netloc = split_base_url(app.config["PUBLIC_BASE_URL"])
    # So that url_for(..., _external=True) works, and agrees, outside requests too.
    app.config["SERVER_NAME"], app.config["PREFERRED_URL_SCHEME"] = netloc, scheme
    app.url_map.converters["int"] = RowIdConverter
