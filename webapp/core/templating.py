"""Filters and helpers the templates use for numbers, dates, languages and links."""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urljoin

from babel import Locale
from babel.numbers import format_decimal, format_percent
from flask import current_app, g, request, url_for
from flask_babel import gettext

from webapp.authorizations.vocab import END_REASONS
from webapp.catalog.vocab import TARGET_GROUPS
from webapp.core.activelocale import locale_code
from webapp.core.assets import static_url
from webapp.core.config import SOURCE_LANGUAGE
from webapp.core.contact import phone_hours, tel_uri
from webapp.core.datacache import NOBODY, render_fragment, render_lasting_fragment
from webapp.core.formats import clock_time, list_in, list_of, long_date, month_year
from webapp.core.textkeys import sort_key_for, swedish_sort_key
from webapp.followups.vocab import KINDS, VERDICT_EXPLANATIONS, VERDICTS
from webapp.providers.vocab import FEATURES
from webapp.results.periods import consecutive_runs, parse_period, period_bounds

WHOLE = Decimal(1)


def percent(value: float | None) -> str:
    """Format a share as a whole percentage in the active locale, e.g. '42 %'."""
    # The locale's own pattern: '42 %' with a no-break space in Swedish, '42%' in English.
    return "" if value is None else _percent_of(locale_code(), value)


# A page repeats the same shares; rounding one costs a few microseconds, Babel ten times that.
@lru_cache(maxsize=8192)
def _percent_of(lang: str, value: float) -> str:
    """Format a share in a language (kept per share, and per whole per cent behind it)."""
    return _percent_in(lang, whole_percent(value))


def whole_percent(value: float) -> Decimal:
    """Return a share rounded to whole per cent, as Babel rounds it: 0.295 -> 0.30.

    Babel reads the float's shortest text as a decimal and rounds half to even;
    so does this. Formatting the rounded share prints the same, and there are
    only 101 of them per language to keep.
    """
    return Decimal(str(value)).scaleb(2).quantize(WHOLE).scaleb(-2)


# Babel parses the locale's pattern on every call; a page formats dozens of shares.
@lru_cache(maxsize=4096)
def _percent_in(lang: str, value: Decimal) -> str:
    """Format a share as a percentage in a language (kept: pages repeat the same ones)."""
    return format_percent(value, locale=lang)


def number(value) -> str:
    """Format a whole number in the active locale, e.g. '1 234' (Flask-Babel's numberformat)."""
    return _number_in(locale_code(), value)


@lru_cache(maxsize=8192)
def _number_in(lang: str, value) -> str:
    """Format a number in a language (kept: tables repeat the same counts in every language)."""
    return format_decimal(value, locale=lang)


@lru_cache(maxsize=16)
def _language_names(lang: str) -> dict[str, str]:
    """Return the names of languages in a language, e.g. {'so': 'somaliska'}."""
    return Locale.parse(lang).languages


def language_name(code: str) -> str:
    """Return a language's name in the active locale, e.g. 'somaliska'."""
    return _language_names(locale_code()).get(code, code)


def swedish_language_name(code: str) -> str:
    """Return a language's name in Swedish, e.g. 'arabiska': the word to say on the phone."""
    return _language_names(SOURCE_LANGUAGE).get(code, code)


def sort_language_codes(codes) -> list[str]:
    """Sort language codes by their names, in the active locale's alphabetical order."""
    return list(_sorted_language_codes(locale_code(), tuple(codes)))


