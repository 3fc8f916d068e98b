"""The request's language: chosen by the URL prefix, Swedish otherwise."""

from functools import lru_cache

from babel import Locale
from flask import current_app, g, has_request_context, request, session
from flask_babel import Babel

from webapp.core.jinjaenv import install_gettext

babel = Babel()


def select_locale() -> str:
    """Return the language for this request.

    Order of precedence: the ``/<lang>/`` prefix of a public URL (set on ``g`` by
    the public blueprint); in the admin, the language the staff member picked, else
    the best of Swedish and English for their browser; then Swedish, the source.
    """
    if g.get("lang"):
        return g.lang
    if has_request_context() and request.blueprint == "admin":
        languages = current_app.config["ADMIN_LANGUAGES"]
        chosen = session.get("admin_lang")
        return chosen if chosen in languages else best_language(languages)
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def best_language(languages) -> str:
    """Return the supported language that best matches the Accept-Language header."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(languages, default=default)


@lru_cache(maxsize=32)
def text_direction(lang: str) -> str:
    """Return 'rtl' or 'ltr' for a language code."""
    return Locale.parse(lang).text_direction


@lru_cache(maxsize=32)
def endonym(lang: str) -> str:
    """Return a language's name in that language, capitalised for a menu."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def init_app(app):
    """Attach Flask-Babel and expose language helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    # Templates look a text up for every string; Flask-Babel finds the catalogue
    # anew each time (half of a simple page's render). Keep it for the request.
    install_gettext(app.jinja_env)

    @app.context_processor
    def language_context():
        lang = select_locale()
        return {
            "current_lang": lang,
            "text_dir": text_direction(lang),
            "languages": [(code, endonym(code)) for code in app.config["LANGUAGES"]],
        }
