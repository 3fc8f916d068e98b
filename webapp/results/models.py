"""Half-yearly results per provider and service, and the half-years published per service."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)
from webapp.core.clock import utc_now


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
        # How the service is delivered: each pair is given together or not at all.
        CheckConstraint(
            "(started IS NULL AND left_early IS NULL) "
            "OR (started IS NOT NULL AND left_early IS NOT NULL "
            "AND left_early >= 0 AND left_early <= started)",
            name="ck_result_left_early",
        ),
        CheckConstraint(
            "(first_meeting_days IS NULL AND first_meeting_people IS NULL) "
            "OR (first_meeting_days IS NOT NULL AND first_meeting_people IS NOT NULL "
            "AND first_meeting_days >= 0 AND first_meeting_days <= 365 "
            "AND first_meeting_people >= 1)",
            name="ck_result_first_meeting",
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
    # How the service is delivered (optional): of the people who started the service with
    # the provider in the half-year, how many left before it was finished; and the median
    # days from choosing the provider to the first meeting, with the people it is based on.
    started: int | None = None
    left_early: int | None = None
    first_meeting_days: int | None = None
    first_meeting_people: int | None = None


class PublishedPeriod(SQLModel, table=True):
    """A half-year staff have published for a service: from then on its results are public.

    Importing stores results; only publishing a half-year puts them on the site and in
    the open data, and moves the service's headline window (webapp.results.windows).
    """

    __tablename__ = "published_period"
    __table_args__ = (UniqueConstraint("service_id", "period", name="uq_published_period"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    period: str = Field(max_length=6)
    published_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    # None for half-years published by the migration or the demo data.
    published_by: int | None = Field(default=None, foreign_key="staff_user.id")


class ResultImport(SQLModel, table=True):
    """A confirmed results import, found again by its preview's confirmation key.

    A double-submitted confirmation carries the same key: the second finds this
    row and answers "already saved" instead of saving (or failing) again.
    """

    __tablename__ = "result_import"

    id: int | None = Field(default=None, primary_key=True)
    confirmation: str = Field(max_length=64, unique=True)
    content_digest: str = Field(max_length=64)
    filename: str = Field(default="", max_length=200)
    added: int = 0
    changed: int = 0
    imported_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id")
