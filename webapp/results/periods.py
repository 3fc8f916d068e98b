"""Half-year periods written as '2025H1' and '2025H2'."""

import re
from datetime import date

_PATTERN = re.compile(r"^([0-9]{4})H([12])$")


def parse_period(text: str) -> tuple[int, int] | None:
    """Return (year, half) for a well-formed period, else None."""
    match = _PATTERN.match(text.strip().upper())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def _require_period(period: str) -> tuple[int, int]:
    parsed = parse_period(period)
    if parsed is None:
        raise ValueError(f"not a half-year: {period!r}")
    return parsed


def previous_period(period: str) -> str:
    """Return the half-year before the given one."""
    year, half = _require_period(period)
    return f"{year}H1" if half == 2 else f"{year - 1}H2"


def period_bounds(period: str) -> tuple[date, date]:
    """Return the first and last day of a half-year."""
    year, half = _require_period(period)
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def next_period(period: str) -> str:
    """Return the half-year after the given one."""
    year, half = _require_period(period)
    return f"{year}H2" if half == 1 else f"{year + 1}H1"


def consecutive_runs(periods) -> list[tuple[str, str]]:
    """Split half-years into runs that follow each other: [(first, last), …], oldest first."""
    runs: list[list[str]] = []
    for period in sorted(set(periods)):
        if runs and next_period(runs[-1][1]) == period:
            runs[-1][1] = period
        else:
            runs.append([period, period])
    return [(first, last) for first, last in runs]
