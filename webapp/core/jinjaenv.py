"""The Jinja environment pages render in: Flask's, with two costs of every page taken out.

Both were found with a profiler over the realistic traffic mix (docs/performance.md):

- Each ``{% from … import … %}`` makes Jinja subtract the template's globals'
  keys from a set. Those globals are a ``ChainMap``, whose ``in`` runs in Python
  for every key: some 40 µs an import, several imports a page. Here the keys are
  handed over as a plain dict view, which the set subtracts in C.
- A text in a template, ``_("…")``, went through three of Jinja's context calls
  (the ``_`` alias, the new-style wrapper, the catalogue lookup). Here ``_`` and
  its siblings look the text up in the request's catalogue directly, with the
  same meaning as Jinja's new-style gettext: always a format string, marked safe
  where the template escapes, the variables escaped as they are filled in.
"""

from collections import ChainMap

from flask import Flask
from flask.templating import Environment
from jinja2 import pass_context
from markupsafe import Markup

from webapp.core.activelocale import current_translations


class TemplateGlobals(ChainMap):
    """A template's globals over the environment's, with keys() as a dict view."""

    def keys(self):
        """Return the keys as a dict view, so Jinja's set subtraction at an import runs in C."""
        return {key: None for mapping in reversed(self.maps) for key in mapping}.keys()


class SiteEnvironment(Environment):
    """Flask's Jinja environment with the faster template globals."""

    def make_globals(self, d):
        """Return a template's globals over the environment's (as Jinja does, faster keys)."""
        return TemplateGlobals({} if d is None else d, self.globals)


class Site(Flask):
    """The Flask application class, rendering in SiteEnvironment."""

    jinja_environment = SiteEnvironment


def _formatted(context, text: str, variables: dict) -> str:
    """Return a translated text filled in, marked safe where the template escapes.

    As Jinja's own: the catalogue's text is markup the site wrote, and the
    variables filled into it are escaped by Markup's %.
    """
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (our catalogue's text; the variables are escaped)
    return text % variables


@pass_context
def gettext(context, string: str, /, **variables) -> str:
    """Translate a template's text (Jinja's new-style gettext)."""
    return _formatted(context, current_translations().ugettext(string), variables)


@pass_context
def ngettext(context, singular: str, plural: str, num: int, /, **variables) -> str:
    """Translate a text with a number in it (new-style: num is a variable too)."""
    variables.setdefault("num", num)
    return _formatted(context, current_translations().ungettext(singular, plural, num), variables)


@pass_context
def pgettext(context, string_context: str, string: str, /, **variables) -> str:
    """Translate a text in a named context (new-style)."""
    variables.setdefault("context", string_context)
    translated = current_translations().upgettext(string_context, string)
    return _formatted(context, translated, variables)


@pass_context
def npgettext(context, string_context: str, singular: str, plural: str, num: int, /, **variables):
    """Translate a text with a number, in a named context (new-style)."""
    variables.setdefault("context", string_context)
    variables.setdefault("num", num)
    translated = current_translations().unpgettext(string_context, singular, plural, num)
    return _formatted(context, translated, variables)


def install_gettext(environment) -> None:
    """Make templates' _, gettext, ngettext, pgettext and npgettext the functions above.

    Call it after Flask-Babel has added Jinja's i18n extension (which defines ``_``).
    """
    # Compiled {% trans %} blocks then format new-style too.
    environment.newstyle_gettext = True
    environment.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext
    )
