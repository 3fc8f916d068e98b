"""Everything the site publishes about results, read back the way an outsider reads it.

An outsider has the API's JSON, the CSV file and the pages. ``collect`` fetches
them over HTTP; ``read_equations`` turns every number in them into a linear
equation over the stored counts of the half-year cells it is made of, as the
published labels and the documented rule describe it (a figure covers the
half-years its label names, leaving out cells the open data marks suppressed;
an average covers a service's window). Nothing here calls the code that
computes the figures: the numbers come from HTTP answers, the cells they are
made of from the labels printed next to them.
"""

import csv
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

from bs4 import BeautifulSoup
from flask_babel import force_locale

from webapp.core.datacache import STORES, VersionedStore
from webapp.core.templating import span_label

# A variable: (provider slug, service code, half-year, field); fields are c (participants),
# w (in work), u (in studies), r (survey answers), s (started), l (left early), m (people
# measured to the first meeting).
Var = tuple[str, str, str, str]
LABEL = re.compile(r"avslutade insatsen (.+?)\.")
# Delivery figures name the half-years of starting at their end.
STARTED_LABEL = re.compile(r"påbörjade insatsen (.+?)\)?$")


@dataclass(frozen=True)
class Equation:
    """sum(coefficient × variable) = value, read from one published number."""

    terms: dict[Var, Fraction]
    value: Fraction
    source: str


@dataclass
class Release:
    """What one outsider fetched at one moment: raw answers by address."""

    api_cells: list[dict] = field(default_factory=list)
    api_pooled: list[dict] = field(default_factory=list)
    csv_rows: list[dict] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)


@contextmanager
def served_as_deployed(app):
    """Let the app keep reads and fragments, as a deployed one does, for one release.

    The shared test app keeps nothing, since tests change data behind its back.
    Fresh stores for each release are as right as the data version moving on, so
    the outsider reads the pages visitors get, and each figure is worked out once.
    """
    kept = {name: app.extensions.get(name) for name in STORES}
    for name in STORES:
        app.extensions[name] = VersionedStore(10_000)
    try:
        yield
    finally:
        app.extensions.update(kept)


@lru_cache(maxsize=256)
def parse(html: str) -> BeautifulSoup:
    """Return a page parsed (read only: readers of one release share it).

    The stdlib parser: html5lib takes four times as long, and the pages are valid
    HTML (tests/integration/web/test_html_validity.py), so both read them alike.
    """
    return BeautifulSoup(html, "html.parser")


def walk(client, url: str) -> list[dict]:
    """Return every item of a paged API list."""
    items, next_url = [], url
    while next_url:
        body = client.get(next_url).get_json()
        items += body["data"]
        next_url = body["links"]["next"]
    return items


def collect(client, *, services: list[str], slugs: list[str]) -> Release:
    """Fetch the results API, the results file and every page with results on it."""
    with served_as_deployed(client.application):
        release = Release(
            api_cells=walk(client, "/api/v1/results?per_page=100"),
            api_pooled=walk(client, "/api/v1/pooled-results?per_page=100"),
        )
        text = client.get("/sv/open-data/results.csv").get_data(as_text=True).lstrip("\ufeff")
        release.csv_rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
        addresses = ["/sv/providers", *(f"/sv/providers?service={code}" for code in services)]
        addresses += [f"/sv/providers/{slug}" for slug in slugs]
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            release.pages[address] = response.get_data(as_text=True)
    return release


def label_decoder(app, periods: list[str]) -> dict[str, tuple[str, ...]]:
    """Map every label the Swedish pages could print for some of these half-years to them."""
    decoder: dict[str, tuple[str, ...]] = {}
    with app.test_request_context(), force_locale("sv"):
        for size in range(1, len(periods) + 1):
            for chosen in combinations(sorted(periods), size):
                label = span_label(chosen)
                assert label not in decoder, f"two sets of half-years read {label!r}"
                decoder[label] = chosen
    return decoder


def whole_numbers(text: str) -> list[int]:
    """Return the whole numbers in a text (thousands separated by no-break spaces)."""
    found = re.findall(r"\d(?:[\d\u00a0\u202f]*\d)?", text)
    return [int(re.sub(r"\D", "", number)) for number in found]


def count_pair(text: str) -> tuple[int, int]:
    """Read 'x av N …' as (x, N)."""
    x, total = whole_numbers(text)[:2]
    return x, total


