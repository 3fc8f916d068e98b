"""When a browser's session ends if nothing more is done.

Flask signs the session cookie anew on every request, and refuses it once
PERMANENT_SESSION_LIFETIME has passed since: so a session ends that long after
the last request, unless a hard end (the staff session's age limit) comes first.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Deadline:
    """The moment a session ends if nothing is done, and whether activity can move it."""

    ends_at: datetime
    final: bool  # a hard end comes first: going on cannot move it later

    def seconds_left(self, now: datetime) -> int:
        """Return the whole seconds left from now (rounded down, so never promised too long)."""
        return max(0, int((self.ends_at - now).total_seconds()))


def session_deadline(
    *, now: datetime, idle: timedelta, hard_end: datetime | None = None
) -> Deadline:
    """Return when a session active now ends: idle after now, or at its hard end if sooner."""
    idle_end = now + idle
    if hard_end is not None and hard_end <= idle_end:
        return Deadline(ends_at=hard_end, final=True)
    return Deadline(ends_at=idle_end, final=False)
