"""The printable letter that invites a client to choose, in the client's language, with the code.

A letter in another language than Swedish ends with a short summary in Swedish,
for whoever helps the client read it.
"""

from flask import render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from webapp.choices.rules import invitation_reference
from webapp.core import clock
from webapp.core.i18n import text_direction


def render_letter(invitation, service, code: str, *, caseworker) -> Markup:
    """Render the printable letter in its own language (the template engine builds the HTML).

    ``caseworker`` is the staff account that gives the letter: its name and
    e-mail address are printed as the client's contact.
    """
    lang = invitation.letter_lang
    details = {
        "invitation": invitation,
        "service": service,
        "code_groups": code.split("-"),
        "reference": invitation_reference(invitation),
        "letter_date": clock.today(),
        "caseworker": caseworker,
    }
    summary = None
    if lang != "sv":
        with force_locale("sv"):
            summary = _render("letters/_swedish_summary.html", details, "sv")
    with force_locale(lang):
        return _render("letters/choice_letter.html", {**details, "summary": summary}, lang)


def _render(template: str, details: dict, lang: str) -> Markup:
    # Safe: the autoescaping template engine built this HTML, not string formatting.
    return Markup(  # noqa: S704
        render_template(
            template,
            **details,
            letter_lang=lang,
            letter_dir=text_direction(lang),
            choose_url=url_for("public.choose", lang=lang, _external=True),
        )
    )
