"""Write results.json: invented half-year results for the demo providers.

Run from the repository root with ``python seed_data/generate.py``. The output
depends only on providers.json and the fixed seed below, so running it again
gives the same file. Commit the file; the loader never generates anything.
"""

import json
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261122
PERIODS = ("2023H1", "2023H2", "2024H1", "2024H2", "2025H1", "2025H2")

# Each provider's usual share in work or studies and the size of its cohorts.
PROFILES = {
    "jobbtorget": (0.39, "large"),
    "angsgardens-kompetenscenter": (0.55, "medium"),
    "oppna-vagar": (0.26, "medium"),
    "asa-partners-jobbmatchning": (0.57, "medium"),
    "ostra-brobyggarna": (0.41, "medium"),
    "elan-sprak-och-arbete": (0.47, "medium"),
    "cafe-karnhuset": (0.33, "borderline"),
    "zenith-karriar": (0.36, "small"),
    "nordljus-matchning": (0.48, "medium"),
    "motesplats-tensta": (0.38, "medium"),
    "arbetslust-stockholm": (0.42, "medium"),
    "vagvisaren-kooperativ": (0.31, "small"),
    "stiftelsen-nasta-steg": (0.46, "small"),
    "kompassen-jobbcoachning": (0.36, "small"),
    "larktradets-sociala-foretag": (0.28, "small"),
    "jarvalyftet": (0.52, "medium"),
    "spira-rehab-och-arbete": (0.34, "medium"),
    "bryggan-sfi-och-jobb": (0.27, "medium"),
    "sjostadens-jobbverkstad": (0.40, "tiny"),
    "ornsbergs-arbetstraning": (0.30, "tiny"),
    "arsta-sprak-och-karriar": (0.43, "small"),
    "grona-hander-arbetstraning": (0.37, "small"),
    "framtidsvagen-jobbmatchning": (0.40, "medium"),
    "linjen-rekrytering": (0.22, "medium"),
}
# Participants completing in a full half-year: (matching, other services).
COHORTS = {
    "large": ((55, 80), (25, 45)),
    "medium": ((25, 50), (18, 40)),
    "small": ((15, 25), (15, 22)),
    "borderline": ((4, 8), (4, 8)),
    "tiny": ((1, 4), (1, 3)),
}
# How a service shifts the provider's usual share, and its share of studies.
SERVICE_SHIFT = {
    "MATCH-1": 0.06,
    "MATCH-2": 0.0,
    "FORB-1": -0.08,
    "FORB-2": -0.05,
    "FORB-3": -0.02,
    "INTRO-1": -0.03,
    "INTRO-2": 0.02,
}
STUDY_SHARE = {"MATCH": 0.12, "FORB": 0.2, "INTRO": 0.35}
AVERAGE_DAYS = {
    "MATCH-1": (90, 150),
    "MATCH-2": (120, 200),
    "FORB-1": (220, 300),
    "FORB-2": (180, 270),
    "FORB-3": (150, 230),
    "INTRO-1": (200, 300),
    "INTRO-2": (160, 260),
}
# Providers that have not sent in any survey answers.
NO_SURVEY = {"zenith-karriar", "linjen-rekrytering"}
# How the service is delivered: each provider's usual share leaving early and usual median
# days to the first meeting are drawn from these ranges. Zenith knows the date of choice
# for few of its participants, so its medians rest on few people and some are hidden.
LEFT_EARLY_RANGE = (0.05, 0.25)
FIRST_MEETING_RANGE = (3, 21)
MEASURED_SHARE = {"zenith-karriar": (0.3, 0.6)}
USUAL_MEASURED = (0.85, 1.0)


def period_bounds(period: str) -> tuple[date, date]:
    """Return the first day of a half-year and the first day after it."""
    year, half = int(period[:4]), int(period[-1])
    if half == 1:
        return date(year, 1, 1), date(year, 7, 1)
    return date(year, 7, 1), date(year + 1, 1, 1)


def covered_fraction(authorization: dict, period: str) -> float:
    """Return how much of the half-year the authorization was in force."""
    start, end = period_bounds(period)
    valid_from = date.fromisoformat(authorization["valid_from"])
    until = authorization["valid_until"]
    valid_until = date.fromisoformat(until) if until else end + timedelta(days=1)
    overlap = (min(end, valid_until) - max(start, valid_from)).days
    return max(overlap, 0) / (end - start).days


