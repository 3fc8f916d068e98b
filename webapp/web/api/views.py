"""The read-only open data API under /api/: JSON for schemes, services, providers, results."""

from functools import partial

from flask import Blueprint, current_app, request, url_for
from werkzeug.exceptions import MethodNotAllowed, NotFound

from webapp.core import clock
from webapp.core.db import get_session
from webapp.followups.open_data import list_published_links
from webapp.results.open_data_pages import page_cells, page_pooled
from webapp.results.public_record import (
    STANDINGS,
    get_public_provider,
    index_provider_identities,
    load_catalog,
    page_public_profiles,
)
from webapp.web.api.dcat import build_catalog_document
from webapp.web.api.documents import (
    cell_document,
    pooled_document,
    provider_context,
    provider_document,
    scheme_document,
    service_document,
)
from webapp.web.api.openapi import build_openapi_document
from webapp.web.api.pages import paged
from webapp.web.api.params import QueryReader, read_lang, read_listing
from webapp.web.api.problems import Problem, register_handlers
from webapp.web.api.responses import (
    add_api_headers,
    item_response,
    json_response,
    list_response,
    page_response,
)

bp = Blueprint("api", __name__, url_prefix="/api")
register_handlers(bp)
bp.after_request(add_api_headers)


@bp.get("/v1/")
def index():
    """List what the API offers."""
    lang = read_lang()
    links = {
        name: url_for(f"api.{name}")
        for name in (
            "schemes",
            "services",
            "providers",
            "results",
            "pooled_results",
            "follow_ups",
            "terms",
            "strata_rates",
            "expected_results",
        )
    }
    links |= {"openapi": url_for("api.openapi"), "dcat": url_for("api.dcat")}
    return json_response({"data": {"links": links}, "meta": {"lang": lang}})


@bp.get("/v1/schemes")
def schemes():
    """List the choice schemes."""
    reader, paging, lang = read_listing()
    reader.finish()
    return list_response(load_catalog(get_session()).schemes, scheme_document, paging, lang)


@bp.get("/v1/schemes/<code>")
def scheme(code):
    """Show one choice scheme."""
    lang = read_lang()
    found = load_catalog(get_session()).scheme_by_code(code) or not_found("scheme", code)
    return item_response(found, scheme_document, lang)


@bp.get("/v1/services")
def services():
    """List the services, optionally of one scheme."""
    reader, paging, lang = read_listing("scheme")
    known = load_catalog(get_session())
    chosen = reader.choice("scheme", known.schemes_by_code(), "scheme")
    reader.finish()
    items = [s for s in known.services if chosen is None or known.scheme_of(s) is chosen]
    return list_response(items, partial(service_document, catalog=known), paging, lang)


@bp.get("/v1/services/<code>")
def service(code):
    """Show one service."""
    lang = read_lang()
    known = load_catalog(get_session())
    found = known.by_code.get(code) or not_found("service", code)
    return item_response(found, partial(service_document, catalog=known), lang)


@bp.get("/v1/providers")
def providers():
    """List every provider that is, was or will be authorized, by id."""
    reader, paging, lang = read_listing("service", "status")
    session = get_session()
    known = load_catalog(session)
    chosen = reader.choice("service", known.by_code, "service")
    status = reader.choice("status", STANDINGS, "status")
    reader.finish()
    today = clock.today()
    total, found = page_public_profiles(
        session,
        today=today,
        service_id=chosen.id if chosen else None,
        status=status,
        offset=paging.offset,
        limit=paging.per_page,
    )
    context = provider_context(
        today=today, catalog=known, lang=lang, follow_up_links=list_published_links(session)
    )
    document = partial(provider_document, context=context)
    return page_response(paged(found, paging, total), document, lang)


@bp.get("/v1/providers/<slug>")
def provider(slug):
    """Show one provider's profile and authorization history."""
    lang = read_lang()
    session = get_session()
    found = get_public_provider(session, slug=slug) or not_found("provider", slug)
    known = load_catalog(session)
    context = provider_context(
        today=clock.today(), catalog=known, lang=lang, follow_up_links=list_published_links(session)
    )
    return item_response(found, partial(provider_document, context=context), lang)


@bp.get("/v1/results")
def results():
    """List results per provider, service and half-year; hidden and missing ones marked."""
    reader, paging, lang = read_listing("service", "provider", "period")
    session = get_session()
    known = load_catalog(session)
    service = reader.choice("service", known.by_code, "service")
    chosen = reader.choice("provider", index_provider_identities(session), "provider")
    period = reader.period()
    reader.finish()
    total, cells = page_cells(
        session,
        catalog=known,
        provider_id=chosen.id if chosen else None,
        service_id=service.id if service else None,
        period=period,
        minimum=current_app.config["MIN_GROUP_SIZE"],
        offset=paging.offset,
        limit=paging.per_page,
    )
    return page_response(paged(cells, paging, total), cell_document, lang)


@bp.get("/v1/pooled-results")
def pooled_results():
    """List the pooled 12-month results the site shows, per service and for all services."""
    reader, paging, lang = read_listing("service", "provider")
    session = get_session()
    known = load_catalog(session)
    every = reader.text("service") == "all"
    service = None if every else reader.choice("service", known.by_code, "service")
    chosen = reader.choice("provider", index_provider_identities(session), "provider")
    reader.finish()
    # No service filter gives both kinds: all services pooled (None) and each service.
    wanted = [service.id] if service else [None, *(s.id for s in known.services)]
    if every:
        wanted = [None]
    total, pooled = page_pooled(
        session,
        catalog=known,
        provider_id=chosen.id if chosen else None,
        service_ids=tuple(wanted),
        minimum=current_app.config["MIN_GROUP_SIZE"],
        offset=paging.offset,
        limit=paging.per_page,
    )
    return page_response(paged(pooled, paging, total), pooled_document, lang)


@bp.get("/openapi.json")
def openapi():
    """Describe the API in OpenAPI 3.1."""
    QueryReader(request.args, ()).finish()
    return json_response(build_openapi_document())


@bp.get("/dcat.jsonld")
def dcat():
    """Describe the dataset in DCAT-AP-SE for the national data portal."""
    QueryReader(request.args, ()).finish()
    return json_response(build_catalog_document(get_session()), mimetype="application/ld+json")


@bp.route("", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest):
    """Answer addresses the API does not have, and writes it never takes, with a problem."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _values = adapter.match(request.path, method="GET")
    except NotFound:
        endpoint = None
    if endpoint is not None and endpoint != "api.unknown":
        raise MethodNotAllowed(valid_methods=["GET", "HEAD", "OPTIONS"])
    raise NotFound()


def not_found(what: str, code: str):
    """Stop with a 404 problem naming what was not found."""
    raise Problem(404, f"There is no {what} {code!r}.")


# The follow-ups, terms and case-mix resources add their routes to this blueprint.
from webapp.web.api import case_mix, follow_ups  # noqa: E402, F401
