"""An outsider does arithmetic on everything published and recovers no hidden count.

Two attacks, on the demo data and on generated data with the awkward cases the
issue names (a service with exactly one hidden provider, a provider with exactly
one hidden service, a hidden half-year inside a shown twelve months), each over
three releases (as published, after a new half-year is imported and published for
one service, after a half-year is withdrawn for another):

- linear: every number in the API, the CSV file and the pages becomes an equation
  over the stored counts its label says it is made of (the delivery measures' counts
  of starters, of those who left early and of people measured to the first meeting
  included). Every equation must hold for
  the stored data (labels tell the truth), and together, across sources and
  releases, they must not determine any count of a hidden group: no subtraction,
  sum or ratio (the averages) of published numbers reaches one.
- perturbation: changing every hidden group's counts (within what stays hidden)
  changes not one byte of what is published, so no arithmetic at all can find them.
"""

import heapq
import random
from datetime import UTC, datetime
from fractions import Fraction

import pytest
from sqlmodel import select

from tests.factories import scene
from tests.factories.results import publish, unpublish
from tests.integration.results.published import collect, label_decoder, read_equations
from webapp.catalog.models import Service
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.results.models import Result

PRIME = 2**61 - 1
NEW_HALF_YEAR = "2026H1"
# Providers authorized for MATCH-1 during 2026H1 that report it in the second release.
REPORTING = ["jobbtorget", "asa-partners-jobbmatchning", "ostra-brobyggarna", "jarvalyftet"]


@pytest.fixture(autouse=True)
def fixed_day(time_machine):
    """Publish on 22 November 2026: 2026H1 is over."""
    time_machine.move_to(datetime(2026, 11, 22, 10, 0, tzinfo=UTC), tick=False)


class Span:
    """The row space of a set of linear equations over GF(PRIME), to ask what they determine.

    Working modulo a large prime never misses a determined variable (what rational
    arithmetic determines, modular arithmetic does too).
    """

    def __init__(self):
        self.rows: list[dict] = []  # pivot rows, in the order they were made
        self.pivot_index: dict = {}  # variable -> index of the row it is the pivot of

    @staticmethod
    def to_field(value: Fraction) -> int:
        """Return a rational number as an element of GF(PRIME)."""
        return value.numerator % PRIME * pow(value.denominator % PRIME, PRIME - 2, PRIME) % PRIME

    def reduce(self, row: dict) -> dict:
        """Subtract pivot rows, earliest first, until no pivot variable is left in row."""
        row = dict(row)
        waiting = [self.pivot_index[var] for var in row if var in self.pivot_index]
        heapq.heapify(waiting)
        while waiting:
            index = heapq.heappop(waiting)
            pivot_row = self.rows[index]
            pivot_var = next(iter(pivot_row))
            factor = row.get(pivot_var)
            if not factor:
                continue
            for var, coefficient in pivot_row.items():
                value = (row.get(var, 0) - factor * coefficient) % PRIME
                if value:
                    if var not in row and var in self.pivot_index:
                        heapq.heappush(waiting, self.pivot_index[var])
                    row[var] = value
                else:
                    row.pop(var, None)
        return row

    def add(self, terms: dict) -> None:
        """Add an equation's left-hand side to the span."""
        row = self.reduce({v: self.to_field(c) for v, c in terms.items() if c})
        if not row:
            return
        pivot = min(row)
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        normalized = {pivot: 1} | {v: c * inverse % PRIME for v, c in row.items() if v != pivot}
        self.pivot_index[pivot] = len(self.rows)
        self.rows.append(normalized)

    def determines(self, var) -> bool:
        """Tell whether the equations fix this variable's value."""
        return not self.reduce({var: 1})


# --- the data ----------------------------------------------------------------------------


