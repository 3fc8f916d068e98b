"""Whether a provider was authorized during published half-years (valid_until is exclusive)."""

from datetime import date

import pytest

from webapp.results.public_record import AuthorizationSpan, was_authorized


def span(valid_from: date, valid_until: date | None = None) -> AuthorizationSpan:
    return AuthorizationSpan(1, 1, valid_from, valid_until)


@pytest.mark.parametrize(
    ("spans", "periods", "expected"),
    [
        ([span(date(2022, 1, 1))], ["2025H1"], True),  # open-ended
        ([span(date(2025, 6, 30))], ["2025H1"], True),  # from the last day
        ([span(date(2025, 7, 1))], ["2025H1"], False),  # from the day after
        ([span(date(2024, 1, 1), date(2025, 1, 2))], ["2025H1"], True),  # ends on day 2
        ([span(date(2024, 1, 1), date(2025, 1, 1))], ["2025H1"], False),  # ended before it
        ([span(date(2024, 1, 1), date(2025, 1, 1))], ["2025H1", "2024H2"], True),  # any period
        ([span(date(2020, 1, 1), date(2021, 1, 1)), span(date(2025, 3, 1))], ["2025H1"], True),
        ([], ["2025H1"], False),
        ([span(date(2022, 1, 1))], [], False),
    ],
)
def test_was_authorized_when_any_period_overlaps_any_half_year(spans, periods, expected):
    assert was_authorized(spans, periods) is expected
