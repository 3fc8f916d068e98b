"""Open data cells and pooled figures: which exist, why one is empty, and the CSV files."""

import csv
import io
from datetime import date

from tests.factories.results import add_empty_half_year
from webapp.results.downloads import build_providers_file, build_results_file
from webapp.results.open_data import Reason, collect_cells, collect_pooled
from webapp.results.public_record import list_provider_identities, load_catalog
from webapp.results.statistics import Status


def identity(session, slug):
    return next(i for i in list_provider_identities(session) if i.slug == slug)


def cells_of(session, slug, code="MATCH-1", *, minimum=10, period=None):
    return collect_cells(
        session,
        providers=[identity(session, slug)],
        services=[load_catalog(session).by_code[code]],
        period=period,
        minimum=minimum,
    )


def test_a_cell_for_every_published_half_year(session):
    cells = cells_of(session, "jobbtorget")
    assert [cell.period for cell in cells] == [
        f"{year}H{half}" for year in (2023, 2024, 2025) for half in (1, 2)
    ]
    assert all(cell.outcome.status is Status.SHOWN and cell.reason is None for cell in cells)
    assert cells[0].outcome.total == cells[0].row.completed


def test_one_period_only(session):
    assert [cell.period for cell in cells_of(session, "jobbtorget", period="2024H2")] == ["2024H2"]


def test_empty_cells_say_why(session):
    cells = {cell.period: cell for cell in cells_of(session, "linjen-rekrytering")}
    assert cells["2025H2"].outcome is None
    assert cells["2025H2"].reason is Reason.NOT_AUTHORIZED  # ended 1 April 2025
    assert cells["2025H1"].outcome.status is Status.SHOWN


def test_a_half_year_with_nobody_is_hidden_or_without_results_with_no_minimum(session):
    add_empty_half_year(session)
    hidden = cells_of(session, "jobbtorget", period="2025H2")[0]
    assert hidden.outcome.status is Status.SUPPRESSED
    empty = cells_of(session, "jobbtorget", period="2025H2", minimum=0)[0]
    assert (empty.outcome, empty.reason) == (None, Reason.NO_RESULTS)


def test_pooled_for_all_services_and_each(session):
    catalog = load_catalog(session)
    pooled = collect_pooled(
        session,
        providers=[
            identity(session, "jobbtorget"),
            identity(session, "framtidsvagen-jobbmatchning"),
        ],
        services=[None, catalog.by_code["MATCH-1"]],
        minimum=10,
    )
    by_key = {(p.provider.slug, p.service.code if p.service else None): p for p in pooled}
    assert by_key[("jobbtorget", None)].outcome.status is Status.SHOWN
    assert by_key[("jobbtorget", None)].periods == ("2025H1", "2025H2")
    new = by_key[("framtidsvagen-jobbmatchning", "MATCH-1")]
    assert (new.outcome, new.reason) == (None, Reason.NOT_AUTHORIZED)  # from September 2026


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_results_file_with_no_minimum_and_an_empty_half_year(session):
    add_empty_half_year(session)
    rows = read(build_results_file(session, minimum=0))
    row = next(
        r
        for r in rows
        if (r["slug"], r["insats"], r["halvar"]) == ("jobbtorget", "MATCH-1", "2025H2")
    )
    assert (row["visas"], row["orsak"], row["deltagare"], row["andel"]) == (
        "nej",
        "no_results",
        "",
        "",
    )
    shown = next(r for r in rows if r["visas"] == "ja")
    assert shown["andel"].count(",") == 1 and shown["deltagare"].isdigit()


def test_providers_file_has_everyone_on_record(session):
    rows = read(build_providers_file(session, today=date(2026, 11, 22)))
    assert len(rows) == len(list_provider_identities(session))
    linjen = next(row for row in rows if row["slug"] == "linjen-rekrytering")
    assert linjen["status"] == "ended"
    assert "MATCH-1 2022-09-01/2025-04-01" in linjen["auktorisationer"]
