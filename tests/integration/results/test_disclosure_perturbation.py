"""Changing what is hidden changes nothing that is published, not one byte.

If every page, the API, the CSV files and the metadata read exactly the same
whatever a hidden group's counts and strata are (within what stays hidden: its
participants, its survey answers, its starters and left early, its people measured
to the first meeting and their median; the strata rates, expected shares and results
for 18–24-year-olds and newcomers included), nothing published
depends on them, and no arithmetic on it, across sources or releases, can find them.
"""

import random

from sqlmodel import select

from tests.factories import scene
from tests.integration.results import case_mix_data
from tests.integration.results.published import served_as_deployed
from tests.integration.results.test_disclosure_attack import (
    SERVICES,
    fixed_day,  # noqa: F401  (the same day as the attack)
    generate,
    public_slugs,
    report_new_half_year,
    stored_cells,
)
from webapp.core.db import get_session
from webapp.results.models import Result


def addresses(client) -> list[str]:
    """Return every address that publishes results: API pages, files and pages."""
    found = ["/api/dcat.jsonld", "/sv/about-results", "/sv/open-data", "/sv/open-data/results.csv"]
    found += ["/sv/open-data/strata-rates.csv", "/sv/open-data/expected-results.csv"]
    starts = ("/api/v1/results?per_page=100", "/api/v1/pooled-results?per_page=100")
    starts += ("/api/v1/strata-rates?per_page=100", "/api/v1/expected-results?per_page=100")
    for start in starts:
        url = start
        while url:
            found.append(url)
            url = client.get(url).get_json()["links"]["next"]
    found.append("/sv/providers")
    for code in SERVICES:
        found += [f"/sv/providers?service={code}", f"/sv/providers?service={code}&sort=result"]
        cells = client.get(f"/api/v1/results?service={code}&per_page=100").get_json()["data"]
        slugs = sorted({cell["provider"] for cell in cells})[:4]
        found.append(f"/sv/compare?service={code}&" + "&".join(f"p={s}" for s in slugs))
        found += [f"/sv/providers?service={code}&people={g}" for g in ("18-24", "newcomers")]
    for slug in public_slugs(client):
        found += [
            f"/sv/providers/{slug}{query}" for query in ("", "?people=18-24", "?people=newcomers")
        ]
    return found


def capture(client) -> dict[str, bytes]:
    """Return what each address answers, byte for byte."""
    answers = {}
    with served_as_deployed(client.application):
        for url in addresses(client):
            response = client.get(url)
            assert response.status_code == 200, url
            answers[url] = response.get_data()
    return answers


def perturb_hidden(session, seed: int, minimum: int) -> int:
    """Give every hidden group other counts that stay hidden; return how many changed."""
    rng = random.Random(seed)
    changed = 0
    with scene(session) as writer:
        for row in stored_cells(session).values():
            stored = writer.get(Result, row.id)
            hidden_people = stored.completed < minimum
            if hidden_people:
                stored.completed = (stored.completed + rng.randint(1, minimum - 1)) % minimum
                stored.in_work = rng.randint(0, stored.completed)
                stored.in_studies = rng.randint(0, stored.completed - stored.in_work)
                stored.average_days = rng.choice([None, rng.randint(1, 400)])
            hidden_answers = bool(stored.survey_respondents) and (
                hidden_people or stored.survey_respondents < minimum
            )
            if hidden_answers:
                stored.survey_respondents = rng.randint(1, minimum - 1)
                stored.survey_satisfied = rng.randint(0, stored.survey_respondents)
            hidden_delivery = perturb_delivery(stored, rng, minimum, hidden_people=hidden_people)
            if hidden_people or hidden_answers or hidden_delivery:
                writer.add(stored)
                changed += 1
            if hidden_people:
                # Its strata move with it, and still add up: a mix nobody sees.
                writer.flush()
                case_mix_data.replace_strata(writer, stored, rng)
    return changed


def perturb_delivery(row: Result, rng: random.Random, minimum: int, *, hidden_people: bool):
    """Change a half-year's hidden delivery counts (reported stays reported); tell if any."""
    changed = False
    if row.started is not None and (hidden_people or row.started < minimum):
        limit = 90 if hidden_people else minimum - 1
        row.started = (row.started + rng.randint(1, limit)) % (limit + 1)
        row.left_early = rng.randint(0, row.started)
        changed = True
    if row.first_meeting_people is not None and (
        hidden_people or row.first_meeting_people < minimum
    ):
        limit = 90 if hidden_people else minimum - 1
        row.first_meeting_people = row.first_meeting_people % limit + 1
        row.first_meeting_days = rng.randint(0, 365)
        changed = True
    return changed


def test_hidden_counts_change_nothing_published(app, rollback):
    client = app.test_client()
    minimum = app.config["MIN_GROUP_SIZE"]
    with app.app_context():
        session = get_session()
        generate(session, 3, minimum)
        session.commit()
        case_mix_data.regenerate_strata(session, 3)
        session.commit()
        for release in range(2):
            if release == 1:
                report_new_half_year(session, 11, minimum)
                session.commit()
                case_mix_data.regenerate_strata(session, 11, period="2026H1")
                session.commit()
            before = capture(client)
            assert perturb_hidden(session, release, minimum) > 10
            session.commit()
            after = capture(client)
            changed = [url for url in before if before[url] != after[url]]
            assert changed == [], f"release {release + 1}: hidden counts show in {changed}"
        assert session.exec(select(Result).where(Result.period == "2026H1")).first()
