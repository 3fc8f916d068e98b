"""Case-mix counts per provider, service, half-year and stratum, and the imports that saved them."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)
from webapp.core.clock import utc_now


class CaseMixCount(SQLModel, table=True):
    """How many of a provider's participants in one stratum completed, and how many succeeded.

    The strata of one provider, service and half-year add up to its stored result
    when its mix is complete (webapp.results.casemix.cells); no row describes a person.
    """

    __tablename__ = "case_mix_count"
    __table_args__ = (
        UniqueConstraint(
            "provider_id",
            "service_id",
            "period",
            "age_band",
            "assistance",
            "newcomer",
            "level",
            name="uq_case_mix_stratum",
        ),
        CheckConstraint(
            "completed > 0 AND in_work_or_studies >= 0 AND in_work_or_studies <= completed",
            name="ck_case_mix_counts",
        ),
        CheckConstraint("age_band IN ('18-24', '25-29', '30-49', '50+')", name="ck_case_mix_age"),
        CheckConstraint("assistance IN ('lt1', '1to3', 'gt3')", name="ck_case_mix_assistance"),
        CheckConstraint("level IN (1, 2, 3)", name="ck_case_mix_level"),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    # Half-year of completion, as Result.period.
    period: str = Field(max_length=6, index=True)
    age_band: str = Field(max_length=5)
    assistance: str = Field(max_length=4)
    newcomer: bool
    level: int
    # Only strata with somebody in them are stored.
    completed: int
    in_work_or_studies: int


class CaseMixImport(SQLModel, table=True):
    """A confirmed case-mix import, found again by its preview's confirmation key."""

    __tablename__ = "case_mix_import"

    id: int | None = Field(default=None, primary_key=True)
    confirmation: str = Field(max_length=64, unique=True)
    content_digest: str = Field(max_length=64)
    filename: str = Field(default="", max_length=200)
    # Half-year groups (provider, service, half-year) whose strata were added or replaced.
    cells: int = 0
    imported_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id")
