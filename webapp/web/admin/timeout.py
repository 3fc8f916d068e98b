"""Before a staff member is logged out: when it happens, going on, and the page after it.

Every admin page for a logged-in account says when the login ends if nothing is
done, and warns before (webapp.web.session_timeout). Going on is a POST that
changes only the session cookie. The login also ends ADMIN_SESSION_MAX_AGE after
it began, however active: near that end the warning says so, and going on cannot
move it. When the time is up the page's script logs out and shows a page saying so.
"""

from datetime import datetime

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import ngettext, pgettext
from flask_login import current_user, logout_user

from webapp.core.activelocale import gettext as _
from webapp.core.clock import utc_now
from webapp.core.extensions import csrf
from webapp.core.session_deadline import Deadline, session_deadline
from webapp.staff.sessions import SINCE_KEY, VERSION_KEY, session_ends_at
from webapp.web.admin import bp
from webapp.web.admin.auth import safe_next
from webapp.web.session_timeout import (
    SessionTimeout,
    TimeoutWords,
    ends_at_text,
    extended_answer,
    idle_minutes,
    refused_answer,
    session_timeout,
)

# Why the login ended, as the page's script tells it: idle too long, or at its age limit.
REASONS = ("idle", "limit")


def staff_deadline(now: datetime) -> Deadline:
    """Return when this login ends if nothing is done: idle, or at its age limit if sooner."""
    config = current_app.config
    return session_deadline(
        now=now,
        idle=config["PERMANENT_SESSION_LIFETIME"],
        hard_end=session_ends_at(session.get(SINCE_KEY), config["ADMIN_SESSION_MAX_AGE"]),
    )


def staff_timeout() -> SessionTimeout:
    """Return when this login ends, counted from now, and the words for it."""
    now = utc_now()
    deadline = staff_deadline(now)
    time = ends_at_text(deadline.ends_at)
    if deadline.final:
        notice = _(
            "Du loggas ut kl. %(time)s. Längre än så får en inloggning inte vara.", time=time
        )
    else:
        notice = _("Om du inte gör något loggas du ut kl. %(time)s.", time=time)
    words = TimeoutWords(
        notice=notice,
        heading=_("Du loggas snart ut"),
        details=(_("Det du har skrivit men inte sparat försvinner då."),),
        # I18N: The button in the warning before the session ends: keep the session going.
        continue_label=pgettext("session", "Fortsätt"),
        unreachable=_("Vi kunde inte nå webbplatsen. Kontrollera nätverket och försök igen."),
    )
    return session_timeout(
        deadline,
        words,
        now=now,
        extend_url=url_for("admin.extend_session"),
        timed_out_url=url_for("admin.session_timed_out"),
        timed_out_fields={
            "next": page_to_return_to(),
            "lang": session.get("admin_lang", ""),
            "reason": "limit" if deadline.final else "idle",
        },
    )


def page_to_return_to() -> str:
    """Return this page's address to come back to after logging in again, if a GET shows it."""
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        return request.full_path.rstrip("?")
    return url_for("admin.dashboard")


@bp.context_processor
def staff_timeout_context():
    """Give every page of a logged-in account what it takes to say when the login ends."""
    return {"session_timeout": staff_timeout() if current_user.is_authenticated else None}


@bp.post("/session/extend")
def extend_session():
    """Keep the login for another while: answer with when it ends now."""
    if not current_user.is_authenticated:
        return refused_answer(_("Du är inte inloggad."))
    # Any request signs the cookie anew; say so, whatever SESSION_REFRESH_EACH_REQUEST is.
    session.modified = True
    return extended_answer(staff_timeout())


# Called by the page's script when the time is up, maybe after the session has ended (and
# its CSRF token with it); a forged request can do no more than log the visitor out.
@bp.post("/session/timed-out")
@csrf.exempt
def session_timed_out():
    """Log out now the time is up (this browser only), and show the page that says so."""
    logout_user()
    session.pop(VERSION_KEY, None)
    session.pop(SINCE_KEY, None)
    lang = request.form.get("lang", "")
    if lang in current_app.config["ADMIN_LANGUAGES"]:
        session["admin_lang"] = lang  # the page after reads as the page before
    reason = request.form.get("reason")
    return redirect(
        url_for(
            "admin.signed_out",
            reason=reason if reason in REASONS else "idle",
            next=safe_next(request.form.get("next")),
        ),
        303,
    )


@bp.get("/signed-out")
def signed_out():
    """Say the login ended and why, and offer to log in again where the person was."""
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target)  # logged in again since (in another tab): nothing has ended
    if request.args.get("reason") == "limit":
        why = _(
            "Du hade varit inloggad så länge som en inloggning får vara, så du loggades ut"
            " för säkerhets skull."
        )
    else:
        why = ngettext(
            "Du hade inte gjort något på %(num)s minut, så du loggades ut för säkerhets skull.",
            "Du hade inte gjort något på %(num)s minuter, så du loggades ut för säkerhets skull.",
            idle_minutes(),
        )
    return render_template(
        "admin/signed_out.html", why=why, login_url=url_for("admin.login", next=target)
    )
