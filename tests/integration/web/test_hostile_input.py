"""Hostile input anywhere never makes a 5xx: every rule, method, segment, parameter and field.

Every rule in the URL map is requested with hostile values in each path
segment, in every query parameter the site reads and in every form field it
has, by GET and by each other method it answers, as an anonymous visitor and
(for the admin) as each staff role. Characters no field may hold (NUL, other
control characters, bytes that are not UTF-8) must be refused with a 400 before
anything reads them; other odd values (very long, unusual Unicode, numbers out
of range, impossible half-years) must never make a 5xx. On PostgreSQL, which
refuses NUL in text and numbers out of range, this is where a missed check
shows.
"""

import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from wtforms.fields.core import UnboundField

from tests.conftest import ROLES, StaffClient
from tests.integration.web.test_get_changes_nothing import rule_named, scene  # noqa: F401
from webapp import create_app
from webapp.web.public.choose_session import SESSION_KEY

# Refused at the edge: (label, the value as text, the value as raw WSGI text).
EDGE_VALUES = [
    ("nul", "a\x00b"),
    ("control", "a\x01b"),
    ("surrogate", "\xed\xa0\x80"),  # the UTF-8 bytes of a lone surrogate, not UTF-8 text
]
# Accepted at the edge; views must cope: long, odd Unicode, out of range, edge of valid.
DEEP_VALUES = [
    "x" * 5000,
    "\u202eÅÄÖ\ufeff𝔘\u0301ＡＢ＝1",
    "99999999999999999999",
    "0000H1",
    "-1",
    "",
]
SOURCES = Path(__file__).resolve().parents[3] / "webapp"
# A segment of a rule: <name> or <converter(arguments):name>.
SEGMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


