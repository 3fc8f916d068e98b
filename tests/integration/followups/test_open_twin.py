"""The SQL twin of "a follow-up awaits closing" selects exactly what the Python rule says."""

from datetime import date
from itertools import combinations

from sqlmodel import select

from tests.factories.followups import make_follow_up
from webapp.followups.models import FollowUp
from webapp.followups.rules import is_open, open_sql
from webapp.followups.vocab import VERDICTS

# Two terms of the matching scheme in force on 2 November 2026 (seeded).
TERMS = ("5.1", "6.3")


def test_open_sql_agrees_with_is_open(db_session):
    made = []
    for first, second in combinations([*VERDICTS, *VERDICTS], 2):
        for closed in (None, date(2026, 11, 20)):
            deadline = date(2027, 1, 31)
            findings = (
                (TERMS[0], first, deadline if first == "demand" else None),
                (TERMS[1], second, deadline if second == "demand" else None),
            )
            made.append(make_follow_up(db_session, findings=findings, closed_on=closed))
    ids = [f.id for f in made]
    selected = set(db_session.exec(select(FollowUp.id).where(FollowUp.id.in_(ids), open_sql())))
    expected = {f.id for f in made if is_open(f)}
    assert selected == expected
    assert expected and set(ids) - expected, "the cases cover both answers"
