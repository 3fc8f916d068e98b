"""Load the demo case-mix counts (seed_data/case_mix.json); safe to run again.

Each half-year group in the file (a provider, a service, a half-year) gets exactly
the strata the file lists: counts that differ are updated, strata the file lacks
for that group are deleted, new ones are inserted together. Groups the file does
not name are left alone.
"""

from sqlalchemy import insert
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.providers.models import Provider
from webapp.results.casemix.models import CaseMixCount
from webapp.results.casemix.strata import AGE_BANDS, ASSISTANCE_BANDS, LEVELS

KEY_COLUMNS = ("provider_id", "service_id", "period", "age_band", "assistance", "newcomer", "level")


def counts(completed: int, successes: int) -> dict[str, int]:
    """Return a stratum's counts as stored columns."""
    return {"completed": completed, "in_work_or_studies": successes}


def stratum_key(row) -> tuple:
    """Return a stored row's natural key."""
    return (
        row.provider_id,
        row.service_id,
        row.period,
        row.age_band,
        row.assistance,
        row.newcomer,
        row.level,
    )


def check_stratum(age_band: str, assistance: str, level: int) -> None:
    """Fail loudly on a stratum the vocabulary does not know."""
    if age_band not in AGE_BANDS or assistance not in ASSISTANCE_BANDS or level not in LEVELS:
        raise ValueError(f"Unknown stratum in seed data: {age_band!r}, {assistance!r}, {level!r}")


def upsert_case_mix(session: Session, cells: list[dict]) -> int:
    """Bring the stored strata of every half-year group in the file in line; count the changes."""
    provider_ids = dict(session.exec(select(Provider.org_number, Provider.id)).all())
    service_ids = dict(session.exec(select(Service.code, Service.id)).all())
    existing = {stratum_key(row): row for row in session.exec(select(CaseMixCount))}
    wanted_cells = set()
    new_rows, changes = [], 0
    for cell in cells:
        provider_id = provider_ids[cell["org_number"]]
        service_id = service_ids[cell["service"]]
        wanted_cells.add((provider_id, service_id, cell["period"]))
        for age_band, assistance, newcomer, level, completed, successes in cell["strata"]:
            check_stratum(age_band, assistance, level)
            key = (provider_id, service_id, cell["period"], age_band, assistance, newcomer, level)
            row = existing.pop(key, None)
            if row is None:
                new_rows.append(
                    dict(zip(KEY_COLUMNS, key, strict=True)) | counts(completed, successes)
                )
            elif (row.completed, row.in_work_or_studies) != (completed, successes):
                row.completed, row.in_work_or_studies = completed, successes
                changes += 1
    for key, row in existing.items():
        if key[:3] in wanted_cells:
            session.delete(row)
            changes += 1
    if new_rows:
        # One statement for thousands of rows: the demo has a few per half-year group.
        session.execute(insert(CaseMixCount), new_rows)
    return changes + len(new_rows)
