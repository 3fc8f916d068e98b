"""Read an API request's query parameters strictly: a typo is an error, not a silent no-op."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from flask import current_app, request
from werkzeug.datastructures import MultiDict

from webapp.results.periods import parse_period
from webapp.web.api.problems import InvalidParam, invalid_params

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
PAGING = ("page", "per_page")


@dataclass(frozen=True)
class Paging:
    """Which slice of a list was asked for."""

    page: int
    per_page: int

    @property
    def offset(self) -> int:
        """Return how many items come before this page."""
        return (self.page - 1) * self.per_page


class QueryReader:
    """Collect every problem with the parameters, then report them all at once."""

    def __init__(self, args: MultiDict, allowed: Collection[str]):
        self.args = args
        self.invalid: list[InvalidParam] = []
        for name in args:
            if name not in allowed and name != "lang":
                known = ", ".join(sorted({*allowed, "lang"}))
                self.invalid.append(InvalidParam(name, f"Unknown parameter. Known: {known}."))
            elif len(args.getlist(name)) > 1:
                self.invalid.append(InvalidParam(name, "Give this parameter at most once."))

    def text(self, name: str) -> str | None:
        """Return a parameter's value, stripped, or None when absent or empty."""
        value = self.args.get(name, "").strip()
        return value or None

    def given(self, name: str) -> str | None:
        """Return a parameter's value, stripped, or None when absent; refuse it empty.

        Codes, numbers and languages have no empty value: ``page=`` is a mistake.
        """
        value = self.text(name)
        if value is None and name in self.args:
            self.invalid.append(InvalidParam(name, "Must not be empty."))
        return value

    def choice(self, name: str, choices: Mapping | Collection, what: str):
        """Return choices[value] (or the value) when it is one of the choices, else None."""
        value = self.given(name)
        if value is None:
            return None
        if value not in choices:
            self.invalid.append(InvalidParam(name, f"No {what} has the code {value!r}."))
            return None
        return choices[value] if isinstance(choices, Mapping) else value

    def integer(self, name: str, default: int, *, maximum: int | None = None) -> int:
        """Return a positive whole number, at most maximum."""
        value = self.given(name)
        if value is None:
            return default
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            self.invalid.append(InvalidParam(name, "Must be a whole number, 1 or more."))
            return default
        if maximum is not None and int(value) > maximum:
            self.invalid.append(InvalidParam(name, f"Must be at most {maximum}."))
            return default
        return int(value)

    def period(self, name: str = "period") -> str | None:
        """Return a half-year written as 2025H1 or 2025H2."""
        value = self.given(name)
        if value is None:
            return None
        parsed = parse_period(value)
        if parsed is None:
            self.invalid.append(InvalidParam(name, "Must be a half-year such as 2025H1."))
            return None
        return f"{parsed[0]}H{parsed[1]}"

    def paging(self) -> Paging:
        """Return the page and page size asked for."""
        return Paging(
            page=self.integer("page", 1),
            per_page=self.integer("per_page", DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE),
        )

    def lang(self) -> str:
        """Return the language asked for, Swedish by default."""
        languages = current_app.config["LANGUAGES"]
        value = self.given("lang")
        if value is None:
            return current_app.config["BABEL_DEFAULT_LOCALE"]
        if value not in languages:
            reason = f"Not one of the site's languages: {', '.join(languages)}."
            self.invalid.append(InvalidParam("lang", reason))
            return current_app.config["BABEL_DEFAULT_LOCALE"]
        return value

    def finish(self) -> None:
        """Raise a 400 problem if any parameter could not be used."""
        if self.invalid:
            raise invalid_params(self.invalid)


def read_listing(*names: str) -> tuple[QueryReader, Paging, str]:
    """Read a request that takes paging, lang and the given filters."""
    reader = QueryReader(request.args, {*names, *PAGING})
    return reader, reader.paging(), reader.lang()


def read_lang() -> str:
    """Read a request that takes only lang."""
    reader = QueryReader(request.args, ())
    lang = reader.lang()
    reader.finish()
    return lang
