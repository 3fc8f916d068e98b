"""Authorization terms per scheme, versioned; follow-ups of providers and their findings.

Nothing about individual participants is stored: a follow-up names the
provider, the services and the terms, and staff's notes are checked for
personal identity numbers before they are saved.
"""

from datetime import date, datetime

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)
from webapp.core.clock import utc_now


class TermsVersion(SQLModel, table=True):
    """The authorization terms of one scheme as they apply from a day until the next version."""

    __tablename__ = "terms_version"
    __table_args__ = (UniqueConstraint("scheme_id", "valid_from", name="uq_terms_version_day"),)

    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="scheme.id", index=True)
    valid_from: date
    # The published terms document, e.g. "Auktorisationsvillkor Matchning 2026 (AMN 2025/0456)".
    document: str = Field(max_length=200)
    document_url: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")

    terms: list["Term"] = Relationship(
        back_populates="version",
        sa_relationship_kwargs={
            "lazy": "raise",
            "cascade": "all, delete-orphan",
            "order_by": "Term.position",
        },
    )


class Term(SQLModel, table=True):
    """One authorization term: where it is in the document, its title and what is checked."""

    __tablename__ = "authorization_term"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="terms_version.id", index=True)
    position: int = 0
    reference: str = Field(max_length=40)  # the section of the document, e.g. "4.2"
    title: str = Field(max_length=120)
    checks: str = Field(default="", max_length=1000)

    version: TermsVersion = Relationship(
        back_populates="terms", sa_relationship_kwargs={"lazy": "raise"}
    )


class FollowUp(SQLModel, table=True):
    """A follow-up of a provider: how and when it was done, and what came of it."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    kind: str = Field(max_length=30)  # a code in webapp.followups.vocab.KINDS
    held_on: date
    # The most severe verdict of its findings (webapp.followups.rules.overall_outcome).
    outcome: str = Field(max_length=30)
    recorded_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    recorded_by: int | None = Field(default=None, foreign_key="staff_user.id")
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    closed_by: int | None = Field(default=None, foreign_key="staff_user.id")
    closing_note: str = Field(default="", max_length=2000)
    # Set when a second person published the outcome; None while it is internal.
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True)
    published_by: int | None = Field(default=None, foreign_key="staff_user.id")

    services: list["FollowUpService"] = Relationship(
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"}
    )
    findings: list["Finding"] = Relationship(
        back_populates="follow_up",
        sa_relationship_kwargs={"lazy": "raise", "cascade": "all, delete-orphan"},
    )


class FollowUpService(SQLModel, table=True):
    """A service a follow-up covered."""

    __tablename__ = "follow_up_service"

    follow_up_id: int = Field(foreign_key="follow_up.id", primary_key=True)
    service_id: int = Field(foreign_key="service.id", primary_key=True)


class Finding(SQLModel, table=True):
    """What a follow-up found about one term: a verdict, a note and, for a demand, a deadline."""

    __tablename__ = "follow_up_finding"
    __table_args__ = (
        UniqueConstraint("follow_up_id", "term_id", name="uq_follow_up_finding_term"),
    )

    id: int | None = Field(default=None, primary_key=True)
    follow_up_id: int = Field(foreign_key="follow_up.id", index=True)
    term_id: int = Field(foreign_key="authorization_term.id", index=True)
    verdict: str = Field(max_length=30)  # a code in webapp.followups.vocab.VERDICTS
    note: str = Field(default="", max_length=2000)  # staff only, never published
    deadline: date | None = None  # the last day to act on a demand

    follow_up: FollowUp = Relationship(
        back_populates="findings", sa_relationship_kwargs={"lazy": "raise"}
    )
    term: Term = Relationship(sa_relationship_kwargs={"lazy": "raise"})
