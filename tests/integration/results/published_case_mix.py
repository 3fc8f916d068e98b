"""The case-mix figures an outsider reads, as equations over the counts they are made of.

What is published: every pool's participants and successes per service and
half-year (the strata rates), every provider's actual share beside its expected
share, and each provider's result for 18–24-year-olds and for newcomers. Strata
are documented, so the outsider knows which strata each pool holds; the
variables are then each provider's counts per "atom" of a half-year group (a
pool's strata within one corner of young or not × newcomer or not), since every
published sum is a sum of atoms. Nobody is told which atoms are empty, so those
are unknowns too.

The expected share is published rounded to a whole percent: an estimate, not an
equation; ``check_expected_shares`` checks it tells the truth instead.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from tests.integration.results.published import (
    LABEL,
    Equation,
    count_pair,
    parse,
    served_as_deployed,
    walk,
)

GROUPS = ("18-24", "newcomers")
# (provider slug, service code, half-year)
Cell = tuple[str, str, str]
# An atom of a service half-year: (pool code, young, newcomer).
Atom = tuple[str, bool, bool]


def atom_field(atom: Atom, name: str) -> str:
    """Return the variable field naming one atom's participants (c) or successes (s)."""
    pool, young, newcomer = atom
    return f"{pool}|{int(young)}|{int(newcomer)}|{name}"


def in_group(atom: Atom, group: str) -> bool:
    """Tell whether an atom's people belong to a group (18-24 or newcomers)."""
    return atom[1] if group == "18-24" else atom[2]


@dataclass
class CaseMixRelease:
    """What one outsider fetched of the case-mix figures at one moment."""

    strata: list[dict] = field(default_factory=list)
    expected: list[dict] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)

    def atoms(self) -> dict[tuple[str, str], set[Atom]]:
        """Return each service half-year's atoms, from the strata it publishes."""
        found: dict[tuple[str, str], set[Atom]] = {}
        for item in self.strata:
            stratum = item["stratum"]
            atom = (item["pool"]["code"], stratum["age_band"] == "18-24", stratum["newcomer"])
            found.setdefault((item["service"], item["period"]), set()).add(atom)
        return found


def collect_case_mix(client, *, services: list[str], slugs: list[str]) -> CaseMixRelease:
    """Fetch the strata rates, the expected results and every page with a group's results."""
    with served_as_deployed(client.application):
        release = CaseMixRelease(
            strata=walk(client, "/api/v1/strata-rates?per_page=100"),
            expected=walk(client, "/api/v1/expected-results?per_page=100"),
        )
        addresses = [
            f"/sv/providers?service={code}&people={g}" for code in services for g in GROUPS
        ]
        addresses += [f"/sv/providers/{slug}?people={g}" for slug in slugs for g in GROUPS]
        addresses += [f"/sv/providers/{slug}" for slug in slugs]
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            release.pages[address] = response.get_data(as_text=True)
    return release


