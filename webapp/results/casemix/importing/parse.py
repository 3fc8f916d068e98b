"""Read the text of a case-mix file as CSV and check each row on its own.

Nothing here touches the request or the database. Organisation numbers, half-years
and counts are read exactly as the results import reads them (the same functions),
so both files accept the same spellings and give the same messages.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from webapp.core.activelocale import gettext as _
from webapp.core.textkeys import fold_for_search
from webapp.results.casemix.importing.columns import (
    AGE_VALUES,
    ASSISTANCE_VALUES,
    COLUMN_NAMES,
    COLUMNS,
    HEADER_ALIASES,
    LEVEL_VALUES,
    YES_NO,
)
from webapp.results.casemix.strata import Stratum
from webapp.results.importing.header import map_header, note_missing
from webapp.results.importing.parse import (
    MAX_HEADER_LENGTH,
    MAX_LEADING_LINES,
    MAX_PROBLEMS,
    detect_delimiter,
)

# Shared with the results import, where they are private to its row reader.
from webapp.results.importing.parse import _read_number as read_count
from webapp.results.importing.parse import _read_org_number as read_org_number
from webapp.results.importing.parse import _read_period as read_period
from webapp.results.importing.upload import Problem, quote

Cell = tuple[str, str, str]  # organisation number, service code, half-year


@dataclass(frozen=True)
class StratumRow:
    """One valid-looking line of the file: a stratum's counts in one half-year group."""

    line: int
    org_number: str
    service_code: str
    period: str
    stratum: Stratum
    completed: int
    successes: int

    @property
    def cell(self) -> Cell:
        """Return the half-year group the line belongs to: provider, service and half-year."""
        return (self.org_number, self.service_code, self.period)


@dataclass
class ParsedCaseMix:
    """The rows read from a file, the problems found, and its header names."""

    rows: list[StratumRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written

    def header(self, field_name: str) -> str:
        """Return the column's name as the file writes it (or the Swedish name)."""
        return self.headers.get(field_name, COLUMN_NAMES[field_name])


def read_case_mix(text: str, *, today: date) -> ParsedCaseMix:
    """Read the text as CSV and check each row on its own (codes and sums are checked later)."""
    parsed = ParsedCaseMix()
    header_line = next((line for line in text.split("\n", MAX_LEADING_LINES) if line.strip()), "")
    if len(header_line) > MAX_HEADER_LENGTH:
        message = _(
            "Rubrikraden är för lång (över %(num)s tecken). Första raden ska bara innehålla "
            "kolumnernas namn.",
            num=MAX_HEADER_LENGTH,
        )
        parsed.problems.append(Problem(1, None, message))
        return parsed
    delimiter = detect_delimiter(header_line)
    if delimiter is None:
        message = _(
            "Det gick inte att se hur kolumnerna skiljs åt. Kolumnerna ska skiljas åt med "
            "semikolon (;) eller komma (,), och rubrikraden måste finnas först i filen."
        )
        parsed.problems.append(Problem(None, None, message))
        return parsed
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', skipinitialspace=True
    )
    try:
        _read_rows(reader, parsed, today, lines=text.count("\n") + (not text.endswith("\n")))
    except csv.Error:
        message = _("Raden kunde inte läsas. Kontrollera citattecknen på raden.")
        parsed.problems.append(Problem(reader.line_num, None, message))
    return parsed


