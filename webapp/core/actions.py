"""Actions: the only functions that change stored data, each writing its audit event.

A domain marks its use cases with ``@action("event.name", …)``. While an action
runs, writes to the request's session are allowed; a write anywhere else in a
request is a bug and raises (see ``webapp.core.db``). An action that changed
stored data without recording one of its audit events raises too, so "every
action writes its audit event" holds by construction. Actions never commit: the
web layer commits once per request, on success, and a command once per unit of
work.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps

# Every action by its qualified name, with the audit events it may write.
REGISTRY: dict[str, tuple[str, ...]] = {}


class WriteOutsideAction(RuntimeError):
    """Stored data changed outside an action, or an action wrote no audit event."""


@dataclass
class _Frame:
    name: str
    events: tuple[str, ...]
    writes: int = 0
    audited: list[str] = field(default_factory=list)


_frames: ContextVar[tuple[_Frame, ...]] = ContextVar("action_frames", default=())


def action(*events: str) -> Callable:
    """Mark a function as an action that writes one of these audit events when it changes data."""
    if not events:
        raise ValueError("an action names the audit events it writes")

    def register(function: Callable) -> Callable:
        name = f"{function.__module__}.{function.__qualname__}"
        REGISTRY[name] = events

        @wraps(function)
        def run(*args, **kwargs):
            frame = _Frame(name, events)
            token = _frames.set((*_frames.get(), frame))
            try:
                result = function(*args, **kwargs)
            finally:
                _frames.reset(token)
            if frame.writes and not frame.audited:
                raise WriteOutsideAction(f"{name} changed stored data without an audit event")
            unknown = set(frame.audited) - set(events)
            if unknown:
                raise WriteOutsideAction(f"{name} wrote undeclared audit events {sorted(unknown)}")
            # An inner action's writes are covered by its own audit event, not the caller's.
            return result

        run.audit_events = events
        return run

    return register


def in_action() -> bool:
    """Tell whether an action is running."""
    return bool(_frames.get())


def note_write() -> None:
    """Count a change of stored data for the running action; refuse one outside any action."""
    frames = _frames.get()
    if not frames:
        raise WriteOutsideAction("stored data changed outside an action")
    frames[-1].writes += 1


def note_audit(event: str) -> None:
    """Record that the running action wrote an audit event (does nothing outside actions)."""
    frames = _frames.get()
    if frames:
        frames[-1].audited.append(event)
