"""Authorization periods of providers per service, and the decisions behind them."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, Index
from sqlmodel import Field, Relationship, SQLModel

import webapp.core.schema
import webapp.followups.models  # noqa: F401  (the table a de-authorization's follow_up_id names)
from webapp.core.clock import utc_now

if TYPE_CHECKING:
    from webapp.providers.models import Provider


class Authorization(SQLModel, table=True):
    """A period during which a provider is authorized for a service."""

    __table_args__ = (
        CheckConstraint(
            "valid_until IS NULL OR valid_until > valid_from", name="ck_authorization_period"
        ),
        Index("ix_authorization_provider_service", "provider_id", "service_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="provider.id")
    service_id: int = Field(foreign_key="service.id", index=True)
    decision_date: date
    valid_from: date
    # First day the provider is no longer authorized; None while open-ended.
    valid_until: date | None = None
    decision_reference: str = Field(max_length=60)
    end_reason: str | None = Field(default=None, max_length=40)

    provider: "Provider" = Relationship(
        back_populates="authorizations", sa_relationship_kwargs={"lazy": "raise"}
    )


class AuthorizationEvent(SQLModel, table=True):
    """A decision to authorize or de-authorize: the permanent record behind the periods.

    Events are never edited or deleted; a correction is a new event.
    """

    __tablename__ = "authorization_event"

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    service_id: int = Field(foreign_key="service.id")
    kind: str = Field(max_length=20)  # "authorize" or "deauthorize"
    decision_date: date
    effective_date: date
    decision_reference: str = Field(max_length=60)
    # A code in webapp.authorizations.vocab.END_REASONS.
    reason: str | None = Field(default=None, max_length=40)
    note: str = ""
    # The follow-up that led to a de-authorization, if one did.
    follow_up_id: int | None = Field(default=None, foreign_key="follow_up.id")
    recorded_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    recorded_by: int | None = Field(default=None, foreign_key="staff_user.id")
