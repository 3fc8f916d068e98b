"""Clients' choices of provider: invitations with a one-time code, choices, switch requests.

No personal identity numbers or names are stored: an invitation is known by its
code (kept only as a keyed hash) and an optional internal case reference.
"""

from datetime import date, datetime

from sqlalchemy import DateTime, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)
from webapp.core.clock import utc_now


class ChoiceInvitation(SQLModel, table=True):
    """A decided service for which a client is invited to choose a provider."""

    __tablename__ = "choice_invitation"

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    decision_date: date
    deadline: date = Field(index=True)  # last day the client may choose
    letter_lang: str = Field(max_length=8)
    case_reference: str = Field(default="", max_length=60)
    # HMAC-SHA256 of the normalised code; the code itself is never stored.
    code_hash: str = Field(max_length=64, unique=True)
    # The code's first group, not secret (webapp.choices.codes); empty for codes
    # issued before selectors, which are found by their hash alone.
    code_selector: str | None = Field(default=None, max_length=8, unique=True)
    # Wrong entries aimed at this code since it was issued or unlocked (never right ones).
    code_attempts: int = 0
    # Entering the code is refused until then (after too many wrong entries).
    code_locked_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    cancelled_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # A reopened choice may be changed again until this day, whatever the deadline.
    reopened_until: date | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")


class Choice(SQLModel, table=True):
    """One recorded choice; a change or switch adds a row and retires the previous one."""

    __tablename__ = "choice"
    __table_args__ = (
        # At most one current choice per invitation: two simultaneous confirmations
        # cannot both stand, whatever the application code does.
        Index(
            "uq_choice_current",
            "invitation_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        # The confirm form's one-time token: a double-clicked confirm finds its twin.
        UniqueConstraint("invitation_id", "confirm_token", name="uq_choice_confirm_token"),
    )

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="choice_invitation.id", index=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    kind: str = Field(max_length=20)  # "client", "default", "switch"
    is_current: bool = True
    confirm_token: str | None = Field(default=None, max_length=64)
    chosen_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    recorded_by: int | None = Field(default=None, foreign_key="staff_user.id")


class SwitchRequest(SQLModel, table=True):
    """A client's request to change provider during the service."""

    __tablename__ = "switch_request"
    __table_args__ = (
        # One request awaiting a decision per invitation: a form sent twice stores one.
        Index(
            "uq_switch_request_pending",
            "invitation_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="choice_invitation.id", index=True)
    provider_id: int = Field(foreign_key="provider.id")  # the provider asked for
    reason: str = Field(max_length=500)
    # pending, approved, rejected; withdrawn when the provider asked for loses its authorization
    status: str = Field(default="pending", max_length=20)
    requested_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    decided_by: int | None = Field(default=None, foreign_key="staff_user.id")
    decision_reason: str = Field(default="", max_length=500)


class Displacement(SQLModel, table=True):
    """A client affected by a provider's de-authorization, given a new window to choose.

    Made by the de-authorization itself (``webapp.choices.displacement``): the
    invitation's last day to choose moves to ``deadline``; if the client does not
    choose again by then, the default applies (see that module).
    """

    __tablename__ = "choice_displacement"

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="choice_invitation.id", index=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)  # the provider that goes
    # How the invitation stood with that provider: "current", "pending_start" or "switch".
    reason: str = Field(max_length=20)
    effective_date: date  # the first day the provider may not deliver the service
    deadline: date  # the new last day to choose
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")


class NoticeAddress(SQLModel, table=True):
    """An e-mail address a client left, with consent, for notices about their choice.

    Only the address, the language to write in and when consent was given. Erased
    when the client asks, when the invitation is cancelled, and at the latest
    NOTICE_KEEP_DAYS after the last day to choose.
    """

    __tablename__ = "choice_notice_address"

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="choice_invitation.id", unique=True)
    email: str = Field(max_length=254)
    lang: str = Field(max_length=8)
    consented_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
