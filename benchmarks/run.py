"""Load the public pages under gunicorn and compare them with serving a static file.

Usage (from the repository root, after `make test` or `make run` has set up .venv):

    .venv/bin/python -m benchmarks.run --database sqlite
    .venv/bin/python -m benchmarks.run --database postgresql --providers 2000 --periods 20

It prepares a database of its own (a temporary SQLite file, or the schema
"benchmark" in the PostgreSQL database of BENCH_POSTGRES_URL), starts gunicorn on
127.0.0.1, loads each URL with wrk for a fixed time from a second process, and
prints requests per second and p50/p95/p99 latency, each also as a ratio to the
static file measured in the same run. Only 127.0.0.1 is ever contacted.
"""

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.harness import (
    POSTGRES_URL,
    ROOT,
    postgres_schema_url,
    prepare_database,
    start_server,
    stop_server,
)

PAGES = [
    ("start page", "/sv/"),
    ("provider list", "/sv/providers"),
    ("provider list, filtered", "/sv/providers?service=MATCH-1&language=ar&sort=result"),
    ("provider page", "/sv/providers/jobbtorget"),
    ("compare page", "/sv/compare?p=jobbtorget&p=jarvalyftet&p=zenith-karriar&service=MATCH-1"),
    ("API provider list", "/api/v1/providers"),
]
RESULT = re.compile(r"^RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)$", re.MULTILINE)


def database_url(kind: str, workdir: Path) -> str:
    """Return the URL of a database of the benchmark's own."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite'}"
    return postgres_schema_url(POSTGRES_URL, "benchmark")


def static_file_path() -> str:
    """Return the hashed stylesheet URL the pages link to."""
    from webapp.core.assets import static_url

    return static_url("css/site.css")


def load(port: int, path: str, seconds: int, connections: int) -> dict:
    """Run wrk against one URL and return its numbers."""
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--script",
            str(ROOT / "benchmarks" / "latency.lua"),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = RESULT.search(output)
    requests, duration, p50, p95, p99, errors = match.groups()
    return {
        "rps": int(requests) / float(duration),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(errors),
    }


def main() -> None:
    """Prepare, serve, load, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--providers", type=int, default=24)
    parser.add_argument("--periods", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="render every page (shows the cost the page cache saves)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    with tempfile.TemporaryDirectory() as workdir:
        url = database_url(args.database, Path(workdir))
        prepare_database(url, extra_providers=max(0, args.providers - 24), periods=args.periods)
        env = {"PAGE_CACHE_SIZE": "0"} if args.no_page_cache else {}
        server = start_server(url, args.port, workers=args.workers, env=env)
        try:
            targets = [("static file", static_file_path()), *PAGES]
            rows = []
            for name, path in targets:
                # Warm up first: each worker renders a page once before serving it from
                # its cache; the measurement is of the steady state.
                load(args.port, path, 1, args.connections)
                rows.append((name, path, load(args.port, path, args.seconds, args.connections)))
        finally:
            stop_server(server)

    static = rows[0][2]
    print(
        f"\n{args.database}, {args.providers} providers, {args.periods} half-years, "
        f"{args.workers} gunicorn workers, {args.connections} connections, {args.seconds} s each"
        f"{', page cache off' if args.no_page_cache else ''}\n"
    )
    print(f"{'what':26} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} errors")
    for name, _path, numbers in rows:
        print(
            f"{name:26} {numbers['rps']:8.0f} {numbers['rps'] / static['rps']:6.2f} "
            f"{numbers['p50']:7.1f} {numbers['p95']:7.1f} {numbers['p99']:7.1f} {numbers['errors']}"
        )


if __name__ == "__main__":
    main()
