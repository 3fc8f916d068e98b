"""Results for a group of people: shown only with enough people in it and outside it, and
never the only hidden cell of a service and half-year."""

from webapp.results.casemix.people import (
    GroupCell,
    hide_to_protect,
    is_group_shown,
    is_protected,
    tally_group,
)
from webapp.results.casemix.strata import Group, Stratum, in_group, read_group
from webapp.results.statistics import Tally


def cell(provider: int, total: int, completed: int, successes: int = 0, period="2025H1"):
    """Return a group's cell of one provider in MATCH-1 (service 1)."""
    return GroupCell(provider, 1, period, total, completed, successes)


def test_a_group_needs_the_minimum_in_it_and_outside_it():
    assert is_group_shown(10, 20, 10)
    assert not is_group_shown(9, 40, 10)  # too few in the group
    assert not is_group_shown(35, 40, 10)  # too few outside it: subtraction would show them
    assert not is_group_shown(0, 30, 10)
    assert not is_group_shown(30, 30, 10)  # everyone: the group is the whole, nobody outside


def test_one_hidden_cell_is_never_left_alone():
    cells = [cell(1, 40, 4), cell(2, 40, 15), cell(3, 50, 20), cell(4, 60, 30)]
    shown = hide_to_protect(cells, 10)
    # Provider 1 is hidden for having 4 in the group; the fewest of the rest (15) goes too.
    assert shown == {(3, 1, "2025H1"), (4, 1, "2025H1")}


def test_hidden_cells_are_added_to_until_both_sides_reach_the_minimum():
    # Two hidden cells with 3 + 2 in the group: still fewer than ten together.
    cells = [cell(1, 30, 3), cell(2, 30, 2), cell(3, 40, 12), cell(4, 40, 20)]
    shown = hide_to_protect(cells, 10)
    assert shown == {(4, 1, "2025H1")}
    hidden = [c for c in cells if (c.provider_id, 1, "2025H1") not in shown]
    assert is_protected(hidden, 10)


def test_the_people_outside_hidden_groups_count_too():
    # Both hidden for too few outside; together only 2 + 3 are outside.
    cells = [cell(1, 30, 28), cell(2, 30, 27), cell(3, 40, 20), cell(4, 45, 25)]
    shown = hide_to_protect(cells, 10)
    assert shown == {(4, 1, "2025H1")}


def test_nothing_hidden_hides_nothing_more():
    cells = [cell(1, 40, 12), cell(2, 40, 15)]
    assert hide_to_protect(cells, 10) == {(1, 1, "2025H1"), (2, 1, "2025H1")}
    assert is_protected([], 10)


def test_each_half_year_is_protected_on_its_own():
    cells = [
        cell(1, 40, 4, period="2025H1"),
        cell(2, 40, 15, period="2025H1"),
        cell(1, 40, 12, period="2025H2"),
        cell(2, 40, 15, period="2025H2"),
    ]
    shown = hide_to_protect(cells, 10)
    assert shown == {(1, 1, "2025H2"), (2, 1, "2025H2")}


def test_a_half_year_with_too_few_cells_hides_them_all():
    assert hide_to_protect([cell(1, 40, 4), cell(2, 60, 30)], 10) == set()
    assert hide_to_protect([cell(1, 40, 4)], 10) == set()


def test_a_tally_brings_shown_counts_and_the_number_hidden():
    cells = [cell(1, 40, 15, 6), cell(2, 40, 4, 1), cell(3, 40, 20, 9)]
    shown = {(1, 1, "2025H1"), (3, 1, "2025H1")}
    assert tally_group(cells, shown) == Tally("2025H1", 35, 15, 1)


def test_groups_are_read_from_the_address_and_unknown_ones_mean_everyone():
    assert read_group("18-24") is Group.YOUNG
    assert read_group("newcomers") is Group.NEWCOMERS
    assert read_group(None) is Group.ALL
    assert read_group("children") is Group.ALL
    young = Stratum("18-24", "gt3", True, 3)
    assert in_group(young, Group.YOUNG) and in_group(young, Group.NEWCOMERS)
    assert not in_group(Stratum("25-29", "lt1", False, 1), Group.NEWCOMERS)
    assert in_group(Stratum("50+", "lt1", False, 1), Group.ALL)
