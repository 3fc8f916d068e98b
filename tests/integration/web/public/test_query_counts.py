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
    "/sv/providers/jobbtorget?people=newcomers",
    "/sv/providers?service=MATCH-1&people=18-24&sort=result",
    "/sv/providers?people=newcomers",
    "/sv/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm&service=MATCH-1&diff=1",
    "/sv/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm",
    "/sv/about-results",
    "/sv/about-results/method",
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
    grow(growing_app)
    large = count_page_statements(growing_app)
    assert large == small
    # The profile reads the most: results, survey, half-years, strata rates, its strata, a group.
    assert all(count <= 24 for count in small.values()), small


def grow(app) -> None:
    """Add 1,976 generated providers to the app's database, once."""
    if not app.extensions.get("grown"):
        add_generated_providers(app.extensions["db_engine"], 1976)
        app.extensions["grown"] = True


def test_list_is_paged_and_stays_light_with_many_providers(growing_app):
    grow(growing_app)
    import gzip

    from tests.conftest import parse_page

    client = growing_app.test_client()
    response = client.get("/sv/providers")
    page = parse_page(response)
    assert len(page.select(".provider-card")) == 50
    count = page.find(id="result-count").get_text(" ", strip=True)
    assert count.replace("\xa0", " ") == "1 999 anordnare"  # 23 seeded, 1,976 generated
    next_link = page.select_one(".pagination a[rel=next]")["href"]
    assert "page=2" in next_link
    assert len(gzip.compress(response.data)) < 30 * 1024
    last = parse_page(client.get("/sv/providers?page=999"))
    assert (
        last.select_one(".pagination [aria-current=page]").get_text(strip=True) == "Sida 40 av 40"
    )
