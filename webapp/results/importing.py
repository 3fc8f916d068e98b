"""Read a CSV file of half-year results, check every row, and plan what it changes.

Nothing here touches the request or the database: the view hands in the bytes,
the reference data (providers, services, authorization periods) and the stored
results, and gets back rows, problems and a plan.
"""

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _

from webapp.core.textkeys import fold_for_search
from webapp.providers.orgnumbers import normalize_org_number
from webapp.results.periods import parse_period, period_bounds, previous_period

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# Counts and days above these are typing mistakes, and would overflow the database.
MAX_COUNT = 1_000_000
MAX_DAYS = 10_000
# Cells are quoted back in messages; a runaway cell is cut short.
QUOTE_LENGTH = 40


@dataclass(frozen=True)
class Column:
    """One column of the import file: its Swedish header and English alias."""

    field: str
    swedish: str
    english: str
    required: bool


COLUMNS = (
    Column("org_number", "organisationsnummer", "org_number", True),
    Column("service", "insats", "service", True),
    Column("period", "halvar", "period", True),
    Column("completed", "avslutade", "completed", True),
    Column("in_work", "i_arbete", "in_work", True),
    Column("in_studies", "i_studier", "in_studies", True),
    Column("average_days", "snitt_dagar", "average_days", False),
    Column("survey_respondents", "enkat_svarande", "survey_respondents", False),
    Column("survey_satisfied", "enkat_nojda", "survey_satisfied", False),
)
COLUMN_NAMES = {column.field: column.swedish for column in COLUMNS}
# Header names are matched folded: case, accents, spaces and hyphens do not matter,
# so "Halvår", "halvar" and "half-year" all name the period.
_HEADER_ALIASES = {
    **{column.swedish: column.field for column in COLUMNS},
    **{column.english: column.field for column in COLUMNS},
    "service_code": "service",
    "half_year": "period",
}
COUNT_FIELDS = ("completed", "in_work", "in_studies", "survey_respondents", "survey_satisfied")
# The stored values a file can set, in the order they are shown.
VALUE_FIELDS = (
    "completed",
    "in_work",
    "in_studies",
    "average_days",
    "survey_respondents",
    "survey_satisfied",
)
SURVEY_FIELDS = ("survey_respondents", "survey_satisfied")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Spaces Excel and people put between thousands: ordinary, no-break, narrow no-break.
_SPACES = str.maketrans("", "", " \u00a0\u202f")
_DIGITS = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, where it is, and what to do about it."""

    row: int | None  # the line in the file, header = 1; None for the whole file
    column: str | None  # the column's header as written, None for the whole row
    message: str


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


@dataclass(frozen=True)
class ProviderRef:
    """A provider as the import needs it."""

    id: int
    name: str


@dataclass(frozen=True)
class References:
    """What the file's codes must match: providers, services and authorization periods."""

    providers: dict[str, ProviderRef]  # by organisation number
    services: dict[str, int]  # service id by code
    # (provider id, service id) -> [(valid_from, valid_until or None)]
    authorizations: dict[tuple[int, int], list[tuple[date, date | None]]]

    def authorized_during(self, provider_id: int, service_id: int, period: str) -> bool:
        """Tell whether any authorization period overlaps the half-year."""
        first, last = period_bounds(period)
        return any(
            start <= last and (until is None or until > first)
            for start, until in self.authorizations.get((provider_id, service_id), ())
        )


@dataclass(frozen=True)
class PlannedRow:
    """A result the import will add or change."""

    row: ResultRow
    provider: ProviderRef
    service_id: int
    # field -> (stored value, value from the file); for a new row the stored value is None.
    changes: dict[str, tuple[int | None, int | None]]

    @property
    def key(self) -> tuple[int, int, str]:
        """Return the stored result's natural key."""
        return (self.provider.id, self.service_id, self.row.period)


@dataclass(frozen=True)
class ImportPlan:
    """What confirming the import would write."""

    added: list[PlannedRow]
    changed: list[PlannedRow]
    unchanged: int

    @property
    def has_changes(self) -> bool:
        """Tell whether confirming would write anything."""
        return bool(self.added or self.changed)

    @property
    def periods(self) -> set[str]:
        """Return the half-years the import adds or changes."""
        return {planned.row.period for planned in self.added + self.changed}

    def fingerprint(self) -> str:
        """Return a digest of the planned writes, to notice stored data changing meanwhile."""
        writes = [
            [kind, *planned.key, sorted(planned.changes.items())]
            for kind, rows in (("add", self.added), ("change", self.changed))
            for planned in rows
        ]
        return hashlib.sha256(json.dumps(writes).encode()).hexdigest()

    def audit_values(self) -> tuple[dict, dict]:
        """Return compact before and after values for the audit log."""
        before, after = {}, {}
        for planned in self.changed:
            label = _label(planned.row)
            before[label] = {name: old for name, (old, _new) in planned.changes.items()}
            after[label] = {name: new for name, (_old, new) in planned.changes.items()}
        for planned in self.added:
            after[_label(planned.row)] = dict(planned.row.values)
        return before, after


