"""The open data's result lists counted and cut into pages in SQL, one page's details loaded.

Which cells and pooled results exist, and their order, are the same as in
``webapp.results.open_data`` (which builds the whole lists for the CSV files): a
provider on public record has them for every service it was ever authorized for
or has results in; cells come by provider, service in display order and
half-year; pooled results by provider, all services first, then each service.
"""

from sqlalchemy import Integer, cast, exists, func, null, union, union_all
from sqlmodel import Session, select

from webapp.authorizations.models import Authorization
from webapp.catalog.models import Scheme, Service
from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.providers.models import Provider
from webapp.results.models import PublishedPeriod, Result
from webapp.results.open_data import (
    Cell,
    Pooled,
    build_cell,
    build_one_pooled,
    group_spans,
)
from webapp.results.public_record import (
    AuthorizationSpan,
    Catalog,
    ProviderIdentity,
    on_public_record,
)
from webapp.results.queries import summarize_extras, summarize_headline
from webapp.results.windows import find_windows

CellKey = tuple[int, int, str]  # provider id, service id, half-year
PooledKey = tuple[int, int | None]  # provider id, service id (None: all services)


def _pairs():
    """Return the provider and service pairs of providers on public record, as a subquery."""
    pairs = union(
        select(Authorization.provider_id, Authorization.service_id),
        select(Result.provider_id, Result.service_id),
    ).subquery("pairs")
    on_record = exists().where(Authorization.provider_id == pairs.c.provider_id)
    return select(pairs.c.provider_id, pairs.c.service_id).where(on_record).subquery("paired")


def _display_order():
    """Return the columns that put services in display order: scheme, then service."""
    return (Scheme.position, Scheme.id, Service.position, Service.id)


def _count_and_page(session: Session, statement, order, offset: int, limit: int):
    """Return how many rows the statement gives, and one page of them in this order."""
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(statement.order_by(*order).offset(offset).limit(limit))
    return total, [tuple(row) for row in rows]


def page_cell_keys(
    session: Session,
    *,
    provider_id: int | None,
    service_id: int | None,
    period: str | None,
    offset: int,
    limit: int,
) -> tuple[int, list[CellKey]]:
    """Count the half-year cells that match; return one page of their keys, in the API's order.

    Every half-year published for a service has a cell for each provider it was paired with.
    """
    pairs = _pairs()
    statement = (
        select(pairs.c.provider_id, pairs.c.service_id, PublishedPeriod.period)
        .join(PublishedPeriod, PublishedPeriod.service_id == pairs.c.service_id)
        .join(Service, Service.id == pairs.c.service_id)
        .join(Scheme, Scheme.id == Service.scheme_id)
    )
    if provider_id is not None:
        statement = statement.where(pairs.c.provider_id == provider_id)
    if service_id is not None:
        statement = statement.where(pairs.c.service_id == service_id)
    if period is not None:
        statement = statement.where(PublishedPeriod.period == period)
    order = (pairs.c.provider_id, *_display_order(), PublishedPeriod.period)
    return _count_and_page(session, statement, order, offset, limit)


def page_pooled_keys(
    session: Session,
    *,
    provider_id: int | None,
    service_ids: tuple[int | None, ...],
    offset: int,
    limit: int,
) -> tuple[int, list[PooledKey]]:
    """Count the pooled results that match; return one page of their keys, in the API's order.

    ``service_ids`` lists the services wanted, None for all services pooled.
    """
    parts = []
    if None in service_ids:
        every = select(Provider.id.label("provider_id"), cast(null(), Integer).label("service_id"))
        parts.append(every.where(on_public_record()))
    wanted = [key for key in service_ids if key is not None]
    if wanted:
        pairs = _pairs()
        parts.append(
            select(pairs.c.provider_id, pairs.c.service_id).where(pairs.c.service_id.in_(wanted))
        )
    keys = union_all(*parts).subquery("keys")
    statement = (
        select(keys.c.provider_id, keys.c.service_id)
        .outerjoin(Service, Service.id == keys.c.service_id)
        .outerjoin(Scheme, Scheme.id == Service.scheme_id)
    )
    if provider_id is not None:
        statement = statement.where(keys.c.provider_id == provider_id)
    # All services pooled (no service) come first for each provider.
    order = (keys.c.provider_id, keys.c.service_id.is_not(None), *_display_order())
    return _count_and_page(session, statement, order, offset, limit)


