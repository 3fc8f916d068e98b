"""Realistic public traffic: random URLs over the whole filter space, with staff changes.

Usage (from the repository root, after `make test` or `make run` has set up .venv):

    .venv/bin/python -m benchmarks.traffic --database sqlite
    .venv/bin/python -m benchmarks.traffic --database postgresql --providers 2000 --periods 20
    .venv/bin/python -m benchmarks.traffic --database sqlite --page-cache off
    .venv/bin/python -m benchmarks.traffic --database sqlite --running-site

Visitors do not repeat one URL: they spread over services × staff languages ×
districts × sorts × pages in seven languages, open profiles and compare pages,
and half of the list requests are htmx fragments. The script draws such requests
at random from the seeded data (see ``build_requests``), loads them with wrk
from a second process, and at the same time makes a staff change through the
admin every ``--change-every`` seconds (an editor saves a provider's description,
as a person would, which makes every page that shows it old; with ``--change
name`` the name, which makes every list old). Right after each change it
measures the next second on its own, so a thundering herd shows. With
``--running-site`` every URL of the draw is asked for once first, as on a site
that has been up. It reports throughput and p50/p95/p99 beside the static
stylesheet measured in the same run.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import redis
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, text

from benchmarks.harness import (
    POSTGRES_URL,
    ROOT,
    postgres_schema_url,
    prepare_database,
    start_server,
    stop_server,
)

LANGS = ("sv", "en", "ar", "fa", "so", "ti", "uk")
EDITOR = ("bench-editor@kommun.example", "long quiet river stones 41", "editor")
RESULT = re.compile(r"^RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)$", re.MULTILINE)
LUA = ROOT / "benchmarks" / "traffic.lua"
CHANGED_FIELDS = {"texts": "description", "name": "name"}
PAGE_CACHE_MODES = {"on": "on", "shared": "on, shared through Redis", "off": "off"}


@dataclass(frozen=True)
class Space:
    """What the seeded database offers to filter on."""

    services: list[str]
    languages: list[str]
    districts: list[str]
    slugs: list[str]


def read_space(url: str) -> Space:
    """Read the filter space from the database the server uses."""
    engine = create_engine(url)
    with engine.connect() as connection:

        def column(sql: str) -> list[str]:
            return [row[0] for row in connection.execute(text(sql))]

        space = Space(
            services=column("SELECT code FROM service ORDER BY id"),
            languages=column("SELECT DISTINCT language FROM provider_language ORDER BY 1"),
            districts=column("SELECT DISTINCT district FROM office ORDER BY 1"),
            slugs=column("SELECT slug FROM provider ORDER BY id"),
        )
    engine.dispose()
    return space


def list_request(rng: random.Random, space: Space) -> tuple[str, dict]:
    """Return a provider-list URL with random filters; half of them as htmx fragments."""
    args = []
    for name, values, chance in (
        ("service", space.services, 0.7),
        ("language", space.languages, 0.4),
        ("district", space.districts, 0.3),
    ):
        if rng.random() < chance:
            args.append((name, rng.choice(values)))
    args.append(("sort", rng.choice(("name", "result"))))
    if rng.random() < 0.1:
        args.append(("page", "2"))
    headers = {}
    if rng.random() < 0.5:
        headers = {"HX-Request": "true", "HX-Current-URL": "http://127.0.0.1/"}
    return f"/{rng.choice(LANGS)}/providers?{urlencode(args)}", headers


def build_requests(space: Space, count: int, seed: int) -> list[tuple[str, dict]]:
    """Draw count requests: lists (half), profiles, compare pages, start pages, the API."""
    rng = random.Random(seed)
    requests = []
    for _ in range(count):
        lang, kind = rng.choice(LANGS), rng.random()
        if kind < 0.5:
            requests.append(list_request(rng, space))
        elif kind < 0.75:
            requests.append((f"/{lang}/providers/{rng.choice(space.slugs)}", {}))
        elif kind < 0.85:
            chosen = rng.sample(space.slugs, rng.randint(2, min(4, len(space.slugs))))
            requests.append((f"/{lang}/compare?{urlencode([('p', s) for s in chosen])}", {}))
        elif kind < 0.92:
            requests.append((f"/{lang}/", {}))
        else:
            page = rng.randint(1, max(1, len(space.slugs) // 50))
            requests.append((f"/api/v1/providers?page={page}", {}))
    return requests


def write_requests(requests: list[tuple[str, dict]], path: Path) -> None:
    """Write the requests for the Lua script: the path, a tab, 1 for an htmx request."""
    with path.open("w") as out:
        for url, headers in requests:
            out.write(f"{url}\t{1 if headers else 0}\n")


def run_wrk(port: int, seconds: float, connections: int, requests_file: Path | None) -> dict:
    """Run wrk (with the request list, or against the static file) and return its numbers."""
    from benchmarks.run import static_file_path

    env = {"TRAFFIC_REQUESTS": str(requests_file)} if requests_file else {}
    target = "/" if requests_file else static_file_path()
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "5s",
            "--script",
            str(LUA),
            f"http://127.0.0.1:{port}{target}",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    ).stdout
    requests, duration, p50, p95, p99, errors = RESULT.search(output).groups()
    return {
        "rps": int(requests) / float(duration),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(errors),
    }


class Editor:
    """A staff member who saves a provider through the admin, as a browser would."""

    def __init__(self, port: int, slug_ids: list[int], field: str = "description"):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))
        self.provider_ids = slug_ids
        self.saves = 0
        # The description reaches only the provider's own pages; the name every list.
        self.field = field

    def fetch_form(self, path: str) -> tuple[str, list[tuple[str, str]]]:
        """Return a page's main form action and the fields a browser would send."""
        with self.opener.open(self.base + path, timeout=10) as response:
            page = BeautifulSoup(response.read(), "html.parser")
        # The page's own form: the POST form with the most fields (the header's
        # language switch is a POST form too).
        posts = [f for f in page.find_all("form") if f.get("method", "").lower() == "post"]
        form = max(posts, key=lambda f: len(f.find_all(["input", "textarea", "select"])))
        fields = []
        for field in form.find_all(["input", "textarea", "select"]):
            name = field.get("name")
            kind = (field.get("type") or "").lower()
            if not name or kind in ("submit", "button", "file"):
                continue
            if kind in ("checkbox", "radio") and not field.has_attr("checked"):
                continue
            if field.name == "textarea":
                fields.append((name, field.get_text()))
            elif field.name == "select":
                option = field.find("option", selected=True) or field.find("option")
                fields.append((name, option.get("value", "") if option else ""))
            else:
                fields.append((name, field.get("value", "")))
        return form.get("action") or path, fields

    def post(self, path: str, fields: list[tuple[str, str]]) -> int:
        """Send a form; return the status."""
        # Only ever http://127.0.0.1: the benchmark's own server.
        request = Request(self.base + path, data=urlencode(fields).encode(), method="POST")  # noqa: S310
        with self.opener.open(request, timeout=10) as response:
            return response.status

    def log_in(self) -> None:
        """Log in through the login form."""
        action, fields = self.fetch_form("/admin/login")
        fields = [(n, v) for n, v in fields if n not in ("email", "password")]
        self.post(action, [*fields, ("email", EDITOR[0]), ("password", EDITOR[1])])

    def save_a_provider(self) -> None:
        """Change one provider's description (or name) and save it."""
        provider_id = self.provider_ids[self.saves % len(self.provider_ids)]
        self.saves += 1
        action, fields = self.fetch_form(f"/admin/providers/{provider_id}/edit")
        stamp = f" (benchmark {self.saves})"
        fields = [
            (n, re.sub(r" \(benchmark \d+\)$", "", v) + stamp if n == self.field else v)
            for n, v in fields
        ]
        self.post(action, fields)


