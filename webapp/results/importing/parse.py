"""Read the text of a results file as CSV and check each row on its own.

Nothing here touches the request or the database: codes are checked against the
stored data later (webapp.results.importing.plan).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from webapp.core.activelocale import gettext as _
from webapp.providers.orgnumbers import normalize_org_number
from webapp.results.importing.columns import (
    COLUMN_NAMES,
    COLUMNS,
    COUNT_FIELDS,
    DAY_LIMITS,
    HEADER_ALIASES,
    MAX_COUNT,
    MAX_MEETING_DAYS,
    VALUE_FIELDS,
)
from webapp.results.importing.header import map_header, note_missing
from webapp.results.importing.pairs import check_header_pairs, check_pairs
from webapp.results.importing.upload import Problem, quote
from webapp.results.periods import parse_period, period_bounds

# Spaces Excel and people put between thousands: ordinary, no-break, narrow no-break.
_SPACES = str.maketrans("", "", " \u00a0\u202f")
_DIGITS = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
DELIMITERS = (";", ",")
# Bounds on the work one upload can cause: the header's length and width, blank lines
# looked through for it, and the problems listed before reading stops.
MAX_HEADER_LENGTH = 4000
MAX_LEADING_LINES = 1000
MAX_PROBLEMS = 500
# The first year results can be read in for; earlier ones are typing mistakes.
EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class ResultRow:
    """One valid-looking line of the file, in stored form."""

    line: int
    org_number: str
    service_code: str
    period: str
    # Only the value columns the file has; None where a cell was left empty.
    values: dict[str, int | None]

    @property
    def key(self) -> tuple[str, str, str]:
        """Return what identifies the result: provider, service and half-year."""
        return (self.org_number, self.service_code, self.period)


@dataclass
class ParsedFile:
    """The rows read from a file, the problems found, and its header names."""

    rows: list[ResultRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written

    def header(self, field_name: str) -> str:
        """Return the column's name as the file writes it (or the Swedish name)."""
        return self.headers.get(field_name, COLUMN_NAMES[field_name])


def detect_delimiter(header_line: str) -> str | None:
    """Return the separator the header line uses most, semicolon or comma; None for neither.

    A count, not csv.Sniffer: the sniffer's patterns take quadratic time on a
    crafted line, and a header line is all it ever saw here anyway.
    """
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=counts.__getitem__)  # a tie goes to the semicolon
    return best if counts[best] else None


def read_results(text: str, *, today: date) -> ParsedFile:
    """Read the text as CSV and check each row on its own (codes are checked later)."""
    parsed = ParsedFile()
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


def _read_rows(reader, parsed: ParsedFile, today: date, lines: int) -> None:
    header_read = False
    seen: dict[tuple[str, str, str], int] = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, and the empty ;;;; lines Excel leaves behind
        if not header_read:
            header_read = True
            positions = _read_header(cells, parsed)
            if positions is None:
                return
            # Cells under a named column are checked (or its name reported); others are stray.
            named = {index for index, cell in enumerate(cells) if cell.strip()}
            continue
        if len(parsed.problems) >= MAX_PROBLEMS:
            # A file-wide problem, so it is listed first.
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
        if row.key in seen:
            message = _(
                "Samma anordnare, insats och halvår finns redan på rad %(line)s.",
                line=seen[row.key],
            )
            parsed.problems.append(Problem(row.line, None, message))
            continue
        seen[row.key] = row.line
        parsed.rows.append(row)
    if header_read and not seen and not parsed.problems:
        message = _("Filen har en rubrikrad men inga rader med resultat.")
        parsed.problems.append(Problem(None, None, message))


def _read_header(cells: list[str], parsed: ParsedFile) -> dict[str, int] | None:
    """Map fields to cell positions; None when required columns are missing."""
    positions = map_header(cells, parsed, columns=COLUMNS, aliases=HEADER_ALIASES)
    if positions is None:
        return None
    missing = note_missing(COLUMNS, positions, parsed)
    for column, message in check_header_pairs(positions, parsed.header):
        parsed.problems.append(Problem(1, column, message))
    return None if missing else positions


def _read_row(
    line: int,
    cells: list[str],
    positions: dict[str, int],
    named: set[int],
    parsed: ParsedFile,
    today: date,
) -> ResultRow | None:
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

    org_number = _read_org_number(raw["org_number"], lambda m: note("org_number", m))
    service_code = raw["service"].upper()
    if not service_code:
        note("service", _("Värde saknas. Skriv insatsens kod, till exempel MATCH-1."))
    period = _read_period(raw["period"], today, lambda m: note("period", m))
    values: dict[str, int | None] = {}
    for name in VALUE_FIELDS:
        if name in raw:
            values[name] = _read_number(
                raw[name], name, required=name in COUNT_FIELDS[:3], note=note
            )
    _check_sums(values, raw, note)
    parsed.problems.extend(problems)
    if problems or org_number is None or period is None:
        return None
    return ResultRow(line, org_number, service_code, period, values)