def _read_rows(reader, parsed: ParsedCaseMix, today: date, lines: int) -> None:
    header_read = False
    seen: dict[tuple, int] = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, and the empty ;;;; lines Excel leaves behind
        if not header_read:
            header_read = True
            positions = _read_header(cells, parsed)
            if positions is None:
                return
            named = {index for index, cell in enumerate(cells) if cell.strip()}
            continue
        if len(parsed.problems) >= MAX_PROBLEMS:
            message = _(
                "Läsningen avbröts på rad %(line)s av %(lines)s efter %(num)s fel. Rätta "
                "felen som visas och läs in filen igen: fler fel kan finnas längre ner.",
                line=reader.line_num,
                lines=lines,
                num=len(parsed.problems),
            )
            parsed.problems.append(Problem(None, None, message))
            return
        row = _read_row(reader.line_num, cells, positions, named, parsed, today)
        if row is None:
            continue
        key = (*row.cell, row.stratum)
        if key in seen:
            message = _(
                "Samma anordnare, insats, halvår och grupp finns redan på rad %(line)s.",
                line=seen[key],
            )
            parsed.problems.append(Problem(row.line, None, message))
            continue
        seen[key] = row.line
        parsed.rows.append(row)
    if header_read and not seen and not parsed.problems:
        message = _("Filen har en rubrikrad men inga rader med grupper.")
        parsed.problems.append(Problem(None, None, message))


def _read_header(cells: list[str], parsed: ParsedCaseMix) -> dict[str, int] | None:
    """Map fields to cell positions; None when a column is missing."""
    positions = map_header(cells, parsed, columns=COLUMNS, aliases=HEADER_ALIASES)
    if positions is None or note_missing(COLUMNS, positions, parsed):
        return None
    return positions


def _read_row(
    line: int,
    cells: list[str],
    positions: dict[str, int],
    named: set[int],
    parsed: ParsedCaseMix,
    today: date,
) -> StratumRow | None:
    """Check one data line; return it in stored form, or None after noting its problems."""
    problems: list[Problem] = []
    if any(cell.strip() for index, cell in enumerate(cells) if index not in named):
        message = _("Raden har ett värde i en kolumn utan rubrik. Ta bort värdet eller rubriken.")
        problems.append(Problem(line, None, message))
    raw = {
        name: cells[index].strip() if index < len(cells) else ""
        for name, index in positions.items()
    }

    def note(field_name: str, message: str) -> None:
        problems.append(Problem(line, parsed.header(field_name), message))

    org_number = read_org_number(raw["org_number"], lambda m: note("org_number", m))
    service_code = raw["service"].upper()
    if not service_code:
        note("service", _("Värde saknas. Skriv insatsens kod, till exempel MATCH-1."))
    period = read_period(raw["period"], today, lambda m: note("period", m))
    age_band = _read_code(
        raw["age_band"],
        AGE_VALUES,
        lambda m: note("age_band", m),
        _("Skriv 18-24, 25-29, 30-49 eller 50+."),
    )
    assistance = _read_code(
        raw["assistance"],
        ASSISTANCE_VALUES,
        lambda m: note("assistance", m),
        _("Skriv lt1 (kortare än 1 år), 1to3 (1–3 år) eller gt3 (längre än 3 år)."),
    )
    newcomer = _read_code(
        raw["newcomer"], YES_NO, lambda m: note("newcomer", m), _("Skriv ja eller nej.")
    )
    level = _read_code(
        raw["level"], LEVEL_VALUES, lambda m: note("level", m), _("Skriv 1, 2 eller 3.")
    )
    completed = read_count(raw["completed"], "completed", required=True, note=note)
    successes = read_count(raw["successes"], "successes", required=True, note=note)
    if completed is not None and successes is not None and successes > completed:
        note(
            "successes",
            _(
                "I arbete eller studier (%(successes)s) är fler än avslutade (%(completed)s).",
                successes=successes,
                completed=completed,
            ),
        )
    parsed.problems.extend(problems)
    values = (org_number, period, age_band, assistance, newcomer, level, completed, successes)
    if problems or any(value is None for value in values):
        return None
    return StratumRow(
        line,
        org_number,
        service_code,
        period,
        Stratum(age_band, assistance, newcomer, level),
        completed,
        successes,
    )


def _read_code(text: str, values: dict, note, hint: str):
    """Return the stored code a cell means, or None after saying what it may hold."""
    if not text:
        note(_("Värde saknas. %(hint)s", hint=hint))
        return None
    folded = fold_for_search(text).replace(" ", "").replace("–", "-")
    if folded not in values:
        note(_("”%(value)s” går inte att läsa. %(hint)s", value=quote(text), hint=hint))
        return None
    return values[folded]