def ask_each_once(port: int, requests: list[tuple[str, dict]], threads: int = 4) -> None:
    """Ask for every distinct URL of the draw once: a site that has been up has seen them."""
    distinct = sorted({(url, tuple(sorted(headers.items()))) for url, headers in requests})

    def fetch(item) -> None:
        url, headers = item
        # Only ever http://127.0.0.1: the benchmark's own server.
        request = Request(f"http://127.0.0.1:{port}{url}", headers=dict(headers))
        with build_opener().open(request, timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(fetch, distinct))


def count_saves(url: str) -> int:
    """Return how many provider saves the audit log holds: proof the editor's changes landed."""
    engine = create_engine(url)
    with engine.connect() as connection:
        sql = "SELECT count(*) FROM audit_event WHERE action = 'provider.update'"
        saved = connection.execute(text(sql)).scalar()
    engine.dispose()
    return saved


def provider_ids(url: str) -> list[int]:
    """Return a few providers' ids for the editor to save."""
    engine = create_engine(url)
    with engine.connect() as connection:
        ids = [row[0] for row in connection.execute(text("SELECT id FROM provider LIMIT 5"))]
    engine.dispose()
    return ids


def measure(args, url: str, *, page_cache: str) -> dict:
    """Serve, load and change; return the numbers of the mix, the static file and the herd."""
    space = read_space(url)
    # Plain http on 127.0.0.1: the editor's session cookie must travel without TLS.
    env = {"SESSION_COOKIE_SECURE": "0"}
    if page_cache == "off":
        env["PAGE_CACHE_SIZE"] = "0"
    if page_cache == "shared":
        redis.Redis.from_url(args.redis).flushdb()
        env["SHARED_PAGE_CACHE_URL"] = args.redis
    saved_before = count_saves(url)
    server = start_server(url, args.port, workers=args.workers, env=env)
    try:
        with tempfile.TemporaryDirectory() as workdir:
            requests_file = Path(workdir) / "requests.jsonl"
            requests = build_requests(space, args.urls, args.seed)
            write_requests(requests, requests_file)
            static = run_wrk(args.port, args.seconds, args.connections, None)
            if args.running_site:
                ask_each_once(args.port, requests)
            # A server that has just started compiles templates and loads catalogues:
            # not what visitors meet, so the mix runs unmeasured for a few seconds first.
            run_wrk(args.port, args.warmup, args.connections, requests_file)
            editor = Editor(args.port, provider_ids(url), CHANGED_FIELDS[args.change])
            editor.log_in()
            after_change: list[dict] = []
            stop = threading.Event()

            def change_regularly():
                while not stop.wait(args.change_every):
                    editor.save_a_provider()
                    # The second right after a change: the pages it reaches are old now.
                    after_change.append(run_wrk(args.port, 1, 4, requests_file))

            changer = threading.Thread(target=change_regularly, daemon=True)
            changer.start()
            mix = run_wrk(args.port, args.seconds, args.connections, requests_file)
            stop.set()
            changer.join(timeout=30)
    finally:
        stop_server(server)
    herd = max((m["p99"] for m in after_change), default=None)
    distinct = len({(url, bool(headers)) for url, headers in requests})
    return {
        "static": static,
        "mix": mix,
        "herd_p99": herd,
        "changes": count_saves(url) - saved_before,
        "distinct": distinct,
    }


