"""Pages cost the same number of SQL statements with 24 providers or 2,000."""

import pytest

from benchmarks.datagen import add_generated_providers
from tests.conftest import build_app, isolated_database_url
from tests.sqlcount import counted_statements

PAGES = [
    "/sv/",
    "/sv/providers",
    "/sv/providers?service=MATCH-1&language=ar&sort=result",
    "/sv/providers?feature=childcare&feature=evening_activities&q=a",
    "/sv/providers/jobbtorget",
    "/sv/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm&diff=1",
    "/sv/about-results",
]


@pytest.fixture(scope="module")
def growing_app(tmp_path_factory):
    """An app on a database of its own, so adding providers leaves other tests alone."""
    app = build_app(isolated_database_url(tmp_path_factory, "querycount"))
    yield app
    app.extensions["db_engine"].dispose()


def count_page_statements(app) -> dict[str, int]:
    """Return how many statements each page sends."""
    client = app.test_client()
    engine = app.extensions["db_engine"]
    counts = {}
    for url in PAGES:
        with counted_statements(engine) as statements:
            assert client.get(url).status_code == 200, url
        counts[url] = len(statements)
    return counts


def test_statement_count_does_not_grow_with_providers(growing_app):
    small = count_page_statements(growing_app)
    add_generated_providers(growing_app.extensions["db_engine"], 1976)
    large = count_page_statements(growing_app)
    assert large == small
    assert all(count <= 20 for count in small.values()), small