def stored_cells(session) -> dict[tuple[str, str, str], Result]:
    """Return every stored result by (provider slug, service code, half-year)."""
    statement = (
        select(Provider.slug, Service.code, Result)
        .join(Provider, Provider.id == Result.provider_id)
        .join(Service, Service.id == Result.service_id)
    )
    return {(slug, code, row.period): row for slug, code, row in session.exec(statement)}


def randomize(row: Result, rng: random.Random, *, hidden: bool, minimum: int) -> None:
    """Give a stored half-year random counts, hidden (1 to minimum − 1 people) or shown."""
    row.completed = rng.randint(1, minimum - 1) if hidden else rng.randint(minimum, 90)
    row.in_work = rng.randint(0, row.completed)
    row.in_studies = rng.randint(0, row.completed - row.in_work)
    row.survey_respondents = None if rng.random() < 0.2 else rng.randint(1, row.completed)
    row.survey_satisfied = (
        None if row.survey_respondents is None else rng.randint(0, row.survey_respondents)
    )
    row.average_days = None if rng.random() < 0.1 else rng.randint(30, 300)
    randomize_delivery(row, rng, minimum)


def randomize_delivery(row: Result, rng: random.Random, minimum: int) -> None:
    """Give a half-year random delivery measures: some unreported, some too small to show."""
    row.started = row.left_early = row.first_meeting_days = row.first_meeting_people = None
    if rng.random() >= 0.1:
        few = rng.random() < 0.2
        row.started = rng.randint(0, minimum - 1) if few else rng.randint(minimum, 90)
        row.left_early = rng.randint(0, row.started)
    if rng.random() >= 0.1:
        few = rng.random() < 0.25
        row.first_meeting_people = rng.randint(1, minimum - 1) if few else rng.randint(minimum, 90)
        row.first_meeting_days = rng.randint(0, 60)


def generate(session, seed: int, minimum: int) -> None:
    """Replace the demo counts with random ones, with the three awkward cases in the window."""
    rng = random.Random(seed)
    cells = stored_cells(session)
    window = ("2025H1", "2025H2")
    hidden = {key for key in cells if rng.random() < 0.3}
    # A service with exactly one hidden provider in its window.
    intro = sorted({s for s, code, p in cells if code == "INTRO-2" and p in window})
    lonely = next(slug for slug in intro if slug != "jobbtorget")
    for key in cells:
        if key[1] == "INTRO-2" and key[2] in window:
            hidden.discard(key)
            if key[0] == lonely:
                hidden.add(key)
    # A provider with exactly one hidden service in the window: Jobbtorget, in MATCH-2.
    for key in cells:
        if key[0] == "jobbtorget" and key[2] in window:
            hidden.discard(key)
            if key[1] == "MATCH-2":
                hidden.add(key)
    # A hidden half-year inside a shown twelve months, in FORB-2.
    forb = next(s for s, code, p in sorted(cells) if code == "FORB-2" and s != "jobbtorget")
    hidden.discard((forb, "FORB-2", "2025H1"))
    hidden.add((forb, "FORB-2", "2025H2"))
    with scene(session) as writer:
        for key, row in cells.items():
            stored = writer.get(Result, row.id)
            randomize(stored, rng, hidden=key in hidden, minimum=minimum)
            writer.add(stored)


def report_new_half_year(session, seed: int, minimum: int) -> None:
    """Store 2026H1 of MATCH-1 for a few providers, two of them hidden, and publish it."""
    rng = random.Random(seed)
    match = session.exec(select(Service).where(Service.code == "MATCH-1")).one()
    with scene(session) as writer:
        for number, slug in enumerate(REPORTING):
            provider = writer.exec(select(Provider).where(Provider.slug == slug)).one()
            row = Result(
                provider_id=provider.id,
                service_id=match.id,
                period=NEW_HALF_YEAR,
                completed=0,
                in_work=0,
                in_studies=0,
            )
            randomize(row, rng, hidden=number % 2 == 1, minimum=minimum)
            writer.add(row)
    publish(session, service_id=match.id, period=NEW_HALF_YEAR)


