"""Headline windows: the latest published half-year and the one before it if published too."""

import pytest

from webapp.results.windows import headline_window, union_window


@pytest.mark.parametrize(
    ("published", "window"),
    [
        ([], ()),
        (["2025H1"], ("2025H1",)),
        (["2024H1", "2024H2", "2025H1", "2025H2"], ("2025H1", "2025H2")),
        (["2025H2", "2025H1"], ("2025H1", "2025H2")),
        # The half-year before the latest is not published: six months, not two years apart.
        (["2024H2", "2025H2"], ("2025H2",)),
        (["2025H1", "2025H2", "2026H1"], ("2025H2", "2026H1")),
    ],
)
def test_headline_window(published, window):
    assert headline_window(published) == window


def test_union_window_is_every_services_half_years_oldest_first():
    windows = {1: ("2025H1", "2025H2"), 2: ("2025H2", "2026H1"), 3: ("2025H2",)}
    assert union_window(windows) == ("2025H1", "2025H2", "2026H1")
    assert union_window({}) == ()
