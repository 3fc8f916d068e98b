"""The open data API's follow-ups of providers and authorization terms, on the api blueprint."""

from functools import partial

from webapp.core.db import get_session
from webapp.followups.open_data import list_follow_ups_by_id, list_published_terms
from webapp.followups.public_record import get_published
from webapp.followups.rules import State
from webapp.results.public_record import list_provider_identities, load_catalog
from webapp.web.api.follow_up_documents import follow_up_document, terms_document
from webapp.web.api.params import read_lang, read_listing
from webapp.web.api.responses import item_response, list_response
from webapp.web.api.views import bp, not_found

STATES = tuple(state.value for state in State)


def document_maker(session, lang: str):
    """Return the follow-up document function with the names it needs."""
    known = load_catalog(session)
    return partial(
        follow_up_document,
        slugs={p.id: p.slug for p in list_provider_identities(session)},
        services=known.by_id,
        schemes={scheme.id: scheme for scheme in known.schemes},
        lang=lang,
    )


@bp.get("/v1/follow-ups")
def follow_ups():
    """List published follow-ups of providers, by id; optionally of one provider or service."""
    reader, paging, lang = read_listing("provider", "service", "state")
    session = get_session()
    known = load_catalog(session)
    names = {name.slug: name for name in list_provider_identities(session)}
    provider = reader.choice("provider", names, "provider")
    service = reader.choice("service", known.by_code, "service")
    state = reader.choice("state", STATES, "state")
    reader.finish()
    items = [
        f
        for f in list_follow_ups_by_id(session)
        if (provider is None or f.provider_id == provider.id)
        and (service is None or service.id in f.service_ids)
        and (state is None or f.state.value == state)
    ]
    return list_response(items, document_maker(session, lang), paging, lang)


@bp.get("/v1/follow-ups/<int:follow_up_id>")
def follow_up(follow_up_id):
    """Show one published follow-up."""
    lang = read_lang()
    session = get_session()
    found = get_published(session, follow_up_id=follow_up_id)
    on_record = {identity.id for identity in list_provider_identities(session)}
    if found is None or found.provider_id not in on_record:
        not_found("follow-up", str(follow_up_id))
    return item_response(found, document_maker(session, lang), lang)


@bp.get("/v1/terms")
def terms():
    """List every version of each scheme's authorization terms; optionally of one scheme."""
    reader, paging, lang = read_listing("scheme")
    session = get_session()
    known = load_catalog(session)
    scheme = reader.choice("scheme", known.schemes_by_code(), "scheme")
    reader.finish()
    items = [
        published
        for published in list_published_terms(session)
        if scheme is None or published.version.scheme_id == scheme.id
    ]
    schemes = {s.id: s for s in known.schemes}
    return list_response(items, partial(terms_document, schemes=schemes), paging, lang)