class CaseMixReader:
    """Builds the equations of one release's case-mix figures."""

    def __init__(self, release, decoder, taking_part: set[Cell], tag: str):
        self.release = release
        self.decoder = decoder
        self.taking_part = taking_part
        self.tag = tag
        self.atoms = release.atoms()
        self.equations: list[Equation] = []

    def add(self, terms: dict, value, source: str) -> None:
        """Record one equation, tagged with the release and where it was read."""
        self.equations.append(Equation(terms, Fraction(value), f"{self.tag}: {source}"))

    def cells_of(self, code: str, period: str) -> list[Cell]:
        """Return the half-year groups of a service half-year that take part."""
        return sorted(c for c in self.taking_part if c[1] == code and c[2] == period)

    def read_identities(self) -> None:
        """The documented rule: a half-year group's atoms add up to its result."""
        for cell in sorted(self.taking_part):
            atoms = self.atoms.get(cell[1:], set())
            if not atoms:
                continue
            count = {(*cell, atom_field(a, "c")): Fraction(1) for a in atoms}
            count[(*cell, "c")] = Fraction(-1)
            self.add(count, 0, f"strata of {cell} add up")
            success = {(*cell, atom_field(a, "s")): Fraction(1) for a in atoms}
            success[(*cell, "w")] = Fraction(-1)
            success[(*cell, "u")] = Fraction(-1)
            self.add(success, 0, f"strata of {cell} add up")

    def read_pools(self) -> None:
        """Every pool: its participants and successes over every group that takes part."""
        seen = set()
        for item in self.release.strata:
            pool = item["pool"]
            key = (item["service"], item["period"], pool["code"])
            if key in seen:
                continue
            seen.add(key)
            atoms = [a for a in self.atoms[key[:2]] if a[0] == pool["code"]]
            cells = self.cells_of(*key[:2])
            source = f"pool {key}"
            count = {(*c, atom_field(a, "c")): Fraction(1) for c in cells for a in atoms}
            self.add(count, pool["participants"], source)
            success = {(*c, atom_field(a, "s")): Fraction(1) for c in cells for a in atoms}
            self.add(success, pool["in_work_or_studies"], source)

    def add_group(self, slug: str, code: str, periods, group: str, pair, source: str) -> None:
        """A provider's group figure for one service: its atoms in the group over its half-years."""
        successes, participants = pair
        cells = [(slug, code, p) for p in periods]
        for name, value in (("c", participants), ("s", successes)):
            terms = {
                (*cell, atom_field(atom, name)): Fraction(1)
                for cell in cells
                for atom in self.atoms.get(cell[1:], ())
                if in_group(atom, group)
            }
            self.add(terms, value, source)

    def read_group_lists(self, services: list[str]) -> None:
        """Each card's 'x av N' on a list of one service with a group picked."""
        for code in services:
            for group in GROUPS:
                address = f"/sv/providers?service={code}&people={group}"
                page = parse(self.release.pages[address])
                note = page.select_one(".period-note")
                if note is None:
                    continue
                periods = self.decoder[LABEL.search(note.get_text(" ", strip=True)).group(1)]
                for article in page.select(".provider-card"):
                    block = article.select_one(".result-shown")
                    if block is None:
                        continue
                    slug = article.h3["id"].removeprefix("provider-")
                    own = block.select_one(".result-period")
                    covered = periods
                    if own is not None:
                        label = LABEL.search(own.get_text(" ", strip=True)).group(1)
                        covered = self.decoder[label]
                    pair = count_pair(block.select_one(".result-count").get_text())
                    self.add_group(slug, code, covered, group, pair, f"{address} {slug}")

    def read_profiles(self, slugs: list[str]) -> None:
        """Each profile's group figures and the actual counts beside the expected share."""
        for slug in slugs:
            base = f"/sv/providers/{slug}"
            page = parse(self.release.pages[base])
            note = page.select_one(".period-note")
            periods = (
                self.decoder[LABEL.search(note.get_text(" ", strip=True)).group(1)] if note else ()
            )
            for block in page.select(".expected"):
                code = block.h4["id"].removeprefix("expected-")
                text = block.select_one(".expected-count").get_text(" ", strip=True)
                match = LABEL.search(text)
                covered = self.decoder[match.group(1)] if match else periods
                successes, participants = count_pair(text)
                cells = [(slug, code, p) for p in covered]
                self.add({(*c, "c"): Fraction(1) for c in cells}, participants, f"{base} {code}")
                terms = {(*c, n): Fraction(1) for c in cells for n in ("w", "u")}
                self.add(terms, successes, f"{base} {code} expected")
            for group in GROUPS:
                address = f"{base}?people={group}"
                page = parse(self.release.pages[address])
                for item in page.select(".people-service"):
                    block = item.select_one(".result-shown")
                    if block is None:
                        continue
                    own = block.select_one(".result-period")
                    covered = periods
                    if own is not None:
                        covered = self.decoder[LABEL.search(own.get_text(" ", strip=True)).group(1)]
                    pair = count_pair(block.select_one(".result-count").get_text())
                    self.add_group(slug, item["data-service"], covered, group, pair, address)

    def read_expected_api(self) -> None:
        """The API's actual counts beside each expected share, over the half-years it names."""
        for item in self.release.expected:
            result = item["result"]
            if not result or result["suppressed"]:
                continue
            cells = [(item["provider"], item["service"], p) for p in result["half_years"]]
            source = f"API expected {item['provider']} {item['service']}"
            self.add({(*c, "c"): Fraction(1) for c in cells}, result["participants"], source)
            terms = {(*c, n): Fraction(1) for c in cells for n in ("w", "u")}
            self.add(terms, result["in_work_or_studies"], source)


def read_case_mix_equations(
    release: CaseMixRelease,
    *,
    decoder,
    taking_part: set[Cell],
    services: list[str],
    slugs: list[str],
    tag: str,
) -> list[Equation]:
    """Return every equation the case-mix figures of one release give."""
    reader = CaseMixReader(release, decoder, taking_part, tag)
    reader.read_identities()
    reader.read_pools()
    reader.read_group_lists(services)
    reader.read_profiles(slugs)
    reader.read_expected_api()
    return reader.equations
