"""What the browser keeps of a client's choice: the invitation's id, after a right code.

Only the id is kept, in the signed session cookie: no name, no code. The session
ends after PERMANENT_SESSION_LIFETIME without activity; the code keeps working,
so the client types it again to come back.
"""

from functools import wraps

from flask import flash, redirect, session, url_for
from flask_babel import gettext as _

from webapp.choices.queries import get_invitation
from webapp.core.db import get_session

SESSION_KEY = "choice_invitation"


def open_choice(invitation_id: int) -> None:
    """Start a fresh session that holds only the invitation's id."""
    session.clear()  # nothing from before the code carries over
    session.permanent = True  # ends after PERMANENT_SESSION_LIFETIME without activity
    session[SESSION_KEY] = invitation_id


def has_open_choice() -> bool:
    """Tell whether this browser holds an invitation's id (without reading the database)."""
    return isinstance(session.get(SESSION_KEY), int)


def held_invitation():
    """Return the invitation this browser holds, or None (forgetting an id that is gone)."""
    if not has_open_choice():
        return None
    invitation = get_invitation(get_session(), invitation_id=session[SESSION_KEY])
    if invitation is None:
        session.pop(SESSION_KEY, None)
    return invitation


def invitation_required(view):
    """Give the view the invitation of this browser's code, or ask for the code."""

    @wraps(view)
    def wrapper(**kwargs):
        invitation = held_invitation()
        if invitation is None:
            session.pop(SESSION_KEY, None)
            flash(_("Skriv koden från brevet för att se ditt val."), "info")
            return redirect(url_for("public.choose"))
        return view(invitation, **kwargs)

    return wrapper