def withdraw_half_year(session) -> None:
    """Take FORB-2's 2025H2 off the site."""
    forb = session.exec(select(Service).where(Service.code == "FORB-2")).one()
    unpublish(session, service_id=forb.id, period="2025H2")


# --- the attack --------------------------------------------------------------------------


def hidden_variables(cells: dict, minimum: int) -> set:
    """Return every count of a hidden group: a small half-year's, or its too few answers,
    starters or people measured to the first meeting."""
    hidden = set()
    for key, row in cells.items():
        if row.completed < minimum:
            hidden |= {(*key, name) for name in ("c", "w", "u", "r", "s", "l", "m")}
            continue
        if row.survey_respondents and row.survey_respondents < minimum:
            hidden.add((*key, "r"))
        if row.started is not None and row.started < minimum:
            hidden |= {(*key, "s"), (*key, "l")}
        if row.first_meeting_people is not None and row.first_meeting_people < minimum:
            hidden.add((*key, "m"))
    return hidden


def true_value(cells: dict, var) -> int:
    """Return a variable's stored value; a cell with nothing stored counts nobody."""
    row = cells.get(var[:3])
    if row is None:
        return 0
    return {
        "c": row.completed,
        "w": row.in_work,
        "u": row.in_studies,
        "r": row.survey_respondents or 0,
        "s": row.started or 0,
        "l": row.left_early or 0,
        "m": row.first_meeting_people or 0,
    }[var[3]]


def publish_and_read(app, client, session, steps, minimum: int):
    """Run each step (None: as it is), read everything published after it; return it all."""
    equations, suppressed = [], set()
    decoder = label_decoder(
        app, ["2023H1", "2023H2", "2024H1", "2024H2", "2025H1", "2025H2", NEW_HALF_YEAR]
    )
    trend_labels = {label: periods[0] for label, periods in decoder.items() if len(periods) == 1}
    for number, step in enumerate(steps):
        if step is not None:
            step(session)
            session.commit()
        release = collect(client, services=SERVICES, slugs=public_slugs(client))
        found, marked = read_equations(
            release,
            decoder=decoder,
            trend_labels=trend_labels,
            services=SERVICES,
            slugs=public_slugs(client),
            tag=f"release {number + 1}",
        )
        equations += found
        suppressed |= marked
    return equations, suppressed


SERVICES = ["MATCH-1", "MATCH-2", "FORB-1", "FORB-2", "FORB-3", "INTRO-1", "INTRO-2"]


def public_slugs(client) -> list[str]:
    """Return every provider on public record, as the API lists them."""
    body = client.get("/api/v1/providers?per_page=100").get_json()
    return [item["slug"] for item in body["data"]]


def attack(app, client, session, steps) -> tuple[list, dict, set]:
    """Publish, read, and return the equations, the stored cells and the hidden variables."""
    minimum = app.config["MIN_GROUP_SIZE"]
    equations, suppressed = publish_and_read(app, client, session, steps, minimum)
    cells = stored_cells(session)
    hidden = hidden_variables(cells, minimum)
    # The open data marks exactly the small groups of published half-years as suppressed.
    assert suppressed <= {key for key, row in cells.items() if row.completed < minimum}
    return equations, cells, hidden


def assert_labels_tell_the_truth(equations, cells) -> None:
    """Every published number is exactly what its label says it is made of."""
    for equation in equations:
        computed = sum(c * true_value(cells, var) for var, c in equation.terms.items())
        assert computed == equation.value, equation.source


def assert_nothing_hidden_is_determined(equations, hidden) -> None:
    """No combination of the published numbers fixes any count of a hidden group."""
    span = Span()
    for equation in equations:
        span.add(equation.terms)
    found = sorted(var for var in hidden if span.determines(var))
    assert found == [], f"recovered hidden counts: {found[:10]}"


