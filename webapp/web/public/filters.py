"""Read the provider list's filters from the query string, politely."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from webapp.catalog.models import Service
from webapp.catalog.vocab import TARGET_GROUPS
from webapp.providers.queries import ProviderFilters
from webapp.providers.vocab import FEATURES

SORTS = ("name", "result")
MAX_TEXT = 100
MAX_COMPARE = 4


@dataclass
class FilterChoice:
    """The filters as the visitor chose them, plus notes about what we could not use."""

    filters: ProviderFilters
    service: Service | None = None
    sort: str = "name"
    selected: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_filters(
    args: MultiDict, *, services: dict[str, Service], languages: set[str], districts: set[str]
) -> FilterChoice:
    """Turn query-string arguments into filters; unknown values are dropped with a notice."""
    notices = []

    def pick(name: str, allowed, message: str) -> str | None:
        value = args.get(name, "").strip()
        if not value:
            return None
        if value not in allowed:
            notices.append(message)
            return None
        return value

    service_code = pick(
        "service", services, _("Vi känner inte igen den insatsen. Därför visas alla insatser.")
    )
    service = services.get(service_code) if service_code else None
    language = pick(
        "language",
        languages,
        _("Ingen anordnare har personal som talar det språket. Därför visas alla språk."),
    )
    district = pick(
        "district", districts, _("Vi känner inte igen det området. Därför visas alla områden.")
    )
    target_group = pick(
        "group", TARGET_GROUPS, _("Vi känner inte igen den gruppen. Därför visas alla grupper.")
    )
    features = tuple(dict.fromkeys(f for f in args.getlist("feature") if f in FEATURES))
    if len(features) != len(set(args.getlist("feature"))):
        notices.append(_("Några av de valda egenskaperna finns inte och används inte."))
    text = args.get("q", "").strip()
    if len(text) > MAX_TEXT:
        notices.append(_("Söktexten var för lång och har kortats."))
        text = text[:MAX_TEXT]
    sort = args.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    filters = ProviderFilters(
        service_id=service.id if service else None,
        language=language,
        district=district,
        target_group=target_group,
        features=features,
        text=text,
    )
    return FilterChoice(
        filters=filters,
        service=service,
        sort=sort,
        selected=read_selected(args),
        notices=notices,
    )


def read_selected(args: MultiDict) -> list[str]:
    """Return the distinct provider slugs chosen for comparison, in order."""
    return list(dict.fromkeys(slug.strip() for slug in args.getlist("p") if slug.strip()))
