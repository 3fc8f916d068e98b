"""The API and the downloads cost the same number of SQL statements with 24 providers or 624."""

import pytest

from tests.conftest import build_app, isolated_database_url
from tests.integration.web.public.test_query_counts import (
    add_generated_providers,
    counted_statements,
)
from webapp.web import api

URLS = [
    "/api/v1/schemes",
    "/api/v1/services",
    "/api/v1/providers?per_page=100",
    "/api/v1/providers?service=MATCH-1&status=authorized",
    "/api/v1/providers?status=ended&per_page=5",
    "/api/v1/providers?page=2&per_page=5&status=authorized",
    "/api/v1/providers/jobbtorget",
    "/api/v1/results?per_page=100",
    "/api/v1/results?provider=jobbtorget&period=2025H1",
    "/api/v1/results?service=MATCH-1&page=2",
    "/api/v1/pooled-results?per_page=100",
    "/api/v1/pooled-results?service=MATCH-1",
    "/api/v1/pooled-results?service=all&page=2&per_page=5",
    "/api/v1/pooled-results?provider=jobbtorget",
    "/api/v1/follow-ups?per_page=100",
    "/api/v1/follow-ups?provider=arbetslust-stockholm&state=open",
    "/api/v1/terms",
    "/api/v1/strata-rates?per_page=100",
    "/api/v1/expected-results?per_page=100",
    "/api/v1/expected-results?provider=jobbtorget",
    "/api/dcat.jsonld",
    "/sv/open-data",
    "/sv/open-data/follow-ups.csv",
    "/sv/open-data/providers.csv",
    "/sv/open-data/results.csv",
    "/sv/open-data/strata-rates.csv",
    "/sv/open-data/expected-results.csv",
]


@pytest.fixture(scope="module")
def growing_app(tmp_path_factory):
    """An app on a database of its own, so adding providers leaves other tests alone."""
    app = build_app(isolated_database_url(tmp_path_factory, "opendatacount"))
    api.init_app(app)
    yield app
    app.extensions["db_engine"].dispose()


def count_statements(app) -> dict[str, int]:
    """Return how many statements each address sends."""
    client = app.test_client()
    engine = app.extensions["db_engine"]
    counts = {}
    for url in URLS:
        with counted_statements(engine) as statements:
            assert client.get(url).status_code == 200, url
        counts[url] = len(statements)
    return counts


def test_statement_count_does_not_grow_with_providers(growing_app):
    small = count_statements(growing_app)
    # More than 500, so a selectinload that batches by 500 would show.
    add_generated_providers(growing_app.extensions["db_engine"], 600)
    large = count_statements(growing_app)
    assert large == small
    assert all(count <= 24 for count in small.values()), {k: v for k, v in small.items() if v > 24}