RELEASES = [None, lambda s: report_new_half_year(s, 7, 10), withdraw_half_year]


def test_demo_data_gives_nothing_away(app, rollback):
    client = app.test_client()
    with app.app_context():
        session = get_session()
        equations, cells, hidden = attack(app, client, session, RELEASES)
        assert any(var[3] == "c" for var in hidden)  # the demo has hidden groups to protect
        # and a median over too few people in a group that is shown (Zenith's 2025H2)
        minimum = app.config["MIN_GROUP_SIZE"]
        assert any(var[3] == "m" and cells[var[:3]].completed >= minimum for var in hidden)
        assert_labels_tell_the_truth(equations, cells)
        assert_nothing_hidden_is_determined(equations, hidden)


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_data_gives_nothing_away(app, rollback, seed):
    client = app.test_client()
    with app.app_context():
        session = get_session()
        generate(session, seed, app.config["MIN_GROUP_SIZE"])
        session.commit()
        equations, cells, hidden = attack(app, client, session, RELEASES)
        assert_labels_tell_the_truth(equations, cells)
        assert_nothing_hidden_is_determined(equations, hidden)


def test_the_attack_finds_a_hidden_half_year_pooled_the_old_way(app, rollback):
    """The attack can fail: one twelve-month total that includes a hidden half-year, as the
    site used to publish, is enough for it to recover that half-year by subtraction."""
    client = app.test_client()
    with app.app_context():
        session = get_session()
        generate(session, 1, app.config["MIN_GROUP_SIZE"])
        session.commit()
        equations, cells, hidden = attack(app, client, session, [None])
        shown_h1 = next(
            key
            for key, row in sorted(cells.items())
            if key[1] == "FORB-2"
            and key[2] == "2025H1"
            and (key[0], "FORB-2", "2025H2", "c") in hidden
        )
        hidden_h2 = (shown_h1[0], "FORB-2", "2025H2")
        old_total = cells[shown_h1].completed + cells[hidden_h2].completed
        leaky = type(equations[0])(
            {(*shown_h1, "c"): Fraction(1), (*hidden_h2, "c"): Fraction(1)},
            Fraction(old_total),
            "the old 12-month total",
        )
        span = Span()
        for equation in [*equations, leaky]:
            span.add(equation.terms)
        assert span.determines((*hidden_h2, "c"))


def test_the_attack_reads_the_delivery_measures_and_finds_hidden_starters_pooled_in(app, rollback):
    """The delivery counts are read from every source; a left-early figure that pooled a
    half-year with too few starters, as a naive sum would, gives those starters away."""
    client = app.test_client()
    with app.app_context():
        session = get_session()
        generate(session, 1, app.config["MIN_GROUP_SIZE"])
        session.commit()
        equations, cells, hidden = attack(app, client, session, [None])
        sources = {var[3]: equation.source for equation in equations for var in equation.terms}
        assert {"s", "l", "m"} <= set(sources)
        assert any("/sv/providers/" in e.source and "median" in e.source for e in equations)
        few = next(
            key
            for key, row in sorted(cells.items())
            if (*key, "s") in hidden
            and (*key, "c") not in hidden
            and key[2] in ("2025H1", "2025H2")
            and any(
                other[:2] == key[:2]
                and other[2] in ("2025H1", "2025H2")
                and other != key
                and (*other, "s") not in hidden
                and cells[other].started is not None
                for other in cells
            )
        )
        other = next(
            k
            for k in cells
            if k[:2] == few[:2]
            and k[2] in ("2025H1", "2025H2")
            and k != few
            and cells[k].started is not None
        )
        naive = type(equations[0])(
            {(*few, "s"): Fraction(1), (*other, "s"): Fraction(1)},
            Fraction(cells[few].started + cells[other].started),
            "a left-early figure pooling every half-year's starters",
        )
        span = Span()
        for equation in [*equations, naive]:
            span.add(equation.terms)
        assert span.determines((*few, "s"))
