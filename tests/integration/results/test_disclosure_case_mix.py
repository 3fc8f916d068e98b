"""The case-mix figures give no hidden count away either, alone or with everything else.

The outsider of test_disclosure_attack also reads the strata rates (every pool's
participants and successes per service and half-year), the actual counts beside
every expected share, and each provider's results for 18–24-year-olds and for
newcomers, on the demo data and on generated data, over the same three releases.
Together with every other published number, no linear combination may determine:

- any count the original attack protects (a hidden half-year, its survey answers);
- a group's counts in a half-year group where the group, or everyone outside it,
  is fewer than the minimum (the cell is hidden, and so must be what it hides);
- any "atom" of a half-year group with fewer than the minimum people in it: a
  provider's people in one pool and one corner of young × newcomer.

The expected share is rounded, so it is checked to tell the truth instead.
"""

from fractions import Fraction

import pytest

from tests.integration.results import case_mix_data as data
from tests.integration.results.published import collect, label_decoder, read_equations
from tests.integration.results.published_case_mix import (
    atom_field,
    collect_case_mix,
    read_case_mix_equations,
)
from tests.integration.results.test_disclosure_attack import (
    NEW_HALF_YEAR,
    SERVICES,
    Span,
    fixed_day,  # noqa: F401  (the same day as the attack)
    generate,
    hidden_variables,
    public_slugs,
    report_new_half_year,
    stored_cells,
    true_value,
    withdraw_half_year,
)
from webapp.core.db import get_session
from webapp.results.casemix.people import GroupCell, hide_to_protect


def report_with_strata(session) -> None:
    """Store and publish 2026H1 of MATCH-1 for a few providers, with strata that add up."""
    report_new_half_year(session, 7, 10)
    session.commit()
    data.regenerate_strata(session, 71, period=NEW_HALF_YEAR)


RELEASES = [None, report_with_strata, withdraw_half_year]


def attack(app, client, session, steps):
    """Publish, read everything, and return the equations, the truth and what must stay hidden."""
    minimum = app.config["MIN_GROUP_SIZE"]
    periods = ["2023H1", "2023H2", "2024H1", "2024H2", "2025H1", "2025H2", NEW_HALF_YEAR]
    decoder = label_decoder(app, periods)
    trend_labels = {label: found[0] for label, found in decoder.items() if len(found) == 1}
    equations, targets, truth, pool_structure = [], [], {}, {}
    for number, step in enumerate(steps):
        if step is not None:
            step(session)
            session.commit()
        tag = f"release {number + 1}"
        slugs = public_slugs(client)
        release = collect(client, services=SERVICES, slugs=slugs)
        found, _suppressed = read_equations(
            release,
            decoder=decoder,
            trend_labels=trend_labels,
            services=SERVICES,
            slugs=slugs,
            tag=tag,
        )
        equations += found
        case_mix = collect_case_mix(client, services=SERVICES, slugs=slugs)
        cells, strata = stored_cells(session), data.stored_strata(session)
        published = {(i["provider"], i["service"], i["period"]) for i in release.api_cells}
        parts = data.taking_part(cells, strata, published, minimum)
        atoms = case_mix.atoms()
        for key, found_atoms in atoms.items():
            # A half-year's pools depend on its own data only: the same in every release.
            assert pool_structure.setdefault(key, found_atoms) == found_atoms, key
        equations += read_case_mix_equations(
            case_mix, decoder=decoder, taking_part=parts, services=SERVICES, slugs=slugs, tag=tag
        )
        values = data.atom_values(strata, parts, data.pools_of(case_mix))
        truth.update(values)
        targets += data.case_mix_targets(strata, parts, atoms, minimum)
        targets += [{var: Fraction(1)} for var in data.small_atoms(values, minimum)]
        check_expected_shares(case_mix, cells, strata, parts, data.pools_of(case_mix))
    cells = stored_cells(session)
    targets += [{var: Fraction(1)} for var in hidden_variables(cells, minimum)]
    return equations, targets, cells, truth, atoms