def main() -> None:
    """Prepare, serve, load, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--providers", type=int, default=24)
    parser.add_argument("--periods", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5098)
    parser.add_argument("--urls", type=int, default=5000, help="requests drawn for the mix")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--change-every", type=float, default=10.0)
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured seconds of the mix")
    parser.add_argument(
        "--change",
        choices=sorted(CHANGED_FIELDS),
        default="texts",
        help="what the editor changes: a description (its own pages) or a name (every list)",
    )
    parser.add_argument(
        "--running-site",
        action="store_true",
        help="before the warm-up, ask for every distinct URL once (a site that has been up)",
    )
    parser.add_argument(
        "--page-cache",
        choices=["on", "shared", "off", "all"],
        default="all",
        help="page cache per process, shared through Redis, none, or all three on the same data",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/2", help="for --page-cache shared"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory() as workdir:
        if args.database == "sqlite":
            url = f"sqlite:///{Path(workdir) / 'traffic.sqlite'}"
        else:
            url = postgres_schema_url(POSTGRES_URL, "traffic")
        prepare_database(
            url,
            extra_providers=max(0, args.providers - 24),
            periods=args.periods,
            staff=[EDITOR],
        )
        modes = ("on", "shared", "off") if args.page_cache == "all" else (args.page_cache,)
        runs = [(mode, measure(args, url, page_cache=mode)) for mode in modes]
    for mode, numbers in runs:
        report(args, numbers, page_cache=mode)


def report(args, numbers: dict, *, page_cache: str) -> None:
    """Print one run's figures beside the static file's."""
    static, mix = numbers["static"], numbers["mix"]
    print(
        f"\n{args.database}, {args.providers} providers, {args.periods} half-years, "
        f"{args.workers} workers, {args.connections} connections, {args.seconds} s, "
        f"{'running site (every URL asked once first), ' if args.running_site else ''}"
        f"page cache {PAGE_CACHE_MODES[page_cache]}, "
        f"{numbers['changes']} staff changes ({args.change}), "
        f"{numbers['distinct']} distinct URLs\n"
    )
    print(f"{'what':22} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} errors")
    for name, row in (("static file", static), ("realistic mix", mix)):
        print(
            f"{name:22} {row['rps']:8.0f} {row['rps'] / static['rps']:6.3f} "
            f"{row['p50']:7.1f} {row['p95']:7.1f} {row['p99']:7.1f} {row['errors']}"
        )
    if numbers["herd_p99"] is not None:
        print(f"\nworst p99 in the second after a staff change: {numbers['herd_p99']:.1f} ms")


if __name__ == "__main__":
    main()
