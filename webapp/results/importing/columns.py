"""The columns of an import file: names, aliases, limits, labels, and the template to fill in."""

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Counts and days above these are typing mistakes, and would overflow the database.
MAX_COUNT = 1_000_000
MAX_DAYS = 10_000


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
HEADER_ALIASES = {
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

FIELD_LABELS = {
    "completed": _l("Avslutade"),
    "in_work": _l("I arbete"),
    "in_studies": _l("I studier"),
    "average_days": _l("Dagar i snitt"),
    "survey_respondents": _l("Svarade på enkäten"),
    "survey_satisfied": _l("Nöjda"),
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
}


def build_template() -> str:
    """Return the downloadable template: Swedish header and one example row, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column.swedish for column in COLUMNS)
    # An organisation number no provider has: a forgotten example row is refused.
    writer.writerow(["559000-0005", "MATCH-1", "2025H1", "40", "18", "4", "120,5", "30", "24"])
    return "\ufeff" + buffer.getvalue()
