"""When a half-year may be published, and which half-years the publishing page lists."""

from datetime import date

import pytest

from webapp.results.publication import (
    Refusal,
    check_publish,
    has_ended,
    latest_ended,
    periods_between,
)


@pytest.mark.parametrize(
    ("period", "today", "ended"),
    [
        ("2026H1", date(2026, 6, 30), False),
        ("2026H1", date(2026, 7, 1), True),
        ("2025H2", date(2025, 12, 31), False),
        ("2025H2", date(2026, 1, 1), True),
    ],
)
def test_a_half_year_has_ended_the_day_after_its_last(period, today, ended):
    assert has_ended(period, today) is ended


@pytest.mark.parametrize(
    ("published", "period", "stored", "refusal"),
    [
        (False, "2026H1", 3, None),
        (True, "2026H1", 3, Refusal.ALREADY_PUBLISHED),
        (False, "2026H2", 3, Refusal.NOT_ENDED),
        (False, "2026H1", 0, Refusal.NO_RESULTS),
    ],
)
def test_check_publish(published, period, stored, refusal):
    today = date(2026, 11, 22)
    assert check_publish(period=period, today=today, stored=stored, published=published) == refusal


@pytest.mark.parametrize(
    ("today", "latest"),
    [(date(2026, 11, 22), "2026H1"), (date(2026, 6, 30), "2025H2"), (date(2026, 7, 1), "2026H1")],
)
def test_latest_ended(today, latest):
    assert latest_ended(today) == latest


def test_periods_between_newest_first():
    assert periods_between("2024H2", "2025H2") == ["2025H2", "2025H1", "2024H2"]
    assert periods_between("2025H2", "2025H2") == ["2025H2"]
    assert periods_between("2026H1", "2025H2") == []
