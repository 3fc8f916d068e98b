"""Entering the code from the letter: the right code opens the choice, wrong ones are counted.

Limits count wrong entries only, so a right code is never held back by other
people's typing at a shared address (a library, a drop-in centre):

- per address (CHOICE_RATE_LIMIT_IP): wrong entries from one address; past it,
  wrong entries are answered 429, but the right code is checked first and opens;
- per code (CHOICE_RATE_LIMIT_CODE): wrong entries aimed at one selector, from
  any address; past it every entry for that selector is answered 429, the right
  one too, so nobody can keep guessing one invitation's secret;
- per invitation (CHOICE_CODE_MAX_ATTEMPTS, stored): see webapp.choices.code_entry.
"""

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from limits import parse

from webapp.choices.code_actions import enter_code
from webapp.choices.code_entry import CodeOutcome, minutes_locked
from webapp.choices.codes import code_selector, rate_limit_key
from webapp.core.activelocale import gettext as _
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.web.public.choose_forms import CodeForm
from webapp.web.public.choose_session import has_open_choice, open_choice
from webapp.web.public.views import bp

# Typed text longer than this is no code; it is cut before anything reads it.
MAX_TYPED = 100


def _limit(name: str):
    return parse(current_app.config[name])


def _code_key(typed: str) -> str:
    return rate_limit_key(typed, current_app.config["CHOICE_CODE_KEY"])


def code_limit_reached(typed: str) -> bool:
    """Tell whether the code's selector has had too many wrong entries lately (from anyone)."""
    if not limiter.enabled or code_selector(typed) is None:
        return False
    return not limiter.limiter.test(_limit("CHOICE_RATE_LIMIT_CODE"), _code_key(typed))


def note_wrong_entry(typed: str) -> bool:
    """Count a wrong entry against the address and the code; tell whether both allow it."""
    if not limiter.enabled:
        return True
    within = limiter.limiter.hit(_limit("CHOICE_RATE_LIMIT_IP"), "choice-ip", get_remote_address())
    if code_selector(typed) is not None:
        within = limiter.limiter.hit(_limit("CHOICE_RATE_LIMIT_CODE"), _code_key(typed)) and within
    return within


@bp.route("/choose", methods=["GET", "POST"])
def choose():
    """Ask for the code from the letter and open the choice it belongs to."""
    form = CodeForm()
    if form.validate_on_submit():
        typed = form.code.data[:MAX_TYPED]
        if code_limit_reached(typed):
            abort(429)
        config, now = current_app.config, utc_now()
        # Counts a wrong entry aimed at an invitation; a 429 below rolls that back.
        check = enter_code(
            get_session(),
            typed=typed,
            key=config["CHOICE_CODE_KEY"],
            now=now,
            lock_after=config["CHOICE_CODE_MAX_ATTEMPTS"],
            minutes=config["CHOICE_CODE_LOCK_MINUTES"],
        )
        if check.outcome is CodeOutcome.OPEN:
            open_choice(check.invitation.id)
            return redirect(url_for("public.choose_providers"), 303)
        if check.outcome is CodeOutcome.LOCKED:
            minutes = minutes_locked(check.invitation.code_locked_until, now)
            form.code.errors.append(
                ngettext(
                    "Koden är låst efter för många felaktiga försök. Försök igen om"
                    " %(num)s minut, eller ring din handläggare som kan låsa upp koden.",
                    "Koden är låst efter för många felaktiga försök. Försök igen om"
                    " %(num)s minuter, eller ring din handläggare som kan låsa upp koden.",
                    minutes,
                )
            )
        else:
            if not note_wrong_entry(typed):
                abort(429)
            # Malformed, unknown, cancelled and wrong codes get the same words: nothing to learn.
            form.code.errors.append(
                _(
                    "Koden stämmer inte. Kontrollera att du har skrivit av koden rätt."
                    " Om det fortfarande inte fungerar, kontakta din handläggare."
                )
            )
    return render_template("public/choose/enter.html", form=form, opened=has_open_choice())