def check_expected_shares(case_mix, cells, strata, parts, pools) -> None:
    """Every published expected share is the exact one, from the published rates, rounded."""
    rates = {
        (item["service"], item["period"], item["stratum"]["code"]): item["pool"]["rate"]
        for item in case_mix.strata
    }
    for item in case_mix.expected:
        result = item["result"]
        if not result or result["suppressed"]:
            continue
        expected = people = 0
        for period in result["half_years"]:
            key = (item["provider"], item["service"], period)
            assert key in parts, key
            for row in strata[key]:
                code = data.Stratum(row.age_band, row.assistance, row.newcomer, row.level).code
                expected += row.completed * rates[(item["service"], period, code)]
                people += row.completed
        assert people == result["participants"]
        assert abs(expected / people - result["expected_share"]) <= 0.005 + 1e-9, item


def value_of(var, cells, truth) -> int:
    """Return a variable's stored value: a half-year's count or an atom's."""
    if var[3] in ("c", "w", "u", "r", "s", "l", "m"):
        return true_value(cells, var)
    return truth.get(var, 0)


def check(equations, targets, cells, truth) -> None:
    """Labels tell the truth, and no target is determined by the equations together."""
    for equation in equations:
        computed = sum(c * value_of(var, cells, truth) for var, c in equation.terms.items())
        assert computed == equation.value, equation.source
    span = Span()
    for equation in equations:
        span.add(equation.terms)
    found = [target for target in targets if not span.reduce(target)]
    assert found == [], f"{len(found)} hidden figures recovered, e.g. {found[:3]}"


def test_demo_data_gives_no_group_or_stratum_away(app, rollback):
    client = app.test_client()
    with app.app_context():
        session = get_session()
        equations, targets, cells, truth, _atoms = attack(app, client, session, RELEASES)
        assert any(len(t) > 1 for t in targets)  # the demo has hidden groups to protect
        assert any(v[3].endswith("|s") for t in targets for v in t if len(t) == 1)
        check(equations, targets, cells, truth)


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_data_gives_no_group_or_stratum_away(app, rollback, seed):
    client = app.test_client()
    with app.app_context():
        session = get_session()
        generate(session, seed, app.config["MIN_GROUP_SIZE"])
        session.commit()
        data.regenerate_strata(session, seed)
        session.commit()
        equations, targets, cells, truth, _atoms = attack(app, client, session, RELEASES)
        check(equations, targets, cells, truth)


def corner(atoms, key, name: str, newcomer: bool) -> dict:
    """Return the sum of a half-year group's atoms of newcomers (or the others) as terms."""
    return {
        (*key, atom_field(atom, name)): Fraction(1)
        for atom in atoms[key[1:]]
        if atom[2] is newcomer
    }


def test_the_attack_finds_a_group_published_without_the_complement_rule(app, rollback):
    """The attack can fail: publishing newcomers' result where too few others finished
    with them gives the others' result away, by subtraction from the half-year's."""
    client = app.test_client()
    minimum = app.config["MIN_GROUP_SIZE"]
    with app.app_context():
        session = get_session()
        equations, _targets, _cells, truth, atoms = attack(app, client, session, [None])
        strata = data.stored_strata(session)
        key = next(
            key
            for key, rows in sorted(strata.items())
            if any(var[:3] == key for var in truth)
            and sum(r.completed for r in rows if r.newcomer) >= minimum
            and 0 < sum(r.completed for r in rows if not r.newcomer) < minimum
        )
        span = Span()
        for equation in equations:
            span.add(equation.terms)
        others = corner(atoms, key, "s", newcomer=False)
        assert span.reduce(others), "as published, the others' successes stay hidden"
        span.add(corner(atoms, key, "c", newcomer=True))
        span.add(corner(atoms, key, "s", newcomer=True))
        assert not span.reduce(others)


def test_a_lone_hidden_group_would_be_found_without_the_second_step():
    """Where the strata rates add up to a whole group, the shown cells taken from that total
    leave the hidden ones: one alone would be found; the rule hides a second with it."""
    cells = [GroupCell(p, 1, "2025H1", 40, size, 0) for p, size in ((1, 4), (2, 15), (3, 22))]
    total = sum(c.completed for c in cells)

    def determined(shown_providers) -> bool:
        span = Span()
        span.add({("g", c.provider_id): Fraction(1) for c in cells})  # the pools' total
        for provider in shown_providers:
            span.add({("g", provider): Fraction(1)})
        return span.determines(("g", 1))

    assert total == 41
    assert determined([2, 3])  # step 1 alone: provider 1's four people are found
    shown = {key[0] for key in hide_to_protect(cells, 10)}
    assert shown == {3}
    assert not determined(shown)
