"""Write seed_data/case_mix.json: invented strata counts for every demo result.

Run from the repository root with ``python scripts/generate_case_mix.py`` after
changing results.json. For every stored half-year result it spreads the
participants over strata (age band, time on social assistance, newcomer,
assessed level) by the provider's usual intake, then picks exactly the result's
number of people in work or studies among them, likelier where a stratum usually
does better. So the strata of each half-year add up to its result, and the output
depends only on results.json, providers.json and the fixed seed: the same file
every time. Commit the file; the loader never generates anything.
"""

import json
import math
import random
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DATA = ROOT / "seed_data"
SEED = 20261129

AGE_BANDS = ("18-24", "25-29", "30-49", "50+")
ASSISTANCE = ("lt1", "1to3", "gt3")
LEVELS = (1, 2, 3)
# How much likelier people of a stratum are to be in work or studies (log-odds).
AGE_EFFECT = {"18-24": 0.3, "25-29": 0.2, "30-49": 0.0, "50+": -0.6}
ASSISTANCE_EFFECT = {"lt1": 0.6, "1to3": 0.0, "gt3": -0.7}
NEWCOMER_EFFECT = -0.4
LEVEL_EFFECT = {1: 0.7, 2: 0.0, 3: -0.8}

# The usual intake of each kind of service: age, assistance and level weights, newcomers.
SERVICE_MIX = {
    "MATCH": ((0.25, 0.2, 0.4, 0.15), (0.4, 0.4, 0.2), (0.55, 0.35, 0.1), 0.2),
    "FORB": ((0.15, 0.15, 0.45, 0.25), (0.2, 0.35, 0.45), (0.15, 0.4, 0.45), 0.2),
    "INTRO": ((0.3, 0.25, 0.35, 0.1), (0.5, 0.35, 0.15), (0.3, 0.45, 0.25), 0.9),
}
# Providers whose intake differs: people further from work (hard) or nearer (easy).
HARD = {"oppna-vagar", "jarvalyftet", "bryggan-sfi-och-jobb", "larktradets-sociala-foretag"}
EASY = {"asa-partners-jobbmatchning", "angsgardens-kompetenscenter", "linjen-rekrytering"}
# A provider whose intake turns to newcomers in its latest half-year: the staff's note.
SHIFTING = ("motesplats-tensta", "2025H2")


def intake(slug: str, service: str, period: str):
    """Return the weights of each characteristic for a provider's half-year."""
    ages, assistance, levels, newcomers = SERVICE_MIX[service.split("-")[0]]
    if slug in HARD:
        ages = (ages[0] * 0.7, ages[1], ages[2], ages[3] * 1.8)
        assistance = (assistance[0] * 0.5, assistance[1], assistance[2] * 2.0)
        levels = (levels[0] * 0.5, levels[1], levels[2] * 2.0)
        newcomers = min(0.95, newcomers * 2.2)
    elif slug in EASY:
        ages = (ages[0] * 1.5, ages[1] * 1.3, ages[2], ages[3] * 0.4)
        assistance = (assistance[0] * 1.8, assistance[1], assistance[2] * 0.4)
        levels = (levels[0] * 1.8, levels[1], levels[2] * 0.3)
        newcomers = newcomers * 0.4
    if (slug, period) == SHIFTING:
        newcomers = 0.85
        ages = (ages[0] * 2.5, *ages[1:])
    return ages, assistance, levels, newcomers


def odds(stratum: tuple) -> float:
    """Return how likely, relatively, a person of the stratum is to be in work or studies."""
    age, assistance, newcomer, level = stratum
    logit = AGE_EFFECT[age] + ASSISTANCE_EFFECT[assistance] + LEVEL_EFFECT[level]
    return math.exp(logit + (NEWCOMER_EFFECT if newcomer else 0.0))


def draw_people(rng: random.Random, count: int, weights) -> list[tuple]:
    """Draw the stratum of each of count people from the intake's weights."""
    ages, assistance, levels, newcomers = weights
    return [
        (
            rng.choices(AGE_BANDS, ages)[0],
            rng.choices(ASSISTANCE, assistance)[0],
            rng.random() < newcomers,
            rng.choices(LEVELS, levels)[0],
        )
        for _ in range(count)
    ]


def pick_successes(rng: random.Random, people: list[tuple], successes: int) -> list[bool]:
    """Pick exactly successes people, each chosen with weight by its stratum's odds."""
    chosen = [False] * len(people)
    waiting = list(range(len(people)))
    for _ in range(successes):
        index = rng.choices(waiting, [odds(people[i]) for i in waiting])[0]
        chosen[index] = True
        waiting.remove(index)
    return chosen


def build_cell(rng: random.Random, slug: str, row: dict) -> dict:
    """Return the strata of one stored result, adding up to its counts."""
    people = draw_people(rng, row["completed"], intake(slug, row["service"], row["period"]))
    chosen = pick_successes(rng, people, row["in_work"] + row["in_studies"])
    completed = Counter(people)
    succeeded = Counter(person for person, success in zip(people, chosen, strict=True) if success)
    strata = [[*stratum, completed[stratum], succeeded[stratum]] for stratum in sorted(completed)]
    return {
        "org_number": row["org_number"],
        "service": row["service"],
        "period": row["period"],
        "strata": strata,
    }


def build_case_mix(providers: list[dict], results: list[dict]) -> list[dict]:
    """Invent the strata of every result row, in the order of results.json."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo numbers, not security
    slugs = {provider["org_number"]: provider["slug"] for provider in providers}
    return [build_cell(rng, slugs[row["org_number"]], row) for row in results if row["completed"]]


def write_case_mix(cells: list[dict], path: Path) -> None:
    """Write the cells as a JSON list, one half-year group a line so diffs stay readable."""
    lines = [json.dumps(cell, ensure_ascii=False) for cell in cells]
    path.write_text("[\n  " + ",\n  ".join(lines) + "\n]\n", encoding="utf-8")


def main() -> None:
    """Generate case_mix.json and print a short summary."""
    providers = json.loads((SEED_DATA / "providers.json").read_text(encoding="utf-8"))
    results = json.loads((SEED_DATA / "results.json").read_text(encoding="utf-8"))
    cells = build_case_mix(providers, results)
    write_case_mix(cells, SEED_DATA / "case_mix.json")
    strata = sum(len(cell["strata"]) for cell in cells)
    print(f"{len(cells)} half-year groups, {strata} strata with people in them")


if __name__ == "__main__":
    main()
