"""Shares print exactly as Babel prints them, though only the rounded ones are formatted."""

import random
from fractions import Fraction

from babel.numbers import format_percent

from webapp.core.config import LANGUAGES
from webapp.core.templating import _percent_in, whole_percent


def shares() -> list[float]:
    """Shares as the site computes them, halves and near-halves included."""
    found = [0.0, 1.0, 0.005, 0.015, 0.125, 0.285, 0.295, 0.5, 0.995, 0.9949999]
    found += [float(Fraction(part, whole)) for whole in range(1, 301) for part in range(whole + 1)]
    found += [k / 200 for k in range(201)]  # every half per cent
    rng = random.Random(15)
    found += [rng.random() for _ in range(5000)]
    return found


def test_every_share_prints_as_babel_prints_it():
    for lang in LANGUAGES:
        for share in shares():
            assert _percent_in(lang, whole_percent(share)) == format_percent(share, locale=lang)


def test_there_are_only_whole_per_cents_to_keep():
    assert len({whole_percent(share) for share in shares()}) == 101