@lru_cache(maxsize=4096)
def _sorted_language_codes(lang: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """Sort language codes by their names in a language (kept: collation keys are slow)."""
    key = sort_key_for(lang)
    names = _language_names(lang)
    return tuple(sorted(codes, key=lambda code: key(names.get(code, code))))


# A provider's facts as lists in the reader's language. Every card in a list shows
# them, so each list is joined once per language and set of values, in Python:
# the same text through template filters cost a tenth of a card's render.
def staff_languages(provider) -> str:
    """Name the languages a provider's staff speak, in the reader's language and order."""
    return _staff_languages_in(locale_code(), tuple(item.language for item in provider.languages))


@lru_cache(maxsize=4096)
def _staff_languages_in(lang: str, codes: tuple[str, ...]) -> str:
    names = _language_names(lang)
    ordered = _sorted_language_codes(lang, codes)
    return list_in(lang, tuple(names.get(code, code) for code in ordered))


def feature_list(provider, empty: str = "") -> str:
    """Name what a provider offers, in the vocabulary's order, or say empty."""
    codes = frozenset(item.feature for item in provider.features)
    return _features_in(locale_code(), codes) or empty


@lru_cache(maxsize=1024)
def _features_in(lang: str, codes: frozenset[str]) -> str:
    # So providers offering the same read the same: the vocabulary's order.
    labels = tuple(str(label) for code, label in FEATURES.items() if code in codes)
    return list_in(lang, labels)


def office_districts(offices) -> str:
    """Name the districts a provider has offices in, each once, in Swedish order."""
    return _districts_in(locale_code(), tuple(office.district for office in offices))


@lru_cache(maxsize=4096)
def _districts_in(lang: str, districts: tuple[str, ...]) -> str:
    once = {}
    for district in districts:
        once.setdefault(district.lower(), district)  # as Jinja's unique: the first spelling
    return list_in(lang, tuple(swedish_sort(once.values())))


def swedish_sort(names) -> list[str]:
    """Sort Swedish names (districts) in Swedish alphabetical order."""
    return sorted(names, key=swedish_sort_key)


def query_args() -> dict[str, list[str]]:
    """Return the query parameters to keep in a link: none that url_for takes as its own."""
    own = {"endpoint", "lang", *(request.view_args or {})}
    return {
        name: values
        for name, values in request.args.to_dict(flat=False).items()
        if name not in own and not name.startswith("_")
    }


def url_in_language(lang: str) -> str:
    """Return this page's address in another language, filters kept."""
    # Asked twice per language on every page (the hreflang links and the menu).
    known = g.setdefault("urls_in_language", {})
    if lang not in known:
        # Every public address starts with its language: build one, swap the prefix.
        source = known.get(SOURCE_LANGUAGE) or _build_url_in_language(SOURCE_LANGUAGE)
        known[SOURCE_LANGUAGE] = source
        prefix = f"/{SOURCE_LANGUAGE}/"
        if source.startswith(prefix):
            known[lang] = f"/{lang}/{source[len(prefix) :]}"
        else:
            known[lang] = _build_url_in_language(lang)
    return known[lang]


def _build_url_in_language(lang: str) -> str:
    """Build this page's address in another language, filters kept."""
    # A lättläst page names the page of the site it retells (webapp.web.public.easy).
    standard = g.get("standard_endpoint")
    if standard:
        return url_for(standard, lang=lang)
    endpoint = request.endpoint or ""
    if not endpoint.startswith("public."):
        return url_for("public.index", lang=lang)
    return url_for(endpoint, lang=lang, **(request.view_args or {}), **query_args())


def alternate_url(lang: str | None) -> str:
    """Return this page's canonical absolute address in another language (for hreflang).

    Without a language (hreflang="x-default") the address has no language prefix:
    it sends each visitor to the page in their browser's language (root.py).
    """
    path = url_in_language(lang or SOURCE_LANGUAGE)
    if lang is None:
        path = "/" + path.split("/", 2)[2]
    return _origin(current_app.config["PUBLIC_BASE_URL"]) + path


@lru_cache(maxsize=4)
def _origin(base_url: str) -> str:
    """Return scheme and host of the site's address: what an absolute path is joined to."""
    return urljoin(base_url + "/", "/").rstrip("/")


def url_with(**changes) -> str:
    """Return this page's address with some query parameters replaced or removed."""
    args = query_args()
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@dataclass(frozen=True)
class LocalText:
    """A text in the visitor's language, or the Swedish original when none is stored."""

    text: str
    lang: str
    fallback: bool


def localized(row, field: str, lang: str | None = None) -> LocalText:
    """Return a row's text in the active language (or lang), falling back to Swedish."""
    lang = lang or locale_code()
    if lang != SOURCE_LANGUAGE:
        for translation in row.translations:
            if translation.lang == lang and getattr(translation, field):
                return LocalText(getattr(translation, field), lang, False)
    original = getattr(row, field)
    return LocalText(original, SOURCE_LANGUAGE, lang != SOURCE_LANGUAGE and bool(original))


def init_app(app):
    """Register the helpers on the Jinja environment."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        percent=percent,
        numberformat=number,
        long_date=long_date,
        clock_time=clock_time,
        list_of=list_of,
        language_name=language_name,
        period_label=period_label,
        span_label=span_label,
        swedish_sort=swedish_sort,
    )
    app.jinja_env.globals.update(
        static_url=static_url,
        url_in_language=url_in_language,
        alternate_url=alternate_url,
        url_with=url_with,
        sort_language_codes=sort_language_codes,
        staff_languages=staff_languages,
        feature_list=feature_list,
        office_districts=office_districts,
        localized=localized,
        render_fragment=render_fragment,
        NOBODY=NOBODY,
        render_lasting_fragment=render_lasting_fragment,
        config_value=lambda key: current_app.config[key],
        phone_hours=phone_hours,
        tel_uri=tel_uri,
        swedish_language_name=swedish_language_name,
        feature_labels=FEATURES,
        target_group_labels=TARGET_GROUPS,
        end_reason_labels=END_REASONS,
        follow_up_kind_labels=KINDS,
        verdict_labels=VERDICTS,
        verdict_explanations=VERDICT_EXPLANATIONS,
    )


def period_label(period: str) -> str:
    """Name a half-year in words, e.g. 'januari–juni 2025'."""
    return _period_label_in(locale_code(), period)


@lru_cache(maxsize=4096)
def _period_label_in(_lang: str, period: str) -> str:
    """Name a half-year in the active language (kept per language: the words are translated)."""
    year, half = parse_period(period)
    if half == 1:
        # I18N: The first half of a year; %(year)s is e.g. 2025.
        return gettext("januari–juni %(year)s", year=year)
    # I18N: The second half of a year; %(year)s is e.g. 2025.
    return gettext("juli–december %(year)s", year=year)


def span_label(periods) -> str:
    """Name exactly the months some half-years cover, e.g. 'juli 2024 – juni 2025'.

    One half-year reads 'januari–juni 2025'; half-years that do not follow each
    other are named run by run, e.g. 'januari–juni 2024 och januari–juni 2025'.
    """
    parts = []
    for first, last in consecutive_runs(periods):
        if first == last:
            parts.append(period_label(first))
            continue
        start, _ = period_bounds(first)
        _, end = period_bounds(last)
        parts.append(f"{month_year(start)} – {month_year(end)}")
    return list_of(parts)