def _label(row: ResultRow) -> str:
    return f"{row.org_number} {row.service_code} {row.period}"


def normalize_newlines(text: str) -> str:
    """Turn CRLF and CR line ends into LF, as a browser's form round trip would mix them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_digest(text: str) -> str:
    """Return the SHA-256 of the (newline-normalized) file text."""
    return hashlib.sha256(normalize_newlines(text).encode("utf-8")).hexdigest()


def size_label(size: int) -> str:
    """Name a size in bytes the way people read it, e.g. '2 MB' or '500 kB'."""
    if size >= 1024 * 1024:
        return _("%(num)s MB", num=format_decimal(round(size / 1024 / 1024, 1)))
    return _("%(num)s kB", num=format_decimal(max(1, round(size / 1024))))


def too_large_problem(max_bytes: int) -> Problem:
    """Return the problem of a file over the size limit."""
    message = _(
        "Filen är för stor. Den får vara högst %(size)s. Dela upp resultaten i flera filer.",
        size=size_label(max_bytes),
    )
    return Problem(None, None, message)


def decode_upload(data: bytes, *, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Check the file's size and encoding; return its text with LF line ends, or problems."""
    if len(data) > max_bytes:
        return None, [too_large_problem(max_bytes)]
    try:
        # utf-8-sig drops the byte order mark Excel writes, and reads files without it too.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = _(
            "Filen är inte sparad som UTF-8. Öppna den i Excel, välj Arkiv > Spara som och "
            "filformatet ”CSV UTF-8 (kommaavgränsad) (*.csv)”, och läs in den nya filen."
        )
        return None, [Problem(None, None, message)]
    if not text.strip():
        message = _("Filen är tom. Välj en CSV-fil med en rubrikrad och minst en rad resultat.")
        return None, [Problem(None, None, message)]
    if _CONTROL.search(text):
        message = _("Filen innehåller tecken som inte hör hemma i en textfil. Välj en CSV-fil.")
        return None, [Problem(None, None, message)]
    return normalize_newlines(text), []


def read_results(text: str, *, today: date) -> ParsedFile:
    """Read the text as CSV and check each row on its own (codes are checked later)."""
    parsed = ParsedFile()
    # The sniffer is shown the header line alone: data rows may differ in how many
    # separators they hold (decimal commas, a stray extra cell) and would make it doubt.
    header_line = next((line for line in text.split("\n") if line.strip()), "")
    try:
        dialect = csv.Sniffer().sniff(header_line, delimiters=";,")
    except csv.Error:
        message = _(
            "Det gick inte att se hur kolumnerna skiljs åt. Kolumnerna ska skiljas åt med "
            "semikolon (;) eller komma (,), och rubrikraden måste finnas först i filen."
        )
        parsed.problems.append(Problem(None, None, message))
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        _read_rows(reader, parsed, today)
    except csv.Error:
        message = _("Raden kunde inte läsas. Kontrollera citattecknen på raden.")
        parsed.problems.append(Problem(reader.line_num, None, message))
    return parsed


