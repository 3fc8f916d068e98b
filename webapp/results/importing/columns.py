"""The columns of an import file: names, aliases, limits, labels, and the template to fill in."""

import csv
import io
from dataclasses import dataclass

from webapp.core.activelocale import lazy_gettext as _l

# Counts and days above these are typing mistakes, and would overflow the database.
MAX_COUNT = 1_000_000
MAX_DAYS = 10_000
# A median wait for the first meeting of more than a year is a typing mistake.
MAX_MEETING_DAYS = 365


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
    Column("started", "paborjade", "started", False),
    Column("left_early", "slutade_i_fortid", "left_early", False),
    Column(
        "first_meeting_days", "median_dagar_forsta_motet", "median_days_to_first_meeting", False
    ),
    Column("first_meeting_people", "antal_forsta_motet", "first_meeting_count", False),
)
COLUMN_NAMES = {column.field: column.swedish for column in COLUMNS}
# Header names are matched folded: case, accents, spaces and hyphens do not matter,
# so "Halvår", "halvar" and "half-year" all name the period.
HEADER_ALIASES = {
    **{column.swedish: column.field for column in COLUMNS},
    **{column.english: column.field for column in COLUMNS},
    "service_code": "service",
    "half_year": "period",
    "first_meeting_days": "first_meeting_days",
    "first_meeting_people": "first_meeting_people",
}
COUNT_FIELDS = ("completed", "in_work", "in_studies", "survey_respondents", "survey_satisfied")
# Whole days, read with decimals rounded, up to these limits.
DAY_LIMITS = {"average_days": MAX_DAYS, "first_meeting_days": MAX_MEETING_DAYS}
# The stored values a file can set, in the order they are shown.
VALUE_FIELDS = (
    "completed",
    "in_work",
    "in_studies",
    "average_days",
    "survey_respondents",
    "survey_satisfied",
    "started",
    "left_early",
    "first_meeting_days",
    "first_meeting_people",
)
SURVEY_FIELDS = ("survey_respondents", "survey_satisfied")
# Optional columns that only make sense together: a file has both of a pair or neither.
LEFT_EARLY_FIELDS = ("started", "left_early")
FIRST_MEETING_FIELDS = ("first_meeting_days", "first_meeting_people")

FIELD_LABELS = {
    "completed": _l("Avslutade"),
    "in_work": _l("I arbete"),
    "in_studies": _l("I studier"),
    "average_days": _l("Dagar i snitt"),
    "survey_respondents": _l("Svarade på enkäten"),
    "survey_satisfied": _l("Nöjda"),
    "started": _l("Påbörjade"),
    "left_early": _l("Slutade i förtid"),
    "first_meeting_days": _l("Dagar till första mötet (median)"),
    "first_meeting_people": _l("Personer i mediantiden"),
}
COLUMN_DESCRIPTIONS = {
    "org_number": _l("Anordnarens organisationsnummer, NNNNNN-NNNN."),
    "service": _l("Insatsens kod."),
    "period": _l(
        "Halvåret då deltagarna avslutade insatsen: året och H1 (januari–juni) eller "
        "H2 (juli–december), till exempel 2025H1. Halvåret måste ha tagit slut, och "
        "anordnaren måste ha varit auktoriserad för insatsen under någon del av det."
    ),
    "completed": _l("Antal deltagare som avslutade insatsen under halvåret."),
    "in_work": _l("Hur många av dem som var i arbete sex månader efter insatsen."),
    "in_studies": _l(
        "Hur många av dem som studerade sex månader efter insatsen. I arbete och i studier "
        "får tillsammans vara högst lika många som avslutade."
    ),
    "average_days": _l(
        "Genomsnittlig tid i insatsen, i dagar. Decimaler med komma eller punkt avrundas "
        "till hela dagar."
    ),
    "survey_respondents": _l("Antal deltagare som svarade på enkäten."),
    "survey_satisfied": _l("Hur många av dem som var nöjda. Fylls i tillsammans med svaren."),
    "started": _l(
        "Antal deltagare som påbörjade insatsen hos anordnaren under halvåret. Fylls i "
        "tillsammans med slutade_i_fortid."
    ),
    "left_early": _l(
        "Hur många av dem som påbörjade insatsen under halvåret som slutade innan den var "
        "klar, så långt det är känt när filen görs. Högst lika många som påbörjade."
    ),
    "first_meeting_days": _l(
        "Mediantiden i dagar från att deltagarna valde anordnaren till det första mötet, "
        "för dem som påbörjade insatsen under halvåret: från 0 till 365. Decimaler avrundas "
        "till hela dagar. Fylls i tillsammans med antal_forsta_motet."
    ),
    "first_meeting_people": _l(
        "Hur många personer mediantiden bygger på: minst 1, och högst lika många som "
        "påbörjade när båda finns i filen."
    ),
}
# The template's example row: an organisation number no provider has, so a forgotten
# example row is refused.
EXAMPLE_ROW = (
    "559000-0005",
    "MATCH-1",
    "2025H1",
    "40",
    "18",
    "4",
    "120,5",
    "30",
    "24",
    "38",
    "5",
    "6",
    "35",
)


def build_template() -> str:
    """Return the downloadable template: Swedish header and one example row, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column.swedish for column in COLUMNS)
    writer.writerow(EXAMPLE_ROW)
    return "\ufeff" + buffer.getvalue()


def example_line() -> str:
    """Return the template's example row as the file writes it, with semicolons."""
    return ";".join(EXAMPLE_ROW)
