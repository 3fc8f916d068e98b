"""The case-mix rules stated twice, in Python and in SQL, agree on every stored row."""

import random

from sqlmodel import select

from tests.factories import scene
from webapp.results.casemix.cells import is_complete, taking_part
from webapp.results.casemix.models import CaseMixCount
from webapp.results.casemix.strata import Group, Stratum, all_strata, in_group, in_group_clause
from webapp.results.models import Result
from webapp.results.statistics import is_shown
from webapp.results.windows import list_published_by_service


def test_group_membership_agrees_in_python_and_sql(session):
    rows = session.exec(select(CaseMixCount)).all()
    strata = {Stratum(r.age_band, r.assistance, r.newcomer, r.level) for r in rows}
    assert len(strata) > len(all_strata()) * 0.8  # the demo covers nearly every stratum
    for group in Group:
        clause = in_group_clause(CaseMixCount.age_band, CaseMixCount.newcomer, group)
        in_sql = set(session.exec(select(CaseMixCount.id).where(clause)))
        in_python = {
            r.id
            for r in rows
            if in_group(Stratum(r.age_band, r.assistance, r.newcomer, r.level), group)
        }
        assert in_sql == in_python, group


def test_taking_part_agrees_with_the_python_rule(app, session):
    rng = random.Random(5)
    results = session.exec(select(Result)).all()
    with scene(session) as writer:
        # Break some half-years' mixes: a stratum removed, or a count changed.
        for row in rng.sample(list(writer.exec(select(CaseMixCount)).all()), 40):
            if rng.random() < 0.5:
                writer.delete(row)
            else:
                row.completed += 1
                writer.add(row)
    session.expire_all()
    minimum = app.config["MIN_GROUP_SIZE"]
    windows = {k: tuple(v) for k, v in list_published_by_service(session).items()}
    part = taking_part(windows, minimum)
    in_sql = {
        tuple(row)
        for row in session.exec(select(part.c.provider_id, part.c.service_id, part.c.period))
    }
    strata: dict = {}
    for row in session.exec(select(CaseMixCount)):
        key = (row.provider_id, row.service_id, row.period)
        completed, successes = strata.get(key, (0, 0))
        strata[key] = (completed + row.completed, successes + row.in_work_or_studies)
    in_python = set()
    for row in results:
        key = (row.provider_id, row.service_id, row.period)
        if key not in strata or not is_shown(row.completed, minimum):
            continue
        if row.period not in windows.get(row.service_id, ()):
            continue
        if is_complete(row.completed, row.in_work + row.in_studies, *strata[key]):
            in_python.add(key)
    assert in_sql == in_python
    assert len(in_python) < len({(r.provider_id, r.service_id, r.period) for r in results})