def _identities(session: Session, provider_ids: list[int]) -> dict[int, ProviderIdentity]:
    """Return how these providers are identified, by id."""
    if not provider_ids:
        return {}
    statement = select(Provider.id, Provider.slug, Provider.name, Provider.org_number).where(
        Provider.id.in_(provider_ids)
    )
    return {row[0]: ProviderIdentity(*row) for row in session.exec(statement)}


def _spans(session: Session, provider_ids: list[int]) -> list[AuthorizationSpan]:
    """Return these providers' authorization periods."""
    if not provider_ids:
        return []
    statement = select(
        Authorization.provider_id,
        Authorization.service_id,
        Authorization.valid_from,
        Authorization.valid_until,
    ).where(Authorization.provider_id.in_(provider_ids))
    return [AuthorizationSpan(*row) for row in session.exec(statement)]


def collect_cell_page(
    session: Session, *, keys: list[CellKey], services: dict[int, Service], minimum: int
) -> list[Cell]:
    """Return the cells of one page of keys, loading only their providers' rows and spans."""
    provider_ids = sorted({key[0] for key in keys})
    rows = {}
    if keys:
        statement = select(Result).where(
            Result.provider_id.in_(provider_ids),
            Result.service_id.in_(sorted({key[1] for key in keys})),
            Result.period.in_(sorted({key[2] for key in keys})),
        )
        rows = {(r.provider_id, r.service_id, r.period): r for r in session.exec(statement)}
    identities = _identities(session, provider_ids)
    grouped = group_spans(_spans(session, provider_ids))
    return [
        build_cell(
            identities[provider_id],
            services[service_id],
            period,
            row=rows.get((provider_id, service_id, period)),
            spans=grouped[(provider_id, service_id)],
            minimum=minimum,
        )
        for provider_id, service_id, period in keys
    ]


def collect_pooled_page(
    session: Session,
    *,
    keys: list[PooledKey],
    services: dict[int, Service],
    wanted: list[int | None],
    minimum: int,
) -> list[Pooled]:
    """Return the pooled results of one page of keys; wanted: every service id the list covers.

    The pooling runs over every provider (it compares each with the average) for each
    wanted service, the same statements whichever page is asked for.
    """
    windows = tuple(find_windows(session).items())
    headlines = {
        service_id: summarize_headline(
            session, service_id=service_id, minimum=minimum, windows=windows
        )
        for service_id in wanted
    }
    provider_ids = sorted({key[0] for key in keys})
    extras = {}
    if any(service_id is not None for service_id in wanted):  # all services pooled have none
        extras = summarize_extras(
            session, provider_ids=provider_ids, service_id=None, minimum=minimum, windows=windows
        )
    identities = _identities(session, provider_ids)
    grouped = group_spans(_spans(session, provider_ids))
    return [
        build_one_pooled(
            identities[provider_id],
            services[service_id] if service_id is not None else None,
            headline=headlines[service_id],
            spans=grouped[(provider_id, service_id)],
            extras=extras,
        )
        for provider_id, service_id in keys
    ]


@reuse_per_version(own_texts_of=NOBODY)
def page_cells(
    session: Session,
    *,
    catalog: Catalog,
    provider_id: int | None,
    service_id: int | None,
    period: str | None,
    minimum: int,
    offset: int,
    limit: int,
) -> tuple[int, list[Cell]]:
    """Count the half-year cells that match; return one page of them, in the API's order."""
    total, keys = page_cell_keys(
        session,
        provider_id=provider_id,
        service_id=service_id,
        period=period,
        offset=offset,
        limit=limit,
    )
    return total, collect_cell_page(session, keys=keys, services=catalog.by_id, minimum=minimum)


@reuse_per_version(own_texts_of=NOBODY)
def page_pooled(
    session: Session,
    *,
    catalog: Catalog,
    provider_id: int | None,
    service_ids: tuple[int | None, ...],
    minimum: int,
    offset: int,
    limit: int,
) -> tuple[int, list[Pooled]]:
    """Count the pooled results that match; return one page of them, in the API's order.

    ``service_ids`` lists every service the list covers, None for all services pooled.
    """
    total, keys = page_pooled_keys(
        session, provider_id=provider_id, service_ids=service_ids, offset=offset, limit=limit
    )
    return total, collect_pooled_page(
        session, keys=keys, services=catalog.by_id, wanted=list(service_ids), minimum=minimum
    )
