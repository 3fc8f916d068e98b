"""The request's language code and catalogue, found once per request and locale.

Templates ask for both hundreds of times a page (every text, number, share and
date), and Python code translates with ``gettext`` and ``lazy_gettext`` here.
Flask-Babel finds them anew each time through several context lookups, which
made up a good part of a page's render. Both are kept beside Flask-Babel's own
per-request state, keyed by its locale object, so ``force_locale`` (a letter, an
API document in another language) and ``refresh`` still take effect.
"""

from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString


def _babel_state():
    """Return Flask-Babel's per-request namespace, or None before it exists."""
    app_context = _cv_app.get(None)
    return None if app_context is None else getattr(app_context.g, "_flask_babel", None)


def locale_code(default: str = "sv") -> str:
    """Return the active locale's code as str(get_locale()) gives it, e.g. 'sv' or 'en'."""
    return _per_locale("webapp_locale_code", lambda: str(get_locale() or default))


def current_translations():
    """Return the active locale's catalogue (what Flask-Babel's get_translations gives)."""
    return _per_locale("webapp_translations", get_translations)


def gettext(string: str, **variables) -> str:
    """Translate a text into the request's language, as flask_babel.gettext does, faster."""
    translated = current_translations().ugettext(string)
    return translated % variables if variables else translated


def lazy_gettext(string: str, **variables) -> LazyString:
    """Return a text translated when it is shown (labels defined at import time)."""
    return LazyString(gettext, string, **variables)


def _per_locale(name: str, make):
    """Return make()'s value, kept in Flask-Babel's state for as long as its locale holds."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    kept = getattr(state, name, None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    value = make()  # may select the locale and make the state
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        setattr(state, name, (locale, value))
    return value
