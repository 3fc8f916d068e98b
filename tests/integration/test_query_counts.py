"""Pages cost the same number of SQL statements with 24 providers or 2,000."""

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from tests.conftest import build_app, isolated_database_url
from webapp.models import (
    Authorization,
    Office,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    Result,
    Service,
)
from webapp.textkeys import fold_for_search

PAGES = [
    "/sv/",
    "/sv/providers",
    "/sv/providers?service=MATCH-1&language=ar&sort=result",
    "/sv/providers?feature=childcare&feature=evening_activities&q=a",
    "/sv/providers/jobbtorget",
    "/sv/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm&diff=1",
    "/sv/about-results",
]
PERIODS = ["2023H1", "2023H2", "2024H1", "2024H2", "2025H1", "2025H2"]


@contextmanager
def counted_statements(engine):
    """Count the SQL statements sent while the block runs."""
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_generated_providers(engine, how_many: int) -> None:
    """Add authorized providers with offices, languages, features and results."""
    with Session(engine) as session:
        services = session.exec(select(Service)).all()
        for number in range(how_many):
            name = f"Genererad anordnare {number:04d}"
            provider = Provider(
                org_number=f"9{number:05d}-{number % 10000:04d}",
                name=name,
                search_name=fold_for_search(name),
                slug=f"genererad-{number:04d}",
                offices=[Office(street_address=f"Gatan {number}", district="Bromma")],
                languages=[ProviderLanguage(language="sv"), ProviderLanguage(language="ar")],
                features=[ProviderFeature(feature="childcare")],
            )
            session.add(provider)
            session.flush()
            service = services[number % len(services)]
            session.add(
                Authorization(
                    provider_id=provider.id,
                    service_id=service.id,
                    decision_date=date(2022, 12, 1),
                    valid_from=date(2023, 1, 1),
                    decision_reference=f"GEN {number}",
                )
            )
            session.add_all(
                Result(
                    provider_id=provider.id,
                    service_id=service.id,
                    period=period,
                    completed=20,
                    in_work=6,
                    in_studies=2,
                    average_days=150,
                    survey_respondents=10,
                    survey_satisfied=7,
                )
                for period in PERIODS
            )
        session.commit()


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
