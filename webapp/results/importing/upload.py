"""The uploaded file: its size, encoding and line ends, its digest, and the problems found in it."""

import hashlib
import re
from dataclasses import dataclass

from flask_babel import format_decimal

from webapp.core.activelocale import gettext as _

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# Cells are quoted back in messages; a runaway cell is cut short.
QUOTE_LENGTH = 40

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, where it is, and what to do about it."""

    row: int | None  # the line in the file, header = 1; None for the whole file
    column: str | None  # the column's header as written, None for the whole row
    message: str


def quote(text: str) -> str:
    """Return a cell as quoted back in a message: cut short when it runs on."""
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH] + "…"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems as they appear in the file: file-wide first, then by row."""
    return sorted(problems, key=lambda problem: -1 if problem.row is None else problem.row)


def normalize_newlines(text: str) -> str:
    """Turn CRLF and CR line ends into LF, as a browser's form round trip would mix them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_digest(text: str) -> str:
    """Return the SHA-256 of the (newline-normalized) file text."""
    return hashlib.sha256(normalize_newlines(text).encode("utf-8")).hexdigest()


def size_label(size: int) -> str:
    """Name a size in bytes the way people read it, e.g. '2 MB' or '500 kB'."""
    if size >= 1024 * 1024:
        return _("%(num)s MB", num=format_decimal(round(size / 1024 / 1024, 1)))
    return _("%(num)s kB", num=format_decimal(max(1, round(size / 1024))))


def too_large_problem(max_bytes: int) -> Problem:
    """Return the problem of a file over the size limit."""
    message = _(
        "Filen är för stor. Den får vara högst %(size)s. Dela upp resultaten i flera filer.",
        size=size_label(max_bytes),
    )
    return Problem(None, None, message)


def decode_upload(data: bytes, *, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Check the file's size and encoding; return its text with LF line ends, or problems."""
    if len(data) > max_bytes:
        return None, [too_large_problem(max_bytes)]
    try:
        # utf-8-sig drops the byte order mark Excel writes, and reads files without it too.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = _(
            "Filen är inte sparad som UTF-8. Öppna den i Excel, välj Arkiv > Spara som och "
            "filformatet ”CSV UTF-8 (kommaavgränsad) (*.csv)”, och läs in den nya filen."
        )
        return None, [Problem(None, None, message)]
    if not text.strip():
        message = _("Filen är tom. Välj en CSV-fil med en rubrikrad och minst en rad resultat.")
        return None, [Problem(None, None, message)]
    if _CONTROL.search(text):
        message = _("Filen innehåller tecken som inte hör hemma i en textfil. Välj en CSV-fil.")
        return None, [Problem(None, None, message)]
    return normalize_newlines(text), []
