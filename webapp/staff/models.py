"""Staff accounts and the append-only audit log."""

from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)
from webapp.core.clock import utc_now


class StaffUser(SQLModel, table=True):
    """A member of the municipality's staff who can log in to the admin."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20)  # codes in webapp.permissions.ROLES
    is_active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    last_login_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # Raised whenever every session of the account must end (logout, new password, new
    # role, deactivation); a session remembers the number it started with.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    # Flask-Login reads these.
    @property
    def is_authenticated(self) -> bool:
        """Every loaded account is a logged-in one."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """A staff account is never anonymous."""
        return False

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session."""
        return str(self.id)


class AuditEvent(SQLModel, table=True):
    """One change or login, as it happened. Rows are never updated or deleted."""

    __tablename__ = "audit_event"
    # The record of a change, not a change itself: writing one needs no action around it.
    is_audit_record: ClassVar[bool] = True

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(
        default_factory=utc_now, sa_type=DateTime(timezone=True), index=True
    )
    # Who: the account, and its e-mail as it was then (accounts can change).
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    actor_email: str = Field(default="", max_length=254)
    action: str = Field(max_length=60, index=True)  # e.g. "provider.update"
    entity_type: str = Field(default="", max_length=40, index=True)
    entity_id: int | None = None
    summary: str = ""
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
