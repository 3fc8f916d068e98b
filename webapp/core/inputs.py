"""Characters no field may hold, refused at the edge before any view or database sees them.

NUL and the other C0 control characters (tab, line feed and carriage return
excepted: text areas hold them), lone surrogates and bytes that are not UTF-8
have no place in an address, a query parameter, a form field or a JSON body.
PostgreSQL refuses NUL in text, so letting one through turns a typo or an
attack into a 500. Each request is checked once here; uploaded files are
checked by their importer after decoding.
"""

import re
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qsl

from flask import current_app, request
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest

from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.db import open_session

# C0 controls except tab, LF and CR; UTF-16 surrogates, which no UTF-8 text holds.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# What a form parser puts in place of bytes that are not UTF-8.
_REPLACEMENT = "\ufffd"
FORM_TYPES = ("application/x-www-form-urlencoded",)


def has_forbidden_character(text: str) -> bool:
    """Tell whether text holds a character no field may hold."""
    return _FORBIDDEN.search(text) is not None


class UnusableInput(BadRequest):
    """A request that holds characters no field may hold; names says where."""

    description = _l(
        "Adressen eller formuläret innehåller tecken som inte kan användas, till exempel "
        "osynliga styrtecken. Gå tillbaka, ta bort dem och försök igen."
    )

    def __init__(self, names: list[str]):
        super().__init__()
        self.names = names


def _decode_strictly(raw: str) -> str | None:
    """Return WSGI text (bytes as Latin-1) decoded as UTF-8, or None if it is not UTF-8."""
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def _pairs_problems(query: str, where: str) -> Iterator[str]:
    """Name each parameter of a URL-encoded string that is not clean UTF-8 text."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeError:
        yield where
        return
    for name, value in pairs:
        if has_forbidden_character(name) or has_forbidden_character(value):
            yield name if not has_forbidden_character(name) else where


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _form_problems() -> Iterable[str]:
    if request.mimetype in FORM_TYPES:
        # The raw body, decoded strictly: the form parser would hide bad bytes.
        body = request.get_data(cache=True).decode("latin-1")
        return _pairs_problems(body, "form")
    if request.mimetype == "multipart/form-data":
        names = [
            name
            for name, value in request.form.items(multi=True)
            if has_forbidden_character(name + value) or _REPLACEMENT in value
        ]
        names += [
            name
            for name, upload in request.files.items(multi=True)
            if has_forbidden_character(upload.filename or "")
        ]
        return names
    if request.is_json:
        data = request.get_json(silent=True)
        return ["body"] if any(map(has_forbidden_character, _json_strings(data))) else []
    return []


def unusable_parts() -> list[str]:
    """Return where the request holds characters no field may hold: "path", names, "form"."""
    found: list[str] = []
    path = _decode_strictly(request.environ.get("PATH_INFO", ""))
    if path is None or has_forbidden_character(path):
        found.append("path")
    found.extend(_pairs_problems(request.environ.get("QUERY_STRING", ""), "query"))
    found.extend(_form_problems())
    return list(dict.fromkeys(found))


def refuse_unusable_input() -> None:
    """Refuse a request that holds characters no field may hold, before anything reads it."""
    names = unusable_parts()
    if names:
        raise UnusableInput(names)


def render_data_error(error: DataError):
    """Answer a value the database refuses (a number too large, say) as bad input, not a 500."""
    current_app.logger.warning("database refused a value: %s", type(error.orig).__name__)
    session = open_session()
    if session is not None:
        session.rollback()  # the failed statement has ended the transaction
    return current_app.handle_http_exception(UnusableInput(["value"]))


def init_app(app):
    """Check every request first, and turn the database's refusals of values into 400s."""
    app.before_request(refuse_unusable_input)
    app.register_error_handler(DataError, render_data_error)
