"""Restart PostgreSQL and a gunicorn worker under load; check nothing is lost or half-written.

Usage (as root, with PostgreSQL on 127.0.0.1:5432):

    .venv/bin/python -m benchmarks.faults

It works in a database of its own, ``faults`` (created if missing; set
FAULTS_POSTGRES_URL to choose another), never in the test suite's ``test``.

Readers load public pages while two writers work through the app: staff record
authorization decisions and clients confirm choices with their codes. Midway,
PostgreSQL is restarted and one gunicorn worker is stopped. Every answer must be
a correct page or the clear 503 page; afterwards every decision and choice the
app confirmed must be in the database, and nothing may be half-written (an
authorization event without its audit event and period, two current choices).
Exits non-zero if any check fails. Only 127.0.0.1 is contacted.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date, timedelta

from sqlmodel import func, select

from benchmarks.harness import (
    postgres_schema_url,
    prepare_database,
    start_server,
    stop_server,
)

PORT = 5321
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "felsäker redaktör under last"
READ_PATHS = ["/sv/", "/sv/providers", "/sv/providers/jobbtorget", "/sv/about-results"]
OUTAGE_MARKER = "tillfälligt"


class Client:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
        )

    def send(self, path: str, data: dict | None = None) -> tuple[int, str]:
        """GET or POST; return (status, body), or (0, reason) when the connection failed."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(BASE + path, data=body, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError as error:
            return 0, str(error)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token_of(page: str) -> str | None:
    """Return the CSRF token in a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'name="csrf-token" content="([^"]+)"', page
    )
    return match.group(1) if match else None


class Tally:
    """Thread-safe counts of what the server answered."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.bad = []

    def note(self, what: str, status: int, body: str, ok=(200, 302, 303, 304)) -> str:
        """Classify an answer: 'ok', 'outage' (the 503 page) or 'bad'."""
        if status in ok:
            kind = "ok"
        elif status == 503 and OUTAGE_MARKER in body:
            kind = "outage"
        else:
            kind = "bad"
        with self.lock:
            self.statuses[(what, status)] += 1
            if kind == "bad":
                self.bad.append(f"{what}: {status} {body[:120]!r}")
        return kind


def read_pages(tally: Tally, stop: threading.Event) -> None:
    """Load public pages until told to stop."""
    client = Client()
    index = 0
    while not stop.is_set():
        status, body = client.send(READ_PATHS[index % len(READ_PATHS)])
        tally.note("read", status, body)
        index += 1


def decide_authorizations(tally: Tally, stop: threading.Event, confirmed: list, services) -> None:
    """As an editor, authorize and de-authorize providers for a service, again and again."""
    client = Client()
    provider_id, service_id = services
    day = date(2027, 1, 1)
    kind = "authorize"
    while not stop.is_set():
        status, page = client.send(f"/admin/providers/{provider_id}/{kind}")
        if status in (302, 303):  # logged out (or never in): log in
            _status, login = client.send("/admin/login")
            token = token_of(login)
            if token:
                status, body = client.send(
                    "/admin/login",
                    {"csrf_token": token, "email": "editor@kommun.example", "password": PASSWORD},
                )
                tally.note("login", status, body, ok=(302,))
            continue
        if tally.note("form", status, page) != "ok" or not token_of(page):
            time.sleep(0.2)
            continue
        form = {
            "csrf_token": token_of(page),
            "services": str(service_id),
            "decision_date": date.today().isoformat(),
            "effective_date": day.isoformat(),
            "decision_reference": f"FEL {day.isoformat()}",
        }
        if kind == "deauthorize":
            form.update(reason="provider_request", note="felprov")
        status, body = client.send(f"/admin/providers/{provider_id}/{kind}", form)
        if tally.note(kind, status, body, ok=(302, 303)) == "ok":
            confirmed.append((kind, day))
            if kind == "deauthorize":
                day += timedelta(days=1)
            kind = "deauthorize" if kind == "authorize" else "authorize"
        time.sleep(0.05)


def confirm_choices(tally: Tally, stop: threading.Event, codes: list, confirmed: list) -> None:
    """As clients, enter codes and confirm a provider, one invitation after another."""
    for code in codes:
        if stop.is_set():
            return
        for _attempt in range(20):
            client = Client()
            status, page = client.send("/sv/choose")
            if tally.note("choose", status, page) != "ok":
                time.sleep(0.3)
                continue
            status, body = client.send("/sv/choose", {"csrf_token": token_of(page), "code": code})
            if tally.note("code", status, body, ok=(302, 303)) != "ok":
                time.sleep(0.3)
                continue
            status, page = client.send("/sv/choose/confirm?provider=jobbtorget")
            if tally.note("confirm-page", status, page) != "ok":
                time.sleep(0.3)
                continue
            match = re.search(r'name="token"[^>]*value="([^"]+)"', page)
            form = {"csrf_token": token_of(page), "provider": "jobbtorget", "token": match[1]}
            status, body = client.send("/sv/choose/confirm", form)
            if tally.note("confirm", status, body, ok=(302, 303)) == "ok":
                confirmed.append(code)
                break
            time.sleep(0.3)