def draw_count(rng: random.Random, trials: int, share: float) -> int:
    """Draw how many of the trials succeed with the given share."""
    return sum(rng.random() < share for _ in range(trials))


def build_row(rng, provider, authorization, period, fraction) -> dict | None:
    """Invent one result row, or None when nobody completed that half-year."""
    slug, service = provider["slug"], authorization["service"]
    usual, size = PROFILES[slug]
    matching, other = COHORTS[size]
    low, high = matching if service.startswith("MATCH") else other
    completed = round(rng.randint(low, high) * fraction)
    if completed == 0:
        return None
    share = min(0.9, max(0.05, usual + SERVICE_SHIFT[service] + rng.uniform(-0.04, 0.04)))
    successes = draw_count(rng, completed, share)
    in_studies = draw_count(rng, successes, STUDY_SHARE[service.split("-")[0]])
    row = {
        "org_number": provider["org_number"],
        "service": service,
        "period": period,
        "completed": completed,
        "in_work": successes - in_studies,
        "in_studies": in_studies,
        "average_days": rng.randint(*AVERAGE_DAYS[service]),
        "survey_respondents": None,
        "survey_satisfied": None,
    }
    respondents = round(completed * rng.uniform(0.35, 0.8))
    if slug not in NO_SURVEY and respondents > 0 and rng.random() > 0.1:
        row["survey_respondents"] = respondents
        row["survey_satisfied"] = draw_count(rng, respondents, rng.uniform(0.6, 0.95))
    return row


def add_delivery(row: dict, slug: str, rng: random.Random) -> None:
    """Invent how the service was delivered that half-year: started, left early, first meeting.

    A separate random stream per provider, so the results drawn before stay as they were.
    """
    usual = random.Random(f"{SEED}-{slug}")  # noqa: S311 - the provider's usual values
    left_share = usual.uniform(*LEFT_EARLY_RANGE)
    wait = usual.uniform(*FIRST_MEETING_RANGE)
    started = max(1, round(row["completed"] * rng.uniform(0.9, 1.3)))
    measured = max(1, round(started * rng.uniform(*MEASURED_SHARE.get(slug, USUAL_MEASURED))))
    row["started"] = started
    row["left_early"] = draw_count(rng, started, left_share)
    row["first_meeting_days"] = max(0, round(rng.gauss(wait, 2)))
    row["first_meeting_people"] = measured


def build_results(providers: list[dict]) -> list[dict]:
    """Invent results for every provider, service and half-year it was authorized."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo numbers, not security
    rows = []
    for provider in providers:
        for authorization in provider["authorizations"]:
            for period in PERIODS:
                fraction = covered_fraction(authorization, period)
                if fraction > 0:
                    row = build_row(rng, provider, authorization, period, fraction)
                    if row is not None:
                        rows.append(row)
    delivery = random.Random(f"{SEED}-delivery")  # noqa: S311 - reproducible demo numbers
    slugs = {provider["org_number"]: provider["slug"] for provider in providers}
    for row in rows:
        add_delivery(row, slugs[row["org_number"]], delivery)
    return rows


def overall_share(rows: list[dict]) -> float:
    """Return the share in work or studies over all rows."""
    successes = sum(row["in_work"] + row["in_studies"] for row in rows)
    return successes / sum(row["completed"] for row in rows)


def write_results(rows: list[dict], path: Path) -> None:
    """Write the rows as a JSON list, one row a line so diffs stay readable."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("[\n  " + ",\n  ".join(lines) + "\n]\n", encoding="utf-8")


def main() -> None:
    """Generate results.json and print a short summary."""
    providers = json.loads((HERE / "providers.json").read_text(encoding="utf-8"))
    rows = build_results(providers)
    share = overall_share(rows)
    if not 0.35 <= share <= 0.45:
        raise SystemExit(f"Overall share {share:.3f} is outside 35–45 %; adjust PROFILES.")
    write_results(rows, HERE / "results.json")
    print(f"{len(rows)} rows, overall share in work or studies {share:.1%}")


if __name__ == "__main__":
    main()
