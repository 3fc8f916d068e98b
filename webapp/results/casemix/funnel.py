"""The staff's funnel plot: each provider's actual minus expected share against its size.

Under the null hypothesis that a provider does exactly as expected for its people,
its actual share varies around the expected one by about sqrt(p(1 − p)/n), with p
the service's share for everyone in the same half-year groups and n the provider's
participants. The limits at 1.96 (95 %) and 3.09 (99.8 %) of that narrow as n grows:
a funnel. A point outside the 99.8 % limits is very unlikely to be chance; between
the 95 % and 99.8 % limits it is worth a look. Everything here is pure: the figure's
coordinates are computed here, so the template only draws them.
"""

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from webapp.core.activelocale import lazy_gettext as _l

Z_95 = 1.959963984540054
Z_998 = 3.090232306167813

# The figure's size and margins, in SVG units.
WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 56


class Position(StrEnum):
    """Where a provider's point lies against the limits."""

    ABOVE_998 = "above_998"
    ABOVE_95 = "above_95"
    INSIDE = "inside"
    BELOW_95 = "below_95"
    BELOW_998 = "below_998"


POSITION_LABELS = {
    # I18N: Where a provider lies in the funnel plot.
    Position.ABOVE_998: _l("Över gränsen för 99,8 procent"),
    # I18N: Where a provider lies in the funnel plot.
    Position.ABOVE_95: _l("Över gränsen för 95 procent"),
    # I18N: Where a provider lies in the funnel plot.
    Position.INSIDE: _l("Inom gränserna"),
    # I18N: Where a provider lies in the funnel plot.
    Position.BELOW_95: _l("Under gränsen för 95 procent"),
    # I18N: Where a provider lies in the funnel plot.
    Position.BELOW_998: _l("Under gränsen för 99,8 procent"),
}


def half_width(share: float, participants: int, z: float) -> float:
    """Return how far from expected a share may lie by chance, at z, for n participants."""
    return z * math.sqrt(share * (1 - share) / participants)


def place(difference: float, share: float, participants: int) -> Position:
    """Return where actual minus expected lies against the 95 % and 99.8 % limits."""
    inner = half_width(share, participants, Z_95)
    outer = half_width(share, participants, Z_998)
    if difference > outer:
        return Position.ABOVE_998
    if difference > inner:
        return Position.ABOVE_95
    if difference < -outer:
        return Position.BELOW_998
    if difference < -inner:
        return Position.BELOW_95
    return Position.INSIDE


@dataclass(frozen=True)
class FunnelPoint:
    """One provider in the funnel: its size, actual and expected shares, and where it lies."""

    number: int  # its label in the figure and the table
    provider_id: int
    name: str
    participants: int
    actual: float
    expected: float
    position: Position
    x: float = 0.0
    y: float = 0.0

    @property
    def difference(self) -> float:
        """Return actual minus expected, as a share."""
        return self.actual - self.expected

    @property
    def difference_points(self) -> float:
        """Return actual minus expected in percentage points, to a tenth."""
        return round(self.difference * 100, 1)


@dataclass(frozen=True)
class Tick:
    """A labelled grid line: where it is drawn and what it says."""

    at: float
    label: str


@dataclass(frozen=True)
class FunnelPlot:
    """The figure: points and limit lines in SVG coordinates, with axes' ticks."""

    points: list[FunnelPoint]
    share: float  # the service's share for everyone in the same groups
    limits: dict[str, str]  # "upper_95", …: SVG polyline points
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    zero: float  # y of "as expected"
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def nice_step(span: float, count: int = 5) -> float:
    """Return a round step (1, 2 or 5 × 10^k) giving about count intervals over span."""
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def build_plot(points: list[FunnelPoint], share: float, minimum: int) -> FunnelPlot:
    """Lay out the funnel: axes that hold every point, limits from the minimum group size up."""
    largest = max(point.participants for point in points)
    x_step = nice_step(largest)
    x_max = x_step * math.ceil(largest * 1.05 / x_step)
    widest = max(abs(point.difference) for point in points)
    y_max = max(0.2, math.ceil(widest * 10 + 0.5) / 10)

    def to_x(participants: float) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * participants / x_max, 1)

    def to_y(difference: float) -> float:
        clipped = max(-y_max, min(y_max, difference))
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (y_max - clipped) / (2 * y_max), 1)

    start = max(minimum, 1)
    steps = [start + (x_max - start) * i / 60 for i in range(61)]

    def line(z: float, sign: int) -> str:
        return " ".join(f"{to_x(n)},{to_y(sign * half_width(share, n, z))}" for n in steps)

    limits = {
        "upper_95": line(Z_95, 1),
        "lower_95": line(Z_95, -1),
        "upper_998": line(Z_998, 1),
        "lower_998": line(Z_998, -1),
    }
    placed = [
        replace(point, x=to_x(point.participants), y=to_y(point.difference)) for point in points
    ]
    y_step = 0.1
    y_ticks = [
        Tick(to_y(k * y_step), f"{round(k * y_step * 100):+d}".replace("+0", "0").replace("-", "−"))
        for k in range(-round(y_max / y_step), round(y_max / y_step) + 1)
    ]
    x_ticks = [Tick(to_x(k * x_step), str(int(k * x_step))) for k in range(int(x_max / x_step) + 1)]
    return FunnelPlot(placed, share, limits, x_ticks, y_ticks, to_y(0.0))