class Reader:
    """Builds the equations of one release."""

    def __init__(self, release: Release, decoder: dict[str, tuple[str, ...]], tag: str):
        self.release = release
        self.decoder = decoder
        self.tag = tag
        self.equations: list[Equation] = []
        # What the open data says of each cell: shown, suppressed (or absent: no result).
        self.suppressed = {
            (i["provider"], i["service"], i["period"])
            for i in release.api_cells
            if i["result"] and i["result"]["suppressed"]
        }
        self.published = {(i["provider"], i["service"], i["period"]) for i in release.api_cells}
        # The cells whose starters the open data shows (left early's count of people).
        self.starters_shown = {
            (i["provider"], i["service"], i["period"])
            for i in release.api_cells
            if i["result"]
            and not i["result"]["suppressed"]
            and i["result"]["left_early"]
            and not i["result"]["left_early"]["suppressed"]
        }
        self.windows = {
            i["service"]: tuple(i["periods"])
            for i in release.api_pooled
            if i["service"] is not None and i["periods"]
        }
        self.services_of: dict[str, set[str]] = {}
        for slug, code, _period in self.published:
            self.services_of.setdefault(slug, set()).add(code)

    def add(self, terms: dict[Var, Fraction], value, source: str) -> None:
        """Record one equation, tagged with the release and where it was read."""
        self.equations.append(Equation(terms, Fraction(value), f"{self.tag}: {source}"))

    def cells(self, slug: str, codes, periods) -> list[tuple[str, str, str]]:
        """Return the published, not suppressed cells of a provider in these half-years."""
        return [
            (slug, code, period)
            for code in sorted(codes)
            for period in periods
            if (slug, code, period) in self.published
            and (slug, code, period) not in self.suppressed
        ]

    def add_counts(self, cells, participants: int, successes: int, source: str) -> None:
        """A pooled figure: its participants and its successes over its cells."""
        self.add({(*cell, "c"): Fraction(1) for cell in cells}, participants, source)
        terms = {}
        for cell in cells:
            terms[(*cell, "w")] = Fraction(1)
            terms[(*cell, "u")] = Fraction(1)
        self.add(terms, successes, source)

    def all_services_cells(self, slug: str, periods) -> list[tuple[str, str, str]]:
        """A figure pooled over services covers each service's window within its label."""
        found = []
        for code in self.services_of.get(slug, ()):
            found += self.cells(
                slug, [code], [p for p in periods if p in self.windows.get(code, ())]
            )
        return found

    def read_api(self) -> None:
        """Every shown cell's counts; every pooled figure; every service's average."""
        for item in self.release.api_cells:
            result = item["result"]
            if not result or result["suppressed"]:
                continue
            cell = (item["provider"], item["service"], item["period"])
            source = f"API cell {cell}"
            self.add({(*cell, "c"): Fraction(1)}, result["participants"], source)
            self.add({(*cell, "w"): Fraction(1)}, result["in_work"], source)
            self.add({(*cell, "u"): Fraction(1)}, result["in_studies"], source)
            left = result["left_early"]
            if left and not left["suppressed"]:
                self.add({(*cell, "s"): Fraction(1)}, left["started"], source)
                self.add({(*cell, "l"): Fraction(1)}, left["left_early"], source)
            meeting = result["first_meeting"]
            if meeting and not meeting["suppressed"]:
                self.add({(*cell, "m"): Fraction(1)}, meeting["people"], source)
        for item in self.release.api_pooled:
            result = item["result"]
            if not result or result["suppressed"]:
                continue
            slug, code = item["provider"], item["service"]
            if code is None:
                cells = self.all_services_cells(slug, result["half_years"])
            else:
                cells = self.cells(slug, [code], result["half_years"])
            source = f"API pooled {slug} {code}"
            self.add_counts(cells, result["participants"], result["in_work_or_studies"], source)
            if result["average"] is not None:
                self.add_average(code, result["average"], source)
            self.read_pooled_delivery(slug, code, result, source)

    def read_pooled_delivery(self, slug: str, code: str | None, result: dict, source: str) -> None:
        """A pooled left early over its half-years' shown starters; each shown median's count."""
        left = result["left_early"]
        if left and not left["suppressed"]:
            self.add_left_early(
                slug, code, left["half_years"], left["started"], left["left_early"], source
            )
        meeting = result["first_meeting"]
        for median in meeting["half_years"] if meeting and not meeting["suppressed"] else ():
            cell = (slug, code, median["period"])
            self.add({(*cell, "m"): Fraction(1)}, median["people"], f"{source} median")

    def add_left_early(self, slug, code, periods, started: int, left: int, source: str) -> None:
        """Left early of these half-years: the sums over the cells whose starters are shown."""
        cells = [c for c in self.cells(slug, [code], periods) if c in self.starters_shown]
        self.add({(*cell, "s"): Fraction(1) for cell in cells}, started, f"{source} started")
        self.add({(*cell, "l"): Fraction(1) for cell in cells}, left, f"{source} left early")

    def add_average(self, code: str, average: float, source: str) -> None:
        """The average: successes − average × participants = 0 over the service's window."""
        ratio = Fraction(average).limit_denominator(10**7)
        terms: dict[Var, Fraction] = {}
        for slug, codes in self.services_of.items():
            if code not in codes:
                continue
            for cell in self.cells(slug, [code], self.windows[code]):
                terms[(*cell, "w")] = Fraction(1)
                terms[(*cell, "u")] = Fraction(1)
                terms[(*cell, "c")] = -ratio
        self.add(terms, 0, f"{source} average")

    def read_csv(self) -> None:
        """Every shown cell's counts in the results file."""
        for row in self.release.csv_rows:
            if row["visas"] != "ja":
                continue
            cell = (row["slug"], row["insats"], row["halvar"])
            source = f"CSV {cell}"
            self.add({(*cell, "c"): Fraction(1)}, int(row["deltagare"]), source)
            self.add({(*cell, "w"): Fraction(1)}, int(row["i_arbete"]), source)
            self.add({(*cell, "u"): Fraction(1)}, int(row["i_studier"]), source)
            if row["paborjade"]:
                self.add({(*cell, "s"): Fraction(1)}, int(row["paborjade"]), source)
                self.add({(*cell, "l"): Fraction(1)}, int(row["slutade_i_fortid"]), source)
            if row["antal_forsta_motet"]:
                self.add({(*cell, "m"): Fraction(1)}, int(row["antal_forsta_motet"]), source)

    def label_of(self, element, page_periods) -> tuple[str, ...]:
        """Return the half-years a figure covers: its own label, else the page's note."""
        own = element.select_one(".result-period") if element is not None else None
        if own is not None:
            return self.decoder[LABEL.search(own.get_text(" ", strip=True)).group(1)]
        return page_periods

    def page_periods(self, page) -> tuple[str, ...]:
        """Return the half-years the page's note names."""
        note = page.select_one(".period-note")
        return self.decoder[LABEL.search(note.get_text(" ", strip=True)).group(1)]

    def read_list(self, address: str, code: str | None) -> None:
        """Every shown card's 'x av N deltagare' on a provider list."""
        page = parse(self.release.pages[address])
        periods = self.page_periods(page)
        for article in page.select(".provider-card"):
            block = article.select_one(".result-shown")
            if block is None:
                continue
            slug = article.h3["id"].removeprefix("provider-")
            covered = self.label_of(block, periods)
            successes, participants = count_pair(block.select_one(".result-count").get_text())
            if code is None:
                cells = self.all_services_cells(slug, covered)
            else:
                cells = self.cells(slug, [code], covered)
            self.add_counts(cells, participants, successes, f"{address} {slug}")

    def read_profile(self, slug: str, trend_labels: dict[str, str]) -> None:
        """A profile: each service's figure and survey, and its table of half-years."""
        address = f"/sv/providers/{slug}"
        page = parse(self.release.pages[address])
        note = page.select_one(".period-note")
        periods = self.page_periods(page) if note else ()
        for section in page.select("section.service-result"):
            code = section.h3["id"].removeprefix("service-")
            block = section.select_one(".result-shown")
            if block is not None:
                covered = self.label_of(block, periods)
                successes, participants = count_pair(block.select_one(".result-count").get_text())
                cells = self.cells(slug, [code], covered)
                self.add_counts(cells, participants, successes, f"{address} {code}")
            for fact in section.select("dl.facts > div"):
                if fact.dt.get_text(strip=True) != "Nöjda deltagare" or "%" not in fact.dd.text:
                    continue
                covered = periods
                match = LABEL.search(fact.dd.get_text(" ", strip=True))
                if match:
                    covered = self.decoder[match.group(1)]
                _share, answers = whole_numbers(fact.dd.get_text(" ", strip=True))[:2]
                terms = {(slug, code, p, "r"): Fraction(1) for p in covered}
                self.add(terms, answers, f"{address} {code} survey")
            self.read_profile_delivery(slug, code, section, address)
            table = section.select_one("table.trend")
            for row in table.tbody.find_all("tr") if table else ():
                cells = [td.get_text(strip=True) for td in row.find_all("td")]
                if len(cells) < 4:
                    continue  # hidden or empty: no numbers
                cell = (slug, code, trend_labels[row.th.get_text(strip=True)])
                source = f"{address} table {cell}"
                # Columns after the half-year: share, participants, in work, in studies.
                for name, text in zip(("c", "w", "u"), cells[1:4], strict=True):
                    self.add({(*cell, name): Fraction(1)}, int(text.replace("\u00a0", "")), source)

    def read_profile_delivery(self, slug: str, code: str, section, address: str) -> None:
        """A profile's left early ('x av N … påbörjade insatsen <half-years>') and medians."""
        left = section.select_one(".fact-left_early .delivery-left-early")
        if left is not None:
            words = left.get_text(" ", strip=True)
            periods = self.decoder[STARTED_LABEL.search(words).group(1)]
            x, started = count_pair(words)
            self.add_left_early(slug, code, periods, started, x, f"{address} {code}")
        for median in section.select(".fact-first_meeting li"):
            words = median.get_text(" ", strip=True)
            (period,) = self.decoder[STARTED_LABEL.search(words).group(1)]
            people = whole_numbers(words.split("(")[1])[0]
            cell = (slug, code, period)
            self.add({(*cell, "m"): Fraction(1)}, people, f"{address} {code} median")


def read_equations(
    release: Release, *, decoder, trend_labels, services: list[str], slugs: list[str], tag: str
) -> tuple[list[Equation], set[tuple[str, str, str]]]:
    """Return every equation one release gives, and the cells it marks suppressed."""
    reader = Reader(release, decoder, tag)
    reader.read_api()
    reader.read_csv()
    reader.read_list("/sv/providers", None)
    for code in services:
        reader.read_list(f"/sv/providers?service={code}", code)
    for slug in slugs:
        reader.read_profile(slug, trend_labels)
    return reader.equations, reader.suppressed