def all_rules() -> list:
    """Return every rule of an app that is never served."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def read_parameter_names() -> list[str]:
    """Return every query parameter name the code reads, found in the sources and forms."""
    pattern = re.compile(r"""(?:args\.get(?:list)?|reader\.\w+|read_listing)\(([^)]*)\)""")
    names = {"lang", "page", "per_page", "period", "status", "p"}
    for path in SOURCES.rglob("*.py"):
        for arguments in pattern.findall(path.read_text()):
            names.update(re.findall(r'"([a-z_]+)"', arguments))
    return sorted(names | set(read_form_field_names()))


def read_form_field_names() -> list[str]:
    """Return the field names of every form class in the web layer."""
    from flask_wtf import FlaskForm

    import webapp.web.admin
    import webapp.web.public.choose  # noqa: F401

    names, classes = set(), list(FlaskForm.__subclasses__())
    while classes:
        form = classes.pop()
        classes.extend(form.__subclasses__())
        for klass in form.__mro__:
            names.update(
                name for name, value in vars(klass).items() if isinstance(value, UnboundField)
            )
    return sorted(names)


def visitors_of(rule) -> tuple:
    """Return who requests a rule: each role for the admin, else an anonymous visitor."""
    return (None, *ROLES) if rule.endpoint.startswith("admin.") else (None,)


def cases() -> list:
    """Return one case per rule and visitor."""
    return [
        pytest.param(rule.rule, rule.endpoint, visitor, id=f"{rule}-{visitor or 'anonymous'}")
        for rule in all_rules()
        for visitor in visitors_of(rule)
    ]


@pytest.fixture(scope="module")
def names() -> tuple[list[str], list[str]]:
    """Query parameter names and form field names."""
    return read_parameter_names(), read_form_field_names()


def methods_of(rule) -> list[str]:
    """Return the methods to send: every one the rule answers but HEAD and OPTIONS."""
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def build_path(rule, values: dict, hostile: str | None = None, raw: str = "") -> tuple[str, str]:
    """Return (URL path, WSGI PATH_INFO) with real values, and raw text in one segment if asked."""

    def fill(match, *, as_wsgi: bool) -> str:
        name = match.group(1)
        if name == hostile:
            return raw if as_wsgi else quote(raw.encode("latin-1"), safe="")
        return quote(str(values[name]), safe="/")

    path = SEGMENT.sub(lambda match: fill(match, as_wsgi=False), rule.rule)
    return path, SEGMENT.sub(lambda match: fill(match, as_wsgi=True), rule.rule)


def send(client, method: str, path: str, *, path_info=None, query="", form=None):
    """Send one request and return its status."""
    overrides = {"PATH_INFO": path_info} if path_info is not None else {}
    url = f"{path}?{query}" if query else path
    if method == "GET":
        response = client.open(url, method=method, environ_overrides=overrides)
    else:
        response = client.open(
            url,
            method=method,
            data=form or {},
            environ_overrides=overrides,
            content_type="application/x-www-form-urlencoded",
        )
    return response.status_code


def form_body(fields: list[str], value: str, token: str | None) -> str:
    """Return a URL-encoded form with value (raw WSGI text) in every field."""
    pairs = [(name, value) for name in fields]
    if token:
        pairs.append(("csrf_token", token))
    return urlencode([(name, text.encode("latin-1")) for name, text in pairs])


@pytest.fixture
def scene_values(request) -> dict:
    """Real values for every URL segment, from the crawl's scene in the test's transaction."""
    built = request.getfixturevalue("scene")
    return {**built.values, "overdue_invitation": built.overdue_invitation}


def client_for(app, staff_client, visitor, scene_values):
    """Return a client for the visitor and the CSRF token its forms carry."""
    if visitor is None:
        client = app.test_client()
        with client.session_transaction() as browser_session:
            browser_session[SESSION_KEY] = scene_values["overdue_invitation"]
        return client, StaffClient(client).csrf_token()
    staff = staff_client(visitor)
    return staff.client, staff.csrf_token()


@pytest.mark.parametrize(("rule_text", "endpoint", "visitor"), cases())
def test_hostile_input_never_makes_a_server_error(
    app, staff_client, scene_values, names, rule_text, endpoint, visitor
):
    rule = rule_named(app, rule_text, endpoint)
    parameters, fields = names
    client, token = client_for(app, staff_client, visitor, scene_values)
    values = {**scene_values, "lang": "sv"}
    if endpoint == "api.scheme":
        values["code"] = values["scheme_code"]
    segments = SEGMENT.findall(rule.rule)  # /api and /api/ fill <rest> by default
    failures = []

    def check(method, expected, *, segment=None, raw="", query="", form=None, label=""):
        path, path_info = build_path(rule, values, segment, raw)
        status = send(
            client, method, path, path_info=path_info if segment else None, query=query, form=form
        )
        wrong = status != 400 if expected == 400 else status >= 500
        if wrong:
            where = f"segment {segment}" if segment else ("form" if form else "query")
            failures.append(f"{method} {path}?{query[:60]} ({where}, {label}) -> {status}")

    # Edge values are checked once per rule (as the first visitor): they never reach a view.
    edge = EDGE_VALUES if visitor in (None, "admin") else []
    deep = [(f"deep{index}", value) for index, value in enumerate(DEEP_VALUES)]
    for method in methods_of(rule):
        for label, raw in edge:
            for segment in segments:
                check(method, 400, segment=segment, raw=raw, label=label)
            query = "&".join(f"{name}={quote(raw.encode('latin-1'))}" for name in parameters)
            check(method, 400, query=query, label=label)
            if method != "GET":
                check(method, 400, form=form_body(fields, raw, token), label=label)
        for label, value in deep:
            raw = value.encode("utf-8").decode("latin-1")
            for segment in segments:
                if value:
                    check(method, 500, segment=segment, raw=raw, label=label)
            query = urlencode([(name, value) for name in parameters])
            check(method, 500, query=query, label=label)
            if method != "GET":
                check(method, 500, form=form_body(fields, raw, token), label=label)
    assert not failures, "\n".join(failures)
