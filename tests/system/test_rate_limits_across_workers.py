"""Rate limits hold across gunicorn workers: every worker counts in the same Redis.

Starts gunicorn with two workers sharing a Redis database (db 13, this test's
own) and sends more wrong logins than the per-address limit allows, in parallel
so both workers answer some. Exactly the limit gets through; every refusal is a
429 that says when to try again. With per-process memory storage each worker
would let the limit through on its own.
"""

import os
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

from benchmarks.harness import postgres_schema_url, prepare_database, start_server, stop_server
from tests.system.test_two_instances import Browser

REDIS_URL = "redis://127.0.0.1:6379/13"
BASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = BASE_URL.startswith("postgresql")
PORT = 5331
LIMIT = 6
ATTEMPTS = 16


def redis_answers() -> bool:
    """Tell whether the local Redis answers."""
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Gunicorn with two workers on a database of its own; yields (base URL, access log)."""
    if not redis_answers():
        pytest.fail("Redis must answer on 127.0.0.1:6379 for this test")
    folder = tmp_path_factory.mktemp("workers")
    url = (
        postgres_schema_url(BASE_URL, "ratelimits")
        if ON_POSTGRES
        else f"sqlite:///{folder / 'limits.sqlite'}"
    )
    prepare_database(url)
    redis.Redis.from_url(REDIS_URL).flushdb()
    log = folder / "access.log"
    env = {
        "SESSION_COOKIE_SECURE": "0",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "LOGIN_RATE_LIMIT_IP": f"{LIMIT} per minute",
        "LOGIN_RATE_LIMIT_ACCOUNT": "1000 per minute",
        "LOGIN_LOCK_AFTER": "1000",
    }
    # The access log names the worker (its process id) that answered each request.
    args = ("--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s %(U)s")
    process = start_server(url, PORT, workers=2, env=env, args=args)
    yield f"http://127.0.0.1:{PORT}", log
    stop_server(process)
    redis.Redis.from_url(REDIS_URL).flushdb()


def post_login(base: str, token: str, cookie: str) -> tuple[int, str | None, str]:
    """Send one wrong login; return status, Retry-After and body."""
    data = f"csrf_token={token}&email=nobody%40kommun.example&password=wrong-wrong-wrong"
    request = urllib.request.Request(  # noqa: S310 (the local test server)
        base + "/admin/login", data=data.encode(), headers={"Cookie": cookie}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers.get("Retry-After"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After"), error.read().decode()


def test_the_login_limit_holds_across_two_workers(server):
    base, log = server
    browser = Browser()
    status, page = browser.request(base + "/admin/login")
    assert status == 200
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
    answers: list[tuple[int, str | None, str]] = []
    lock = threading.Lock()

    def attempt():
        answer = post_login(base, token, cookie)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = [status for status, _retry, _body in answers]
    through = [status for status in statuses if status != 429]
    assert len(through) == LIMIT, statuses
    # SQLite lets one worker write at a time: a login failure's audit event may meet a
    # locked database (503). It still got past the limiter, which is what counts here.
    assert set(through) <= ({200} if ON_POSTGRES else {200, 503}), statuses
    for status, retry_after, body in answers:
        if status == 429:
            assert retry_after is not None and 0 < int(retry_after) <= 60
            assert "Du kan försöka igen om" in body
    workers = {
        line.split()[0]
        for line in Path(log).read_text().splitlines()
        if line.endswith("/admin/login") and line.split()[1] in ("200", "429")
    }
    assert len(workers) == 2, "both workers should have answered logins"
