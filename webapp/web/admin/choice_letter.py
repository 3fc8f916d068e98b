"""Printable letters to clients, each in the client's language: the invitation with its code.

A letter in another language than Swedish ends with a short summary in Swedish,
for whoever helps the client read it.
"""

from flask import render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from webapp.choices.rules import invitation_reference
from webapp.core import clock
from webapp.core.i18n import text_direction


def render_in_language(template: str, lang: str, **values) -> Markup:
    """Render a letter template in its own language and direction, for printing."""
    with force_locale(lang):
        # Safe: the autoescaping template engine built this HTML, not string formatting.
        return Markup(  # noqa: S704
            render_template(
                template,
                letter_lang=lang,
                letter_dir=text_direction(lang),
                choose_url=url_for("public.choose", lang=lang, _external=True),
                **values,
            )
        )


def render_letter(invitation, service, code: str, *, caseworker) -> Markup:
    """Render the printable letter in its own language, with a Swedish summary if needed.

    ``caseworker`` is the staff account that gives the letter: its name and
    e-mail address are printed as the client's contact.
    """
    details = {
        "invitation": invitation,
        "service": service,
        "code_groups": code.split("-"),
        "reference": invitation_reference(invitation),
        "letter_date": clock.today(),
        "caseworker": caseworker,
    }
    summary = None
    if invitation.letter_lang != "sv":
        summary = render_in_language("letters/_swedish_summary.html", "sv", **details)
    return render_in_language(
        "letters/choice_letter.html", invitation.letter_lang, **details, summary=summary
    )
