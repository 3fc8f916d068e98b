"""What the browser keeps of a client's choice: the invitation's id, after a right code.

Only the id is kept, in the signed session cookie: no name, no code. The session
ends after PERMANENT_SESSION_LIFETIME without activity; the code keeps working,
so the client types it again to come back. The pages that need the code warn
before that happens (``choose_timeout``).
"""

from functools import wraps

from flask import flash, g, redirect, session, url_for
from flask_babel import ngettext

from webapp.choices.queries import get_invitation
from webapp.core.activelocale import gettext as _
from webapp.core.db import get_session
from webapp.web.session_timeout import idle_minutes

SESSION_KEY = "choice_invitation"
# Set on g by the pages that need the code: they say when it is forgotten, and warn before.
OPEN_CHOICE_PAGE = "open_choice_page"


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
            # Without JavaScript nothing warned: someone coming back after a while learns why.
            flash(forgotten_after_a_while(), "info")
            return redirect(url_for("public.choose"))
        g.setdefault(OPEN_CHOICE_PAGE, True)
        return view(invitation, **kwargs)

    return wrapper


def forgotten_after_a_while() -> str:
    """Say that the browser forgets a code typed a while ago, and that a confirmed choice stays."""
    minutes = idle_minutes()
    return ngettext(
        "Om du redan hade skrivit koden har webbläsaren glömt den, eftersom ingen hade använt"
        " sidan på %(num)s minut. Ett val som du har bekräftat är sparat.",
        "Om du redan hade skrivit koden har webbläsaren glömt den, eftersom ingen hade använt"
        " sidan på %(num)s minuter. Ett val som du har bekräftat är sparat.",
        minutes,
    )
