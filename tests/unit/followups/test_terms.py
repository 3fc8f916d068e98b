"""Authorization terms: which version applies on a day, and when a version may be saved."""

from datetime import date

import pytest

from webapp.followups.models import TermsVersion
from webapp.followups.terms import (
    Refusal,
    TermDraft,
    TermsDraft,
    first_free_day,
    last_day_in_force,
    phase_of,
    save_refusal,
    version_in_force,
)

V2024 = TermsVersion(id=1, scheme_id=1, valid_from=date(2024, 1, 1), document="2024")
V2026 = TermsVersion(id=2, scheme_id=1, valid_from=date(2026, 1, 1), document="2026")
V2027 = TermsVersion(id=3, scheme_id=1, valid_from=date(2027, 1, 1), document="2027")
VERSIONS = [V2026, V2024, V2027]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 12, 31), None),
        (date(2024, 1, 1), V2024),
        (date(2025, 12, 31), V2024),
        (date(2026, 1, 1), V2026),
        (date(2027, 6, 1), V2027),
    ],
)
def test_the_version_in_force_is_the_latest_started(day, expected):
    assert version_in_force(VERSIONS, day) is expected


def test_a_version_lasts_until_the_next_starts():
    assert last_day_in_force(V2024, VERSIONS) == date(2025, 12, 31)
    assert last_day_in_force(V2027, VERSIONS) is None


def test_phases():
    today = date(2026, 11, 22)
    assert [phase_of(v, VERSIONS, today) for v in (V2024, V2026, V2027)] == [
        "ended",
        "current",
        "coming",
    ]


def terms_draft(valid_from=date(2027, 6, 1), references=("1.1", "2.1")) -> TermsDraft:
    """Return a draft with terms of these references."""
    return TermsDraft(
        valid_from=valid_from,
        document="Villkor",
        document_url="",
        terms=tuple(TermDraft(r, f"Villkor {r}") for r in references),
    )


def test_a_new_version_after_every_recorded_follow_up_may_be_saved():
    assert (
        save_refusal(terms_draft(), other_days=[], last_held=date(2026, 11, 2), in_use=False)
        is None
    )
    assert first_free_day(date(2026, 11, 2)) == date(2026, 11, 3)


@pytest.mark.parametrize(
    ("draft", "kwargs", "refusal"),
    [
        (terms_draft(), {"in_use": True}, Refusal.IN_USE),
        (terms_draft(references=()), {}, Refusal.NO_TERMS),
        (terms_draft(references=("4.2", "4.2")), {}, Refusal.REFERENCE_TWICE),
        (
            terms_draft(valid_from=date(2026, 11, 2)),
            {"last_held": date(2026, 11, 2)},
            Refusal.BEFORE_RECORDED_FOLLOW_UP,
        ),
        (
            terms_draft(valid_from=date(2027, 1, 1)),
            {"other_days": [date(2027, 1, 1)]},
            Refusal.DAY_TAKEN,
        ),
    ],
    ids=["in-use", "no-terms", "reference-twice", "before-follow-up", "day-taken"],
)
def test_a_version_is_refused_when(draft, kwargs, refusal):
    args = {"other_days": [], "last_held": None, "in_use": False, **kwargs}
    assert save_refusal(draft, **args) is refusal