def make_invitations(url: str, count: int) -> list[str]:
    """Create invitations for MATCH-1 directly in the database; return their codes."""
    from webapp import create_app
    from webapp.catalog.models import Service
    from webapp.choices.actions import invite
    from webapp.core.db import get_session

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    codes = []
    with app.app_context():
        session = get_session()
        service = session.exec(select(Service).where(Service.code == "MATCH-1")).one()
        for _ in range(count):
            _invitation, code = invite(
                session,
                service=service,
                decision_date=date.today(),
                deadline=date.today() + timedelta(days=14),
                letter_lang="sv",
                case_reference="",
                key="local-test-only",
                created_by=None,
                today=date.today(),
            )
            codes.append(code)
        session.commit()
        app.extensions["db_engine"].dispose()
    return codes


def verify(url: str, decisions: list, choices: list) -> list[str]:
    """Check the database against what the app confirmed; return the problems."""
    from webapp import create_app
    from webapp.authorizations.models import AuthorizationEvent
    from webapp.choices.models import Choice
    from webapp.core.db import get_session
    from webapp.staff.models import AuditEvent

    problems = []
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        session = get_session()
        events = session.exec(
            select(AuthorizationEvent.kind, func.count()).group_by(AuthorizationEvent.kind)
        ).all()
        audits = dict(
            session.exec(
                select(AuditEvent.action, func.count())
                .where(AuditEvent.action.in_(["authorization.grant", "authorization.revoke"]))
                .group_by(AuditEvent.action)
            ).all()
        )
        by_kind = dict(events)
        for kind, action in (
            ("authorize", "authorization.grant"),
            ("deauthorize", "authorization.revoke"),
        ):
            wanted = sum(1 for k, _day in decisions if k == kind)
            if by_kind.get(kind, 0) < wanted:
                problems.append(
                    f"{kind}: app confirmed {wanted}, database has {by_kind.get(kind, 0)}"
                )
            if by_kind.get(kind, 0) != audits.get(action, 0):
                problems.append(
                    f"{kind}: {by_kind.get(kind, 0)} events but {audits.get(action, 0)} audit rows"
                )
        current = session.exec(
            select(Choice.invitation_id, func.count())
            .where(Choice.is_current)
            .group_by(Choice.invitation_id)
        ).all()
        if any(count > 1 for _id, count in current):
            problems.append("an invitation has more than one current choice")
        if len(current) < len(choices):
            problems.append(f"choices: app confirmed {len(choices)}, database has {len(current)}")
        app.extensions["db_engine"].dispose()
    return problems


def restart_postgres() -> None:
    """Restart the local PostgreSQL cluster."""
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def stop_one_worker(server) -> None:
    """Stop one gunicorn worker; the master starts a new one."""
    children = subprocess.run(
        ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGTERM)


# A database of its own: the run restarts PostgreSQL and fills tables, and must never
# touch the database the test suite (or anyone else) uses. FAULTS_POSTGRES_URL overrides.
FAULTS_URL = os.environ.get(
    "FAULTS_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/faults"
)


def ensure_database(url: str) -> None:
    """Create the run's database if it does not exist yet."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    if target.database in ("test", "postgres", "template0", "template1"):
        raise SystemExit(f"refusing to run faults on the shared database {target.database!r}")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def main() -> None:
    """Run the fault scenario and report."""
    ensure_database(FAULTS_URL)
    url = postgres_schema_url(FAULTS_URL, "faults")
    prepare_database(url, staff=[("editor@kommun.example", PASSWORD, "editor")])
    codes = make_invitations(url, 40)
    from webapp import create_app
    from webapp.catalog.models import Service
    from webapp.core.db import get_session
    from webapp.providers.models import Provider

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        session = get_session()
        provider_id = session.exec(
            select(Provider.id).where(Provider.slug == "angsgardens-kompetenscenter")
        ).one()
        service_id = session.exec(select(Service.id).where(Service.code == "INTRO-2")).one()
        app.extensions["db_engine"].dispose()

    # The load comes from one address: lift the per-address limits for this run.
    limits = {
        "CHOICE_RATE_LIMIT_IP": "100000 per minute",
        "CHOICE_RATE_LIMIT_CODE": "1000 per minute",
        "LOGIN_RATE_LIMIT_IP": "100000 per minute",
    }
    server = start_server(url, PORT, workers=2, env={"SESSION_COOKIE_SECURE": "0", **limits})
    tally, stop = Tally(), threading.Event()
    decisions, choices = [], []
    threads = [threading.Thread(target=read_pages, args=(tally, stop)) for _ in range(4)]
    threads.append(
        threading.Thread(
            target=decide_authorizations, args=(tally, stop, decisions, (provider_id, service_id))
        )
    )
    threads.append(threading.Thread(target=confirm_choices, args=(tally, stop, codes, choices)))
    try:
        for thread in threads:
            thread.start()
        time.sleep(4)
        print("restarting PostgreSQL …")
        restart_postgres()
        time.sleep(4)
        print("stopping a gunicorn worker …")
        stop_one_worker(server)
        time.sleep(6)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        stop_server(server)

    problems = tally.bad + verify(url, decisions, choices)
    print("answers:", dict(sorted(tally.statuses.items())))
    print(f"decisions confirmed: {len(decisions)}, choices confirmed: {len(choices)}")
    if problems:
        print("PROBLEMS:")
        for problem in problems:
            print(" -", problem)
        raise SystemExit(1)
    print("OK: every answer was a page or the 503 page; nothing lost or half-written.")


if __name__ == "__main__":
    main()
