"""Render cost: each public page type, one request at a time, uncached, with a profile.

Usage (from the repository root, after `make test` or `make run` has set up .venv):

    .venv/bin/python -m benchmarks.render --database sqlite
    .venv/bin/python -m benchmarks.render --database postgresql --providers 2000 --periods 20
    .venv/bin/python -m benchmarks.render --database sqlite --profile "provider list"

The page cache is off, so every request renders. Each page type is asked for
``--rounds`` times with URLs drawn from the real filter space in all seven
languages (the same URL is not repeated back to back); the median, p90 and max
wall-clock time of the whole WSGI call are printed. ``--profile NAME`` runs
pyinstrument over that page type and prints the call tree.
"""

import argparse
import logging
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.harness import POSTGRES_URL, postgres_schema_url, prepare_database
from benchmarks.traffic import LANGS, list_request, read_space


def page_urls(space, rng: random.Random) -> dict[str, callable]:
    """Return, per page type, a function drawing one URL and its headers."""

    def profile():
        return f"/{rng.choice(LANGS)}/providers/{rng.choice(space.slugs)}", {}

    def compare():
        chosen = rng.sample(space.slugs, min(3, len(space.slugs)))
        return f"/{rng.choice(LANGS)}/compare?{urlencode([('p', s) for s in chosen])}", {}

    def full_list():
        url, _ = list_request(rng, space)
        return url, {}

    def fragment():
        url, _ = list_request(rng, space)
        return url, {"HX-Request": "true", "HX-Current-URL": "http://localhost/"}

    def api_list():
        page = rng.randint(1, max(1, len(space.slugs) // 50))
        return f"/api/v1/providers?page={page}", {}

    def api_provider():
        return f"/api/v1/providers/{rng.choice(space.slugs)}", {}

    def api_filtered():
        # One filter or none, so every page drawn exists; the language varies too.
        found = rng.choice([{}, {"service": rng.choice(space.services)}])
        pages = max(1, len(space.slugs) // 50) if not found else 1
        return {**found, "page": rng.randint(1, pages), "lang": rng.choice(LANGS)}

    def api_results():
        args = api_filtered()
        if rng.random() < 0.3:
            args = {"provider": rng.choice(space.slugs), "lang": args["lang"]}
        return f"/api/v1/results?{urlencode(args)}", {}

    def api_pooled():
        args = api_filtered()
        if rng.random() < 0.3:
            args = {"provider": rng.choice(space.slugs), "lang": args["lang"]}
        return f"/api/v1/pooled-results?{urlencode(args)}", {}

    return {
        "start page": lambda: (f"/{rng.choice(LANGS)}/", {}),
        "provider list": full_list,
        "list fragment": fragment,
        "provider page": profile,
        "compare page": compare,
        "API provider list": api_list,
        "API provider": api_provider,
        "API results": api_results,
        "API pooled results": api_pooled,
        "API services": lambda: (f"/api/v1/services?lang={rng.choice(LANGS)}", {}),
        "API schemes": lambda: (f"/api/v1/schemes?lang={rng.choice(LANGS)}", {}),
    }


def time_pages(app, space, rounds: int, seed: int) -> dict[str, list[tuple[float, float]]]:
    """Ask for every page type rounds times; return (wall, CPU) milliseconds per request."""
    rng = random.Random(seed)
    draws = page_urls(space, rng)
    client = app.test_client()
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in draws}
    for _ in range(rounds):
        for name, draw in draws.items():
            url, headers = draw()
            started, cpu = time.perf_counter(), time.thread_time()
            response = client.get(url, headers=headers)
            timings[name].append(
                ((time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000)
            )
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
    return timings


def profile_page(app, space, name: str, rounds: int, seed: int) -> None:
    """Print pyinstrument's call tree for one page type."""
    from pyinstrument import Profiler

    draw = page_urls(space, random.Random(seed))[name]
    client = app.test_client()
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(rounds):
        url, headers = draw()
        client.get(url, headers=headers)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def resident_megabytes() -> float:
    """Return this process's resident memory in megabytes (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def main() -> None:
    """Prepare a database, render every page type, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--providers", type=int, default=24)
    parser.add_argument("--periods", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", metavar="PAGE", help="print a profile of this page type")
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="PostgreSQL: use the data a previous run left in the schema 'render'",
    )
    args = parser.parse_args()

    from webapp import create_app

    with tempfile.TemporaryDirectory() as workdir:
        if args.database == "sqlite":
            url = f"sqlite:///{Path(workdir) / 'render.sqlite'}"
        else:
            url = postgres_schema_url(POSTGRES_URL, "render")
        if not (args.reuse_data and args.database == "postgresql"):
            prepare_database(url, extra_providers=max(0, args.providers - 24), periods=args.periods)
        space = read_space(url)
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "PAGE_CACHE_SIZE": 0, "RATELIMIT_ENABLED": False}
        )
        # One log line per request would be most of what this prints.
        logging.getLogger("webapp.requests").setLevel(logging.WARNING)
        # Warm up: templates compiled, catalogues loaded, connections open.
        time_pages(app, space, 10, args.seed + 1)
        if args.profile:
            profile_page(app, space, args.profile, args.rounds, args.seed)
            return
        before = resident_megabytes()
        timings = time_pages(app, space, args.rounds, args.seed)
        after = resident_megabytes()
    print(
        f"\n{args.database}, {args.providers} providers, {args.periods} half-years, "
        f"{args.rounds} requests per page type, page cache off, "
        f"process memory {after:.0f} MB (+{after - before:.0f} MB while rendering)\n"
    )
    # CPU time is what the process itself spent: it barely moves when the machine is busy.
    print(f"{'page':20} {'median ms':>10} {'p90 ms':>8} {'max ms':>8} {'CPU median ms':>14}")
    for name, pairs in timings.items():
        values = sorted(wall for wall, _cpu in pairs)
        cpu = statistics.median(cpu for _wall, cpu in pairs)
        p90 = values[int(len(values) * 0.9) - 1]
        print(
            f"{name:20} {statistics.median(values):10.1f} {p90:8.1f} {values[-1]:8.1f} {cpu:14.1f}"
        )


if __name__ == "__main__":
    main()
