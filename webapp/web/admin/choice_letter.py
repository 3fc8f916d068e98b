"""The printable letter that invites a client to choose, in the client's language, with the code."""

from flask import render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from webapp.core.i18n import text_direction


def render_letter(invitation, service, code: str) -> Markup:
    """Render the printable letter in its own language (the template engine builds the HTML)."""
    lang = invitation.letter_lang
    with force_locale(lang):
        # Safe: the autoescaping template engine built this HTML, not string formatting.
        return Markup(  # noqa: S704
            render_template(
                "letters/choice_letter.html",
                invitation=invitation,
                service=service,
                code_groups=code.split("-"),
                letter_lang=lang,
                letter_dir=text_direction(lang),
                choose_url=url_for("public.choose", lang=lang, _external=True),
            )
        )
