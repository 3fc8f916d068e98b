"""Lists paged in SQL: the items, order and metadata of the whole list built and cut in Python."""

import math
from urllib.parse import parse_qsl, urlencode

import pytest

from tests.integration.web.api.conftest import fetch_json, walk
from webapp.core import clock
from webapp.core.db import get_session
from webapp.results.open_data import collect_cells, collect_pooled
from webapp.results.public_record import (
    list_provider_identities,
    list_public_providers,
    load_catalog,
    standing,
)
from webapp.web.api.documents import cell_document, pooled_document

PER_PAGE = 7


def check_pages(client, path: str, query: str, expected: list) -> list:
    """Walk a list page by page; check its items, its order and every page's metadata."""
    args = {**dict(parse_qsl(query)), "per_page": PER_PAGE}
    items = walk(client, f"{path}?{urlencode(args)}")
    assert items == expected
    last = max(1, math.ceil(len(expected) / PER_PAGE))
    for number in sorted({1, 2, last}):
        if number > last:
            continue
        body = fetch_json(client, f"{path}?{urlencode({**args, 'page': number})}")
        assert body["meta"] == {
            "page": number,
            "per_page": PER_PAGE,
            "total_items": len(expected),
            "total_pages": last,
            "lang": "sv",
        }
        start = (number - 1) * PER_PAGE
        assert body["data"] == expected[start : start + PER_PAGE]
        assert (body["links"]["next"] is None) == (number == last)
    return items


@pytest.mark.parametrize(
    "query",
    [
        "",
        "service=MATCH-1",
        "service=FORB-1",
        "status=authorized",
        "status=ended",
        "status=not_yet",
        "service=FORB-1&status=authorized",
    ],
)
def test_providers_come_by_id_filtered_as_their_standing_says(app, client, query):
    args = dict(parse_qsl(query))
    with app.app_context():
        session = get_session()
        service = load_catalog(session).by_code.get(args.get("service"))
        expected = [
            provider.slug
            for provider in list_public_providers(session)
            if (service is None or any(a.service_id == service.id for a in provider.authorizations))
            and args.get("status") in (None, standing(provider, clock.today())[0])
        ]
    documents = walk(client, f"/api/v1/providers?per_page=100&{query}")
    assert [p["slug"] for p in documents] == expected
    check_pages(client, "/api/v1/providers", query, documents)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "service=MATCH-2",
        "provider=kompassen-jobbcoachning",
        "period=2024H2",
        "provider=framtidsvagen-jobbmatchning&service=MATCH-1",
        "period=2030H1",
    ],
)
def test_result_pages_are_the_whole_list_cut(app, client, query):
    args = dict(parse_qsl(query))
    with app.app_context():
        session = get_session()
        known = load_catalog(session)
        cells = collect_cells(
            session,
            providers=[
                identity
                for identity in list_provider_identities(session)
                if args.get("provider") in (None, identity.slug)
            ],
            services=[s for s in known.services if args.get("service") in (None, s.code)],
            period=args.get("period"),
            minimum=app.config["MIN_GROUP_SIZE"],
        )
        expected = [cell_document(cell) for cell in cells]
    check_pages(client, "/api/v1/results", query, expected)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "service=all",
        "service=MATCH-1",
        "provider=jobbtorget",
        "provider=jobbtorget&service=all",
    ],
)
def test_pooled_pages_are_the_whole_list_cut(app, client, query):
    args = dict(parse_qsl(query))
    with app.app_context():
        session = get_session()
        known = load_catalog(session)
        wanted = {None: [None, *known.services], "all": [None]}.get(
            args.get("service"), [known.by_code.get(args.get("service"))]
        )
        pooled = collect_pooled(
            session,
            providers=[
                identity
                for identity in list_provider_identities(session)
                if args.get("provider") in (None, identity.slug)
            ],
            services=wanted,
            minimum=app.config["MIN_GROUP_SIZE"],
        )
        expected = [pooled_document(item) for item in pooled]
    assert expected
    check_pages(client, "/api/v1/pooled-results", query, expected)
