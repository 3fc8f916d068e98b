"""Half-yearly results per provider and service."""

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)


class Result(SQLModel, table=True):
    """Outcome six months after completion for one provider, service and half-year."""

    __table_args__ = (
        UniqueConstraint("provider_id", "service_id", "period", name="uq_result_cell"),
        CheckConstraint(
            "completed >= 0 AND in_work >= 0 AND in_studies >= 0 "
            "AND in_work + in_studies <= completed",
            name="ck_result_counts",
        ),
        CheckConstraint(
            "survey_satisfied IS NULL OR survey_respondents IS NULL "
            "OR survey_satisfied <= survey_respondents",
            name="ck_result_survey",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    # Half-year of completion, "2025H1" or "2025H2"; sorts in time order as text.
    period: str = Field(max_length=6, index=True)
    completed: int
    in_work: int
    in_studies: int
    average_days: int | None = None
    survey_respondents: int | None = None
    survey_satisfied: int | None = None
