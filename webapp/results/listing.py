"""The public provider list with results: filters checked, sorted by name or result, paged."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from webapp.catalog.models import Scheme, Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.catalog.vocab import TARGET_GROUPS
from webapp.core.activelocale import gettext as _
from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.core.textkeys import swedish_sort_key
from webapp.providers.models import Provider
from webapp.providers.queries import (
    ProviderFilters,
    ProviderName,
    list_districts,
    list_matching_names,
    list_providers_by_id,
    list_staff_languages,
)
from webapp.providers.vocab import FEATURES
from webapp.results.casemix.people import find_group_results
from webapp.results.casemix.strata import Group, read_group
from webapp.results.queries import Headline, summarize_headline

SORTS = ("name", "result")
MAX_TEXT = 100
# Far more than a municipality's providers: one page in practice, but a page's
# size stays bounded however many there are.
PAGE_SIZE = 50


@dataclass(frozen=True)
class ListRequest:
    """The filters as typed in the address, not yet checked against what exists."""

    service: str = ""
    language: str = ""
    district: str = ""
    group: str = ""
    features: tuple[str, ...] = ()
    text: str = ""
    sort: str = "name"
    page: str | None = None
    selected: list[str] = field(default_factory=list)
    people: str = ""  # whose results: everyone, 18–24-year-olds or newcomers


@dataclass
class FilterChoice:
    """The filters as the visitor chose them, plus notes about what we could not use."""

    filters: ProviderFilters
    service: Service | None = None
    sort: str = "name"
    selected: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    group: Group = Group.ALL


@dataclass(frozen=True)
class ListPage:
    """One page of the sorted list."""

    items: list
    number: int
    pages: int
    total: int


@dataclass(frozen=True)
class ProviderList:
    """Everything the provider list shows: the filter choices, one page of providers, results."""

    schemes: list[Scheme]
    staff_languages: list[str]
    districts: list[str]
    choice: FilterChoice
    headline: Headline
    providers: list[Provider]
    page: ListPage

    @property
    def order_note(self) -> str:
        """Say in one sentence how the list is ordered."""
        return describe_order(self.choice.sort)


def check_filters(
    asked: ListRequest, *, services: dict[str, Service], languages: set[str], districts: set[str]
) -> FilterChoice:
    """Turn the asked-for filters into usable ones; unknown values are dropped with a notice."""
    notices = []

    def pick(value: str, allowed, message: str) -> str | None:
        if not value:
            return None
        if value not in allowed:
            notices.append(message)
            return None
        return value

    service_code = pick(
        asked.service,
        services,
        _("Vi känner inte igen den insatsen. Därför visas alla insatser."),
    )
    service = services.get(service_code) if service_code else None
    language = pick(
        asked.language,
        languages,
        _("Ingen anordnare har personal som talar det språket. Därför visas alla språk."),
    )
    district = pick(
        asked.district,
        districts,
        _("Vi känner inte igen det området. Därför visas alla områden."),
    )
    target_group = pick(
        asked.group,
        TARGET_GROUPS,
        _("Vi känner inte igen den gruppen. Därför visas alla grupper."),
    )
    sort = asked.sort if asked.sort in SORTS else "name"
    if sort == "result" and service is None:
        # Results compare fairly only within one service: pooled ones are not ranked.
        notices.append(
            _(
                "Välj en insats för att sortera efter resultat. Resultat går bara att "
                "jämföra inom samma insats."
            )
        )
        sort = "name"
    group = read_group(asked.people)
    if asked.people and group.value != asked.people:
        notices.append(
            _("Vi känner inte igen det valet. Därför visas resultat för alla deltagare.")
        )
    features = tuple(dict.fromkeys(f for f in asked.features if f in FEATURES))
    if len(features) != len(set(asked.features)):
        notices.append(_("Några av de valda egenskaperna finns inte och används inte."))
    text = asked.text
    if len(text) > MAX_TEXT:
        notices.append(_("Söktexten var för lång och har kortats."))
        text = text[:MAX_TEXT]
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
        selected=asked.selected,
        notices=notices,
        group=group,
    )


def describe_order(sort: str) -> str:
    """Say in one sentence how the list is ordered."""
    if sort == "result":
        return _(
            "Sorterat efter resultat: först högre än genomsnittet, sedan ingen tydlig "
            "skillnad, sedan lägre och sist de utan resultat att visa – inom varje grupp "
            "efter det lägsta troliga resultatet, så att en liten grupp inte hamnar först "
            "av en slump."
        )
    return _("Sorterat efter namn från A till Ö, inte efter hur bra anordnarna är.")


def sort_providers(providers: list, headline: Headline, sort: str) -> list:
    """Sort providers (or their names) by name in Swedish order, or by result.

    By result: the verdict first (higher, no clear difference, lower), then the
    interval's lower bound, then the name; hidden and missing results come last
    (``Outcome.sort_key``). Anything with ``id`` and ``name`` can be sorted, so
    the list can be paged before details are loaded.
    """

    def by_name(provider) -> str:
        return swedish_sort_key(provider.name)

    if sort == "result":
        return sorted(providers, key=lambda p: (headline.outcome_for(p.id).sort_key, by_name(p)))
    return sorted(providers, key=by_name)


def paginate(providers: list, page: str | None, size: int = PAGE_SIZE) -> ListPage:
    """Return the asked-for page; a page number that makes no sense gives the nearest page."""
    pages = max(1, -(-len(providers) // size))
    number = int(page) if page and page.isdigit() else 1
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    return ListPage(providers[start : start + size], number, pages, len(providers))


@reuse_per_version(own_texts_of=NOBODY)
def find_headline(
    session: Session, *, service_id: int | None, group: Group, minimum: int
) -> Headline:
    """Return the results the list shows: everyone's, or the group's picked."""
    if group is Group.ALL:
        return summarize_headline(session, service_id=service_id, minimum=minimum)
    return find_group_results(session, group=group, minimum=minimum).headline(service_id=service_id)


@reuse_per_version(own_texts_of=NOBODY)
def list_in_order(
    session: Session,
    *,
    today: date,
    filters: ProviderFilters,
    sort: str,
    group: Group,
    minimum: int,
) -> list[ProviderName]:
    """Return the matching providers' ids and names in the order asked (kept: sorting costs)."""
    headline = find_headline(session, service_id=filters.service_id, group=group, minimum=minimum)
    found = list_matching_names(session, today=today, filters=filters)
    return sort_providers(found, headline, sort)


def list_providers_with_results(
    session: Session, *, asked: ListRequest, today: date, minimum: int
) -> ProviderList:
    """Return the page of providers authorized today that match the filters, with results."""
    schemes = list_schemes(session)
    languages = list_staff_languages(session, today=today)
    districts = list_districts(session, today=today)
    choice = check_filters(
        asked,
        services=index_services(schemes),
        languages=set(languages),
        districts=set(districts),
    )
    headline = find_headline(
        session, service_id=choice.filters.service_id, group=choice.group, minimum=minimum
    )
    # Sort and page on ids and names; load the details of one page only. A name
    # search is what someone typed: not kept, or anyone could fill the cache with it.
    order = list_in_order.__wrapped__ if choice.filters.text else list_in_order
    ordered = order(
        session,
        today=today,
        filters=choice.filters,
        sort=choice.sort,
        group=choice.group,
        minimum=minimum,
    )
    page = paginate(ordered, asked.page)
    return ProviderList(
        schemes=schemes,
        staff_languages=languages,
        districts=districts,
        choice=choice,
        headline=headline,
        providers=list_providers_by_id(session, ids=[item.id for item in page.items]),
        page=page,
    )
