"""Two app instances on one PostgreSQL and one Redis behave as one site.

Starts two gunicorn servers that share nothing but the database, Redis and the
secret key, and checks that a login, a throttle and an admin change made through
one are seen by the other.
"""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
import redis

from benchmarks.harness import postgres_schema_url, prepare_database, start_server, stop_server

BASE_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "två instanser, ett lösenord"
pytestmark = pytest.mark.skipif(
    not BASE_URL.startswith("postgresql"), reason="needs TEST_DATABASE_URL on PostgreSQL"
)


class Browser:
    """A cookie-keeping HTTP client that follows no redirects."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        """GET, or POST a form; return status and body."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, url: str, data: dict) -> int:
        """POST a form with the CSRF token from the page at url."""
        _status, page = self.request(url)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        return self.request(url, {"csrf_token": token, **data})[0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects instead of following them."""

    def redirect_request(self, *args, **kwargs):
        """Do not follow."""
        return None


@pytest.fixture(scope="module")
def two_instances():
    """Two servers on a schema of their own; yields their base URLs."""
    url = postgres_schema_url(BASE_URL, "twoinstances")
    prepare_database(
        url,
        staff=[
            ("admin@kommun.example", PASSWORD, "admin"),
            ("editor@kommun.example", PASSWORD, "editor"),
        ],
    )
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        "SESSION_COOKIE_SECURE": "0",  # production settings, but cookies over plain http
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "LOGIN_RATE_LIMIT_ACCOUNT": "4 per minute",
        "LOGIN_LOCK_AFTER": "100",
        "PAGE_CACHE_CHECK_SECONDS": "0",
        # Old pages are dropped at once, so a change shows on the very next request.
        "PAGE_CACHE_GRACE_SECONDS": "0",
    }
    servers = [start_server(url, port, workers=1, env=env) for port in (5311, 5312)]
    yield ["http://127.0.0.1:5311", "http://127.0.0.1:5312"]
    for server in servers:
        stop_server(server)


def test_login_through_one_is_valid_on_the_other(two_instances):
    first, second = two_instances
    browser = Browser()
    status = browser.post_form(
        f"{first}/admin/login", {"email": "admin@kommun.example", "password": PASSWORD}
    )
    assert status == 302
    assert browser.request(f"{second}/admin/")[0] == 200


def test_login_throttle_counts_across_instances(two_instances):
    first, second = two_instances
    statuses = []
    for base in (first, second, first, second, first):
        browser = Browser()
        statuses.append(
            browser.post_form(
                f"{base}/admin/login",
                {"email": "editor@kommun.example", "password": "fel lösenord igen"},
            )
        )
    assert statuses == [200, 200, 200, 200, 429]  # the login page again, then throttled


def test_password_change_through_one_applies_on_the_other(two_instances):
    first, second = two_instances
    browser = Browser()
    browser.post_form(
        f"{first}/admin/login", {"email": "admin@kommun.example", "password": PASSWORD}
    )
    new_password = "ett nytt lösenord för båda"
    status = browser.post_form(
        f"{first}/admin/password",
        {"current": PASSWORD, "new": new_password, "confirm": new_password},
    )
    assert status == 200
    other = Browser()
    assert (
        other.post_form(
            f"{second}/admin/login", {"email": "admin@kommun.example", "password": PASSWORD}
        )
        == 200  # the login page again: the old password no longer works
    )
    assert (
        other.post_form(
            f"{second}/admin/login", {"email": "admin@kommun.example", "password": new_password}
        )
        == 302
    )
