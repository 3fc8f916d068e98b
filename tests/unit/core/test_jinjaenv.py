"""Templates translate as Jinja's new-style gettext does, through the request's catalogue."""

import pytest
from flask import g, render_template_string

from webapp import create_app


@pytest.fixture(scope="module")
def app():
    """An app; no database is touched by rendering a string."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def render(app, source: str, lang: str = "en", **context) -> str:
    """Render a template string in a request for a page in lang."""
    with app.test_request_context(f"/{lang}/"):
        g.lang = lang  # as the public blueprint sets it from the address
        return render_template_string(source, **context)


def test_a_text_is_translated_into_the_pages_language(app):
    assert render(app, '{{ _("Anordnare") }}') == "Providers"
    assert render(app, '{{ gettext("Anordnare") }}', lang="sv") == "Anordnare"


def test_variables_are_escaped_where_the_template_escapes(app):
    source = '{{ _("Jämför %(name)s", name=name) }}'
    assert "&lt;b&gt;" in render(app, source, name="<b>")
    plain = "{% autoescape false %}" + source + "{% endautoescape %}"
    assert "<b>" in render(app, plain, name="<b>")


def test_a_text_is_always_a_format_string(app):
    # New-style: "%%" is a per cent sign even without variables.
    assert render(app, '{{ _("100 %%") }}') == "100 %"


def test_ngettext_fills_in_the_number_unless_given_another(app):
    source = '{{ ngettext("%(num)s dag", "%(num)s dagar", n) }}'
    assert render(app, source, lang="sv", n=3) == "3 dagar"
    given = '{{ ngettext("%(num)s dag", "%(num)s dagar", n, num="tre") }}'
    assert render(app, given, lang="sv", n=3) == "tre dagar"


def test_pgettext_knows_its_context(app):
    assert render(app, '{{ pgettext("ctx", "%(context)s!") }}', lang="sv") == "ctx!"
