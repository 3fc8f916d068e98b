"""The characteristics recorded at referral that make up a stratum, and the groups people pick.

A stratum combines four facts the municipality records when it refers a person,
before any provider is involved: age band, time on social assistance, newcomer
(less than three years in Sweden) or not, and the caseworker's assessed level
(distance from the labour market: 1 near, 2 some way, 3 far). Counts are stored
per stratum; no row ever describes a person.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, true

from webapp.core.activelocale import lazy_gettext as _l

AGE_BANDS = {
    # I18N: An age band of participants.
    "18-24": _l("18–24 år"),
    # I18N: An age band of participants.
    "25-29": _l("25–29 år"),
    # I18N: An age band of participants.
    "30-49": _l("30–49 år"),
    # I18N: An age band of participants.
    "50+": _l("50 år eller äldre"),
}
ASSISTANCE_BANDS = {
    # I18N: Time a participant had received social assistance when referred.
    "lt1": _l("kortare än 1 år"),
    # I18N: Time a participant had received social assistance when referred.
    "1to3": _l("1–3 år"),
    # I18N: Time a participant had received social assistance when referred.
    "gt3": _l("längre än 3 år"),
}
LEVELS = {
    # I18N: The caseworker's assessment of a participant's distance from the labour market.
    1: _l("nära arbetsmarknaden"),
    # I18N: The caseworker's assessment of a participant's distance from the labour market.
    2: _l("en bit från arbetsmarknaden"),
    # I18N: The caseworker's assessment of a participant's distance from the labour market.
    3: _l("långt från arbetsmarknaden"),
}


@dataclass(frozen=True, order=True)
class Stratum:
    """One combination of the four characteristics."""

    age_band: str
    assistance: str
    newcomer: bool
    level: int

    @property
    def code(self) -> str:
        """Return the stratum as one short code, e.g. '18-24/lt1/newcomer/1'."""
        newcomer = "newcomer" if self.newcomer else "not-newcomer"
        return f"{self.age_band}/{self.assistance}/{newcomer}/{self.level}"


def all_strata() -> list[Stratum]:
    """Return every stratum, in the vocabulary's order."""
    return [
        Stratum(age, assistance, newcomer, level)
        for age in AGE_BANDS
        for assistance in ASSISTANCE_BANDS
        for newcomer in (False, True)
        for level in LEVELS
    ]


class Group(StrEnum):
    """The groups a person can pick to see results for people like them."""

    ALL = "all"
    YOUNG = "18-24"
    NEWCOMERS = "newcomers"


GROUP_LABELS = {
    # I18N: A choice of whose results to show: every participant.
    Group.ALL: _l("Alla deltagare"),
    # I18N: A choice of whose results to show: participants aged 18 to 24.
    Group.YOUNG: _l("Deltagare 18–24 år"),
    # I18N: A choice of whose results to show: participants less than three years in Sweden.
    Group.NEWCOMERS: _l("Nyanlända (mindre än 3 år i Sverige)"),
}


def read_group(text: str | None) -> Group:
    """Return the group named in the address; anything else means everyone."""
    try:
        return Group(text or Group.ALL)
    except ValueError:
        return Group.ALL


# --- membership of a group: the rule in Python and in SQL, side by side -------------------


def in_group(stratum: Stratum, group: Group) -> bool:
    """Tell whether the people of a stratum belong to a group."""
    if group is Group.YOUNG:
        return stratum.age_band == "18-24"
    if group is Group.NEWCOMERS:
        return stratum.newcomer
    return True


def in_group_clause(age_band: ColumnElement, newcomer: ColumnElement, group: Group):
    """Return ``in_group`` as an SQL condition on a stratum's columns."""
    if group is Group.YOUNG:
        return age_band == "18-24"
    if group is Group.NEWCOMERS:
        return newcomer.is_(True)
    return true()


def describe_stratum(stratum: Stratum) -> str:
    """Say in words who a stratum's people are, e.g. '18–24 år, bistånd kortare än 1 år, …'."""
    # I18N: Part of a description of a group of participants: less than 3 years in Sweden.
    newcomer = _l("nyanländ") if stratum.newcomer else _l("inte nyanländ")
    return str(
        # I18N: Describes a group of participants: age, time on social assistance, newcomer
        # or not, and the caseworker's assessment, e.g. "18–24 år, bistånd kortare än 1 år,
        # inte nyanländ, nära arbetsmarknaden".
        _l(
            "%(age)s, bistånd %(time)s, %(newcomer)s, %(level)s",
            age=AGE_BANDS[stratum.age_band],
            time=ASSISTANCE_BANDS[stratum.assistance],
            newcomer=newcomer,
            level=LEVELS[stratum.level],
        )
    )
