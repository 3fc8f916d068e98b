"""What a typed code opens: the rule that judges an entry, and the lookups it needs.

The right code opens its invitation every time, for as long as the invitation
is not cancelled and the code not replaced by a new one: a client may come back
to see their choice, receipt and any decision as often as they like. Only wrong
entries are counted, against the invitation whose selector they carry; after
too many the code is locked for a while (``codes.after_wrong_entry``), and while
it is locked the right code is refused too, so nobody can go on guessing.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, select

from webapp.choices.codes import code_selector
from webapp.choices.models import ChoiceInvitation
from webapp.choices.queries import find_invitation_by_code
from webapp.staff.accounts import is_locked


class CodeOutcome(StrEnum):
    """What an entered code leads to."""

    OPEN = "open"  # the right code: open the invitation's choice
    LOCKED = "locked"  # the right code, but locked after too many wrong entries
    WRONG = "wrong"  # not a usable code; counted if aimed at an open, unlocked invitation


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of an entry and the invitation it opens, is locked for or counts against."""

    outcome: CodeOutcome
    invitation: ChoiceInvitation | None = None

    @property
    def counts_against(self) -> ChoiceInvitation | None:
        """Return the invitation a wrong entry is counted against, if any."""
        return self.invitation if self.outcome is CodeOutcome.WRONG else None


def judge_entry(
    *, by_hash: ChoiceInvitation | None, by_selector: ChoiceInvitation | None, now: datetime
) -> CodeCheck:
    """Judge an entry from the invitation its whole code matches and the one its selector does.

    A cancelled invitation's code is answered as any wrong code. A wrong entry
    aimed at a locked code is not counted: the lock stands until it ends.
    """
    if by_hash is not None and by_hash.cancelled_at is None:
        if is_locked(by_hash.code_locked_until, now):
            return CodeCheck(CodeOutcome.LOCKED, by_hash)
        return CodeCheck(CodeOutcome.OPEN, by_hash)
    aimed = by_selector
    if aimed is None or aimed.cancelled_at is not None or is_locked(aimed.code_locked_until, now):
        return CodeCheck(CodeOutcome.WRONG)
    return CodeCheck(CodeOutcome.WRONG, aimed)


def lock_in_force(invitation: ChoiceInvitation, now: datetime) -> datetime | None:
    """Return when the invitation's code lock ends, or None if it is not locked now."""
    return invitation.code_locked_until if is_locked(invitation.code_locked_until, now) else None


def minutes_locked(locked_until: datetime, now: datetime) -> int:
    """Return the whole minutes, at least one, until a lock ends."""
    if locked_until.tzinfo is None:
        locked_until = locked_until.replace(tzinfo=now.tzinfo)  # SQLite keeps UTC without zone
    return max(1, math.ceil((locked_until - now).total_seconds() / 60))


def check_code(session: Session, *, typed: str, key: str, now: datetime) -> CodeCheck:
    """Judge a typed code against the stored invitations; it changes nothing."""
    selector = code_selector(typed)
    if selector is None:
        return CodeCheck(CodeOutcome.WRONG)
    # By the whole code's hash first: codes issued before selectors have none.
    by_hash = find_invitation_by_code(session, code=typed, key=key)
    by_selector = None
    if by_hash is None:
        by_selector = find_invitation_by_selector(session, selector=selector)
    return judge_entry(by_hash=by_hash, by_selector=by_selector, now=now)


def find_invitation_by_selector(session: Session, *, selector: str) -> ChoiceInvitation | None:
    """Return the invitation whose code starts with this selector, or None."""
    statement = select(ChoiceInvitation).where(ChoiceInvitation.code_selector == selector)
    return session.exec(statement).first()


def selector_in_use(session: Session, *, selector: str) -> bool:
    """Tell whether an invitation's code already starts with this selector."""
    return find_invitation_by_selector(session, selector=selector) is not None