def _read_rows(reader, parsed: ParsedFile, today: date) -> None:
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
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip()
        if not name:
            continue
        folded = fold_for_search(name).replace(" ", "_").replace("-", "_")
        field_name = _HEADER_ALIASES.get(folded)
        if field_name is None:
            message = _(
                "Kolumnen är okänd. Kontrollera stavningen. Kolumnerna som går att läsa in "
                "är %(columns)s.",
                columns=", ".join(column.swedish for column in COLUMNS),
            )
            parsed.problems.append(Problem(1, name, message))
        elif field_name in positions:
            message = _("Kolumnen finns mer än en gång i rubrikraden.")
            parsed.problems.append(Problem(1, name, message))
        else:
            positions[field_name] = index
            parsed.headers[field_name] = name
    missing = [column for column in COLUMNS if column.required and column.field not in positions]
    for column in missing:
        message = _("Kolumnen saknas i rubrikraden. Den måste finnas med.")
        parsed.problems.append(Problem(1, column.swedish, message))
    present = [name for name in SURVEY_FIELDS if name in positions]
    if len(present) == 1:
        absent = next(name for name in SURVEY_FIELDS if name not in positions)
        message = _(
            "Kolumnerna om enkäten hör ihop: lägg till kolumnen %(column)s, "
            "eller ta bort kolumnen %(other)s.",
            column=COLUMN_NAMES[absent],
            other=parsed.header(present[0]),
        )
        parsed.problems.append(Problem(1, COLUMN_NAMES[absent], message))
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
                    value=_quote(text),
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
                value=_quote(text),
            )
        )
        return None
    period = f"{parsed[0]}H{parsed[1]}"
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
        note(name, _("”%(value)s” är inte ett tal.", value=_quote(text)))
        return None
    if cleaned.startswith("-"):
        note(name, _("Talet kan inte vara negativt (%(value)s).", value=_quote(text)))
        return None
    limit = MAX_DAYS if name == "average_days" else MAX_COUNT
    whole = cleaned.replace(",", ".").split(".")[0]
    if len(whole) > len(str(limit)) or int(whole) > limit:
        note(name, _("%(value)s är orimligt stort. Kontrollera värdet.", value=_quote(text)))
        return None
    if name == "average_days":
        # Days are published as whole days; Excel often exports them with decimals.
        return int(Decimal(cleaned.replace(",", ".")).quantize(Decimal(1), ROUND_HALF_UP))
    if not _DIGITS.fullmatch(cleaned):
        note(
            name,
            _(
                "”%(value)s” är inte ett heltal. Antal skrivs utan decimaler.",
                value=_quote(text),
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
    if not all(name in values for name in SURVEY_FIELDS):
        return
    respondents, satisfied = values["survey_respondents"], values["survey_satisfied"]
    empty = [name for name in SURVEY_FIELDS if not raw[name]]
    if len(empty) == 1:
        note(
            empty[0],
            _("Fyll i både antal som svarade på enkäten och antal nöjda, eller lämna båda tomma."),
        )
    elif respondents is not None and satisfied is not None and satisfied > respondents:
        note(
            "survey_satisfied",
            _(
                "Fler nöjda (%(satisfied)s) än som svarade på enkäten (%(respondents)s).",
                satisfied=satisfied,
                respondents=respondents,
            ),
        )


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH] + "…"


def check_references(parsed: ParsedFile, references: References) -> list[Problem]:
    """Check that each row's provider and service exist and the provider was authorized."""
    problems = []
    codes = ", ".join(references.services)
    for row in parsed.rows:
        provider = references.providers.get(row.org_number)
        service_id = references.services.get(row.service_code)
        if provider is None:
            message = _(
                "Det finns ingen anordnare med organisationsnummer %(value)s.",
                value=row.org_number,
            )
            problems.append(Problem(row.line, parsed.header("org_number"), message))
        if service_id is None:
            message = _(
                "Det finns ingen insats med koden ”%(value)s”. Koderna är %(codes)s.",
                value=_quote(row.service_code),
                codes=codes,
            )
            problems.append(Problem(row.line, parsed.header("service"), message))
        if provider is None or service_id is None:
            continue
        if not references.authorized_during(provider.id, service_id, row.period):
            message = _(
                "%(provider)s var inte auktoriserad för %(service)s under %(period)s.",
                provider=provider.name,
                service=row.service_code,
                period=row.period,
            )
            problems.append(Problem(row.line, parsed.header("service"), message))
    return problems


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems as they appear in the file: file-wide first, then by row."""
    return sorted(problems, key=lambda problem: -1 if problem.row is None else problem.row)


def plan_import(rows: list[ResultRow], references: References, existing: dict) -> ImportPlan:
    """Compare checked rows with the stored results: what is new, changed or the same.

    existing maps (provider id, service id, period) to a stored result. A value
    column the file leaves out keeps its stored value.
    """
    added, changed, unchanged = [], [], 0
    for row in rows:
        provider = references.providers[row.org_number]
        service_id = references.services[row.service_code]
        stored = existing.get((provider.id, service_id, row.period))
        if stored is None:
            changes = {name: (None, value) for name, value in row.values.items()}
            added.append(PlannedRow(row, provider, service_id, changes))
            continue
        changes = {
            name: (getattr(stored, name), value)
            for name, value in row.values.items()
            if getattr(stored, name) != value
        }
        if changes:
            changed.append(PlannedRow(row, provider, service_id, changes))
        else:
            unchanged += 1
    return ImportPlan(added=added, changed=changed, unchanged=unchanged)


def headline_periods_after(
    current: tuple[str, str] | None, plan: ImportPlan
) -> tuple[str, str] | None:
    """Return the two half-years the public headline will use once the plan is saved."""
    latest = max([*(planned.row.period for planned in plan.added), *(current or ())], default=None)
    return (previous_period(latest), latest) if latest else None


def build_template() -> str:
    """Return the downloadable template: Swedish header and one example row, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column.swedish for column in COLUMNS)
    # An organisation number no provider has: a forgotten example row is refused.
    writer.writerow(["559000-0005", "MATCH-1", "2025H1", "40", "18", "4", "120,5", "30", "24"])
    return "\ufeff" + buffer.getvalue()
