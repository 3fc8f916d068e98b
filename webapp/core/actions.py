"""Actions: the only functions that change stored data, each writing its audit event.

A domain marks its use cases with ``@action("event.name", …)``. While an action
runs, writes to the request's session are allowed; a write anywhere else while a
request is handled is a bug and raises (see ``webapp.core.db``). An action that
changed stored data without recording one of its audit events raises too, so
"every action writes its audit event" holds by construction. Actions never
commit: the web layer commits once per request, on success, and a command once
per unit of work.

An action takes the session as its first argument (or ``session=``). It runs in
a savepoint of that session: an action that raises leaves nothing behind, so a
form re-rendered after a refusal cannot commit half a change. Changes are
flushed when the action starts (what was pending is the caller's) and when it
ends (what is pending then is the action's), so each write is counted against
the action that made it, however actions nest.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps

from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class ActionRun:
    """An action that finished: its name, how many writes it made, the events it wrote."""

    name: str
    writes: int
    audited: tuple[str, ...]


_frames: ContextVar[tuple[_Frame, ...]] = ContextVar("action_frames", default=())
_watchers: ContextVar[tuple[list[ActionRun], ...]] = ContextVar("action_watchers", default=())


def action(*events: str) -> Callable:
    """Mark a function as an action that writes one of these audit events when it changes data."""
    if not events:
        raise ValueError("an action names the audit events it writes")

    def register(function: Callable) -> Callable:
        name = f"{function.__module__}.{function.__qualname__}"
        REGISTRY[name] = events

        @wraps(function)
        def run(*args, **kwargs):
            session = _session_of(args, kwargs)
            if session is not None:
                session.flush()  # pending changes belong to the caller, not to this action
                _order_public_change(session, events)
            frame = _Frame(name, events)
            token = _frames.set((*_frames.get(), frame))
            try:
                with session.begin_nested() if session is not None else nullcontext():
                    result = function(*args, **kwargs)
                    if session is not None:
                        session.flush()
            finally:
                _frames.reset(token)
            _check(frame)
            for runs in _watchers.get():
                runs.append(ActionRun(name, frame.writes, tuple(frame.audited)))
            # An inner action's writes are covered by its own audit event, not the caller's.
            return result

        run.audit_events = events
        return run

    return register


def _session_of(args: tuple, kwargs: dict) -> Session | None:
    """Return the session an action was given, else the request's open session, if any."""
    given = kwargs.get("session", args[0] if args else None)
    if isinstance(given, Session):
        return given
    from webapp.core.db import open_session  # db imports this module

    return open_session()


def _order_public_change(session: Session, events: tuple[str, ...]) -> None:
    """Before an action that changes public data locks rows, take the lock that orders them."""
    from webapp.core.dataversion import PUBLIC_DATA_EVENTS, order_public_change  # imports db

    if PUBLIC_DATA_EVENTS.intersection(events):
        order_public_change(session)


def _check(frame: _Frame) -> None:
    if frame.writes and not frame.audited:
        raise WriteOutsideAction(f"{frame.name} changed stored data without an audit event")
    unknown = set(frame.audited) - set(frame.events)
    if unknown:
        raise WriteOutsideAction(f"{frame.name} wrote undeclared audit events {sorted(unknown)}")


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


@contextmanager
def watching_actions() -> Iterator[list[ActionRun]]:
    """Collect every action that finishes inside the block, innermost first."""
    runs: list[ActionRun] = []
    token = _watchers.set((*_watchers.get(), runs))
    try:
        yield runs
    finally:
        _watchers.reset(token)
