"""Printable letters to clients, each in the client's language: the invitation with its code."""

from flask import render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

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


def render_letter(invitation, service, code: str) -> Markup:
    """Render the printable letter in its own language (the template engine builds the HTML)."""
    return render_in_language(
        "letters/choice_letter.html",
        invitation.letter_lang,
        invitation=invitation,
        service=service,
        code_groups=code.split("-"),
    )
