"""Start the app under gunicorn on a database of its own, for benchmarks and system tests."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_schema_url(base_url: str, schema: str) -> str:
    """Return a PostgreSQL URL whose tables live in a schema of their own."""
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"


def prepare_database(url: str, *, extra_providers: int = 0, periods: int = 6, staff=()) -> None:
    """Empty the database (its schema on PostgreSQL), migrate, seed, add what is asked."""
    from benchmarks.datagen import add_generated_providers
    from webapp import create_app
    from webapp.core.db import get_engine, get_session
    from webapp.core.migrate import upgrade_database
    from webapp.core.seed import load_seed
    from webapp.staff.actions import create_account

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        engine = get_engine()
        if engine.dialect.name == "postgresql":
            options = engine.url.query.get("options", "")
            schema = options.split("search_path=")[1] if "search_path=" in options else "public"
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        upgrade_database()
        load_seed()
        if extra_providers:
            add_generated_providers(engine, extra_providers, periods=periods)
        for email, password, role in staff:
            create_account(
                get_session(), email=email, name=role, password=password, role=role, actor=None
            )
        get_session().commit()
        engine.dispose()


def start_server(
    url: str, port: int, *, workers: int = 2, env: dict | None = None, args: tuple = ()
):
    """Start gunicorn on 127.0.0.1:port and wait until it answers /healthz."""
    settings = {
        **os.environ,
        "DATABASE_URL": url,
        "APP_ENV": "production",
        "SECRET_KEY": "local-test-only",
        "CHOICE_CODE_KEY": "local-test-only",
        # Production requires the site's address and a rate-limit store; callers that
        # test limits across processes pass a Redis URL.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "RATELIMIT_STORAGE_URI": "memory://",
        **(env or {}),
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        *args,
        "webapp:create_app()",
    ]
    # Set BENCH_SERVER_LOG to a file name to keep the servers' logs.
    log_path = os.environ.get("BENCH_SERVER_LOG")
    log = open(log_path, "a") if log_path else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=settings, stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not start on port {port}")


def stop_server(server) -> None:
    """Stop a server started by start_server."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