def _read_org_number(text: str, note) -> str | None:
    if not text:
        note(_("Värde saknas. Skriv anordnarens organisationsnummer, NNNNNN-NNNN."))
        return None
    number = normalize_org_number(text)
    if number is None:
        if re.fullmatch(r"[0-9]{6}-?[0-9]{4}", text):
            note(
                _(
                    "Organisationsnumret %(value)s stämmer inte: kontrollsiffran är fel.",
                    value=text,
                )
            )
        else:
            note(
                _(
                    "”%(value)s” är inte ett organisationsnummer. Skriv tio siffror: NNNNNN-NNNN.",
                    value=quote(text),
                )
            )
    return number


def _read_period(text: str, today: date, note) -> str | None:
    if not text:
        note(_("Värde saknas. Skriv halvåret, till exempel 2025H1."))
        return None
    parsed = parse_period(text)
    if parsed is None:
        note(
            _(
                "”%(value)s” är inte ett halvår. Skriv året och H1 eller H2, till exempel 2025H1.",
                value=quote(text),
            )
        )
        return None
    period = f"{parsed[0]}H{parsed[1]}"
    if parsed[0] < EARLIEST_YEAR:
        note(
            _(
                "Halvåret %(period)s är för tidigt. Resultat kan läsas in från år %(year)s. "
                "Kontrollera årtalet.",
                period=period,
                year=EARLIEST_YEAR,
            )
        )
        return None
    if period_bounds(period)[1] >= today:
        note(
            _(
                "Halvåret %(period)s är inte slut än. Resultat kan bara läsas in för halvår "
                "som har tagit slut.",
                period=period,
            )
        )
        return None
    return period


def _read_number(text: str, name: str, *, required: bool, note) -> int | None:
    """Read a count, or average days (which may have decimals and are rounded)."""
    if not text:
        if required:
            note(name, _("Värde saknas. Skriv ett antal, 0 om det inte fanns några."))
        return None
    cleaned = text.translate(_SPACES)
    if not _NUMBER.fullmatch(cleaned):
        note(name, _("”%(value)s” är inte ett tal.", value=quote(text)))
        return None
    if cleaned.startswith("-"):
        note(name, _("Talet kan inte vara negativt (%(value)s).", value=quote(text)))
        return None
    limit = DAY_LIMITS.get(name, MAX_COUNT)
    whole = cleaned.replace(",", ".").split(".")[0]
    if len(whole) > len(str(limit)) or int(whole) > limit:
        note(name, _too_large(name, text))
        return None
    if name in DAY_LIMITS:
        # Days are published as whole days; Excel often exports them with decimals.
        days = int(Decimal(cleaned.replace(",", ".")).quantize(Decimal(1), ROUND_HALF_UP))
        if days > limit:  # 365.5 rounds up past the limit
            note(name, _too_large(name, text))
            return None
        return days
    if not _DIGITS.fullmatch(cleaned):
        note(
            name,
            _(
                "”%(value)s” är inte ett heltal. Antal skrivs utan decimaler.",
                value=quote(text),
            ),
        )
        return None
    return int(cleaned)


def _check_sums(values: dict[str, int | None], raw: dict[str, str], note) -> None:
    """Check the rules that tie the row's numbers together (unreadable numbers are skipped)."""
    completed, in_work, in_studies = (values.get(name) for name in COUNT_FIELDS[:3])
    if None not in (completed, in_work, in_studies) and in_work + in_studies > completed:
        note(
            "in_work",
            _(
                "I arbete (%(in_work)s) och i studier (%(in_studies)s) är tillsammans fler "
                "än avslutade (%(completed)s).",
                in_work=in_work,
                in_studies=in_studies,
                completed=completed,
            ),
        )
    check_pairs(values, raw, note)


def _too_large(name: str, text: str) -> str:
    """Say that a number is larger than the column can hold."""
    if name == "first_meeting_days":
        return _(
            "Mediantiden till första mötet kan vara högst %(num)s dagar (%(value)s). "
            "Kontrollera värdet.",
            num=MAX_MEETING_DAYS,
            value=quote(text),
        )
    return _("%(value)s är orimligt stort. Kontrollera värdet.", value=quote(text))
