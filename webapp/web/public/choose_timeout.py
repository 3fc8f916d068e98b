"""Before the browser forgets the code: when it happens, going on, and the page after it.

The pages that need the code say when the browser forgets it if nothing is done,
and warn before (webapp.web.session_timeout). Going on is a POST that changes
only the session cookie; when the time is up the page's script ends the session
and shows a page saying what is kept and how to come back.
"""

from flask import current_app, g, redirect, render_template, session, url_for
from flask_babel import pgettext

from webapp.core.activelocale import gettext as _
from webapp.core.clock import utc_now
from webapp.core.extensions import csrf
from webapp.core.session_deadline import session_deadline
from webapp.web.public.choose_session import OPEN_CHOICE_PAGE, SESSION_KEY, has_open_choice
from webapp.web.public.views import bp
from webapp.web.session_timeout import (
    SessionTimeout,
    TimeoutWords,
    ends_at_text,
    extended_answer,
    idle_minutes,
    refused_answer,
    session_timeout,
)


def choice_timeout() -> SessionTimeout:
    """Return when this browser forgets the code, counted from now, and the words for it."""
    now = utc_now()
    deadline = session_deadline(now=now, idle=current_app.config["PERMANENT_SESSION_LIFETIME"])
    words = TimeoutWords(
        notice=_(
            "Om du inte gör något slutar sidan komma ihåg din kod kl. %(time)s.",
            time=ends_at_text(deadline.ends_at),
        ),
        heading=_("Sidan glömmer snart din kod"),
        details=(
            _("Det är för din säkerhet, om någon annan använder samma dator eller telefon."),
            _("Ett val som du har bekräftat är sparat."),
        ),
        # I18N: The button in the warning before the session ends: keep the session going.
        continue_label=pgettext("session", "Fortsätt"),
        end_label=_("Avsluta nu"),
        unreachable=_(
            "Vi kunde inte nå webbplatsen. Kontrollera att du är ansluten till internet"
            " och försök igen."
        ),
    )
    return session_timeout(
        deadline,
        words,
        now=now,
        extend_url=url_for("public.choose_extend"),
        timed_out_url=url_for("public.choose_timed_out"),
        end_now_url=url_for("public.choose_leave"),
    )


@bp.context_processor
def choice_timeout_context():
    """Give a page that needs the code what it takes to say when the code is forgotten."""
    return {"session_timeout": choice_timeout() if g.get(OPEN_CHOICE_PAGE) else None}


@bp.post("/choose/extend")
def choose_extend():
    """Keep the code for another while: answer with when it is forgotten now."""
    if not has_open_choice():
        return refused_answer(_("Du är utloggad. Webbläsaren kommer inte längre ihåg din kod."))
    # Any request signs the cookie anew; say so, whatever SESSION_REFRESH_EACH_REQUEST is.
    session.modified = True
    return extended_answer(choice_timeout())


# Called by the page's script when the time is up, maybe after the session has ended (and
# its CSRF token with it); a forged request can do no more than forget the code.
@bp.post("/choose/timed-out")
@csrf.exempt
def choose_timed_out():
    """Forget the code now the time is up, and show the page that says so."""
    session.pop(SESSION_KEY, None)
    return redirect(url_for("public.choose_ended"), 303)


@bp.get("/choose/ended")
def choose_ended():
    """Say the browser has forgotten the code, what is kept, and how to come back."""
    if has_open_choice():
        # A code typed again since (in another tab): nothing has ended.
        return redirect(url_for("public.choose_providers"))
    return render_template("public/choose/ended.html", minutes=idle_minutes())
