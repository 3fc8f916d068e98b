"""Strata for the disclosure tests: stored, generated to add up, and what must stay hidden."""

import random
from collections import defaultdict
from fractions import Fraction

from sqlmodel import select

from tests.factories import scene
from tests.integration.results.published_case_mix import GROUPS, atom_field, in_group
from webapp.catalog.models import Service
from webapp.providers.models import Provider
from webapp.results.casemix.models import CaseMixCount
from webapp.results.casemix.strata import Stratum, all_strata
from webapp.results.models import Result

# A few strata, so that generated half-years share them and pools of every kind form.
PALETTE = [
    Stratum("18-24", "lt1", False, 1),
    Stratum("18-24", "1to3", True, 2),
    Stratum("18-24", "gt3", False, 3),
    Stratum("25-29", "lt1", False, 1),
    Stratum("25-29", "gt3", True, 3),
    Stratum("30-49", "lt1", False, 1),
    Stratum("30-49", "1to3", False, 2),
    Stratum("30-49", "1to3", True, 2),
    Stratum("30-49", "gt3", True, 3),
    Stratum("50+", "1to3", False, 2),
    Stratum("50+", "gt3", True, 3),
]
RARE = [s for s in all_strata() if s not in PALETTE]


def stored_strata(session) -> dict[tuple[str, str, str], list[CaseMixCount]]:
    """Return every stored stratum row by (provider slug, service code, half-year)."""
    statement = (
        select(Provider.slug, Service.code, CaseMixCount)
        .join(Provider, Provider.id == CaseMixCount.provider_id)
        .join(Service, Service.id == CaseMixCount.service_id)
    )
    found = defaultdict(list)
    for slug, code, row in session.exec(statement):
        found[(slug, code, row.period)].append(row)
    return dict(found)


def split_strata(rng: random.Random, completed: int, successes: int) -> dict[Stratum, list]:
    """Spread people over a few strata (mostly the palette) and their successes among them."""
    count = rng.randint(1, 6)
    chosen = rng.sample(PALETTE, min(count, len(PALETTE)))
    if rng.random() < 0.3:
        chosen.append(rng.choice(RARE))
    people = [rng.choice(chosen) for _ in range(completed)]
    succeeded = set(rng.sample(range(completed), successes))
    strata: dict[Stratum, list] = {}
    for index, stratum in enumerate(people):
        pair = strata.setdefault(stratum, [0, 0])
        pair[0] += 1
        pair[1] += index in succeeded
    return strata


def replace_strata(writer, row: Result, rng: random.Random) -> None:
    """Give a stored result new strata that add up to it (none when nobody completed)."""
    for old in writer.exec(
        select(CaseMixCount).where(
            CaseMixCount.provider_id == row.provider_id,
            CaseMixCount.service_id == row.service_id,
            CaseMixCount.period == row.period,
        )
    ):
        writer.delete(old)
    writer.flush()
    if row.completed == 0:
        return
    successes = row.in_work + row.in_studies
    for stratum, (completed, succeeded) in split_strata(rng, row.completed, successes).items():
        writer.add(
            CaseMixCount(
                provider_id=row.provider_id,
                service_id=row.service_id,
                period=row.period,
                age_band=stratum.age_band,
                assistance=stratum.assistance,
                newcomer=stratum.newcomer,
                level=stratum.level,
                completed=completed,
                in_work_or_studies=succeeded,
            )
        )


def regenerate_strata(session, seed: int, *, period: str | None = None) -> None:
    """Give every stored result (or those of one half-year) strata that add up to it."""
    rng = random.Random(seed)
    with scene(session) as writer:
        statement = select(Result).order_by(Result.id)
        if period is not None:
            statement = statement.where(Result.period == period)
        for row in writer.exec(statement).all():
            replace_strata(writer, row, rng)


def taking_part(cells: dict, strata: dict, published: set, minimum: int) -> set:
    """Return the published half-year groups that are shown and whose strata add up."""
    found = set()
    for key, row in cells.items():
        rows = strata.get(key, [])
        if key not in published or row.completed < max(minimum, 1):
            continue
        if (row.completed, row.in_work + row.in_studies) == (
            sum(r.completed for r in rows),
            sum(r.in_work_or_studies for r in rows),
        ):
            found.add(key)
    return found


def atom_of(row: CaseMixCount, code: str, pools: dict) -> tuple:
    """Return the atom a stored stratum row of a service belongs to, by its published pool."""
    stratum = Stratum(row.age_band, row.assistance, row.newcomer, row.level)
    pool = pools[(code, row.period, stratum.code)]
    return (pool, row.age_band == "18-24", row.newcomer)


def pools_of(release) -> dict:
    """Map (service, half-year, stratum code) to its pool code, from one release's strata."""
    return {
        (item["service"], item["period"], item["stratum"]["code"]): item["pool"]["code"]
        for item in release.strata
    }


def atom_values(strata: dict, parts: set, pools: dict) -> dict:
    """Return every atom variable's stored value for the groups that take part."""
    values: dict = defaultdict(int)
    for key in parts:
        for row in strata.get(key, []):
            atom = atom_of(row, key[1], pools)
            values[(*key, atom_field(atom, "c"))] += row.completed
            values[(*key, atom_field(atom, "s"))] += row.in_work_or_studies
    return values


def case_mix_targets(strata: dict, parts: set, atoms: dict, minimum: int) -> list[dict]:
    """Return what must never be determined: small groups, their complements, small atoms.

    A group whose cell is hidden for being too small (or its complement too small)
    and every atom of a half-year group with fewer than the minimum people in it.
    """
    targets = []
    for key in sorted(parts):
        rows = strata.get(key, [])
        total = sum(r.completed for r in rows)
        service_atoms = atoms.get(key[1:], set())
        for group in GROUPS:
            members = [a for a in service_atoms if in_group(a, group)]
            size = sum(
                r.completed
                for r in rows
                if (r.age_band == "18-24" if group == "18-24" else r.newcomer)
            )
            if size >= minimum and total - size >= minimum:
                continue
            outside = service_atoms - set(members)
            if not members or not outside:
                # Nobody in the municipality is on one side: the published pools say so,
                # and the other side is the whole half-year group, which is shown.
                continue
            for name in ("c", "s"):
                targets.append({(*key, atom_field(a, name)): Fraction(1) for a in members})
                targets.append({(*key, atom_field(a, name)): Fraction(1) for a in outside})
    return targets


def small_atoms(values: dict, minimum: int) -> list:
    """Return the atom variables of atoms with people in them, but fewer than the minimum."""
    small = []
    for var, value in values.items():
        if var[3].endswith("|c") and 0 < value < minimum:
            small += [var, (*var[:3], var[3][:-1] + "s")]
    return small
