"""Optional columns that come in pairs: the survey, started and left early, the first meeting.

A file has both columns of a pair or neither, and a row fills in both cells or
neither; then the pair's own rule applies. The numbers are read first
(webapp.results.importing.parse); these checks skip a cell that could not be read.
"""

from collections.abc import Callable

from webapp.core.activelocale import gettext as _
from webapp.results.importing.columns import (
    COLUMN_NAMES,
    FIRST_MEETING_FIELDS,
    LEFT_EARLY_FIELDS,
    SURVEY_FIELDS,
)

PAIRS = (SURVEY_FIELDS, LEFT_EARLY_FIELDS, FIRST_MEETING_FIELDS)


def _header_message(pair: tuple[str, str], column: str, other: str) -> str:
    """Say which column a pair lacks in the header, and that it may go instead."""
    if pair == SURVEY_FIELDS:
        return _(
            "Kolumnerna om enkäten hör ihop: lägg till kolumnen %(column)s, "
            "eller ta bort kolumnen %(other)s.",
            column=column,
            other=other,
        )
    if pair == LEFT_EARLY_FIELDS:
        return _(
            "Kolumnerna om påbörjade och slutade i förtid hör ihop: lägg till kolumnen "
            "%(column)s, eller ta bort kolumnen %(other)s.",
            column=column,
            other=other,
        )
    return _(
        "Kolumnerna om tiden till första mötet hör ihop: lägg till kolumnen %(column)s, "
        "eller ta bort kolumnen %(other)s.",
        column=column,
        other=other,
    )


def _row_message(pair: tuple[str, str]) -> str:
    """Say that a row must fill in both cells of a pair, or neither."""
    if pair == SURVEY_FIELDS:
        return _(
            "Fyll i både antal som svarade på enkäten och antal nöjda, eller lämna båda tomma."
        )
    if pair == LEFT_EARLY_FIELDS:
        return _(
            "Fyll i både antal som påbörjade och antal som slutade i förtid, eller lämna "
            "båda tomma."
        )
    return _(
        "Fyll i både mediantiden till första mötet och antal personer den bygger på, "
        "eller lämna båda tomma."
    )


def check_header_pairs(positions: dict[str, int], header: Callable[[str], str]):
    """Yield (missing column, message) for each pair the header names only half of."""
    for pair in PAIRS:
        present = [name for name in pair if name in positions]
        if len(present) == 1:
            absent = next(name for name in pair if name not in positions)
            message = _header_message(pair, COLUMN_NAMES[absent], header(present[0]))
            yield COLUMN_NAMES[absent], message


def check_pairs(values: dict[str, int | None], raw: dict[str, str], note) -> None:
    """Check each pair the row has: both cells or neither, then the pair's own rule."""
    for pair in PAIRS:
        if not all(name in values for name in pair):
            continue
        empty = [name for name in pair if not raw[name]]
        if len(empty) == 1:
            note(empty[0], _row_message(pair))
            continue
        first, second = (values[name] for name in pair)
        if first is None or second is None:
            continue  # empty, or a cell that could not be read (already noted)
        _check_rule(pair, first, second, values, note)


def _check_rule(pair: tuple[str, str], first: int, second: int, values: dict, note) -> None:
    """Check what ties a filled-in pair's numbers together."""
    if pair == SURVEY_FIELDS and second > first:
        note(
            "survey_satisfied",
            _(
                "Fler nöjda (%(satisfied)s) än som svarade på enkäten (%(respondents)s).",
                satisfied=second,
                respondents=first,
            ),
        )
    elif pair == LEFT_EARLY_FIELDS and second > first:
        note(
            "left_early",
            _(
                "Fler slutade i förtid (%(left)s) än som påbörjade insatsen (%(started)s).",
                left=second,
                started=first,
            ),
        )
    elif pair == FIRST_MEETING_FIELDS:
        started = values.get("started")
        if second == 0:
            note(
                "first_meeting_people",
                _(
                    "En mediantid måste bygga på minst en person. Skriv hur många personer "
                    "mediantiden bygger på, eller lämna båda tomma."
                ),
            )
        elif started is not None and second > started:
            note(
                "first_meeting_people",
                _(
                    "Mediantiden bygger på fler personer (%(people)s) än som påbörjade "
                    "insatsen (%(started)s).",
                    people=second,
                    started=started,
                ),
            )
