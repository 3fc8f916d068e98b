"""The columns of a case-mix file: names, aliases, the values they take, and the template."""

import csv
import io
from dataclasses import dataclass

from webapp.core.activelocale import lazy_gettext as _l


@dataclass(frozen=True)
class Column:
    """One column of the case-mix file: its Swedish header and English alias."""

    field: str
    swedish: str
    english: str
    required: bool = True  # every case-mix column is


COLUMNS = (
    Column("org_number", "organisationsnummer", "org_number"),
    Column("service", "insats", "service"),
    Column("period", "halvar", "period"),
    Column("age_band", "aldersgrupp", "age_band"),
    Column("assistance", "tid_med_bistand", "assistance_time"),
    Column("newcomer", "nyanland", "newcomer"),
    Column("level", "niva", "level"),
    Column("completed", "avslutade", "completed"),
    Column("successes", "i_arbete_eller_studier", "in_work_or_studies"),
)
COLUMN_NAMES = {column.field: column.swedish for column in COLUMNS}
# Header names are matched folded, as in the results import: "Åldersgrupp" reads aldersgrupp.
HEADER_ALIASES = {
    **{column.swedish: column.field for column in COLUMNS},
    **{column.english: column.field for column in COLUMNS},
    "service_code": "service",
    "half_year": "period",
    "assistance": "assistance",
}

# What a cell may hold, folded, and the stored code it means. Excel may turn "1-3"
# into a date, so the documented codes are lt1, 1to3 and gt3; the signs work too.
AGE_VALUES = {"18-24": "18-24", "25-29": "25-29", "30-49": "30-49", "50+": "50+", "50-": "50+"}
ASSISTANCE_VALUES = {
    "lt1": "lt1",
    "<1": "lt1",
    "1to3": "1to3",
    "1-3": "1to3",
    "gt3": "gt3",
    ">3": "gt3",
}
YES_NO = {"ja": True, "j": True, "yes": True, "1": True, "nej": False, "n": False, "no": False}
YES_NO |= {"0": False, "true": True, "false": False}
LEVEL_VALUES = {"1": 1, "2": 2, "3": 3}

COLUMN_DESCRIPTIONS = {
    "org_number": _l("Anordnarens organisationsnummer, NNNNNN-NNNN."),
    "service": _l("Insatsens kod."),
    "period": _l(
        "Halvåret då deltagarna avslutade insatsen, till exempel 2025H1. Resultatet för "
        "anordnaren, insatsen och halvåret måste redan vara inläst."
    ),
    "age_band": _l("Åldersgrupp när personen anvisades: 18-24, 25-29, 30-49 eller 50+."),
    "assistance": _l(
        "Hur länge personen hade haft ekonomiskt bistånd när den anvisades: lt1 (kortare "
        "än 1 år), 1to3 (1–3 år) eller gt3 (längre än 3 år)."
    ),
    "newcomer": _l("ja om personen hade varit i Sverige kortare än 3 år, annars nej."),
    "level": _l(
        "Handläggarens bedömning vid anvisningen: 1 (nära arbetsmarknaden), 2 (en bit "
        "från) eller 3 (långt från)."
    ),
    "completed": _l("Antal deltagare i gruppen som avslutade insatsen under halvåret."),
    "successes": _l(
        "Hur många av dem som var i arbete eller studier sex månader efter insatsen. "
        "Högst lika många som avslutade."
    ),
}


def build_template() -> str:
    """Return the downloadable template: Swedish header and two example rows, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column.swedish for column in COLUMNS)
    # An organisation number no provider has: a forgotten example row is refused.
    writer.writerow(["559000-0005", "MATCH-1", "2025H1", "18-24", "lt1", "nej", "1", "12", "6"])
    writer.writerow(["559000-0005", "MATCH-1", "2025H1", "30-49", "gt3", "ja", "2", "28", "9"])
    return "\ufeff" + buffer.getvalue()
