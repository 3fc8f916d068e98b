"""The demo data: what it contains, and that loading it again changes nothing."""

import re
from collections import defaultdict

import pytest
from sqlmodel import SQLModel, select

from webapp import create_app
from webapp.authorizations.in_force import is_in_force
from webapp.authorizations.models import Authorization
from webapp.authorizations.vocab import END_REASONS
from webapp.catalog.models import Scheme, Service, ServiceTargetGroup
from webapp.catalog.vocab import TARGET_GROUPS
from webapp.core.clock import today
from webapp.core.db import get_session
from webapp.core.migrate import upgrade_database
from webapp.core.seed import load_seed
from webapp.core.textkeys import fold_for_search
from webapp.followups.models import Finding, FollowUp, FollowUpService, Term, TermsVersion
from webapp.followups.rules import State, overall_outcome, state_of
from webapp.followups.terms import version_in_force
from webapp.providers.models import Office, Provider, ProviderFeature, ProviderLanguage
from webapp.providers.orgnumbers import normalize_org_number
from webapp.providers.vocab import FEATURES
from webapp.results.models import Result
from webapp.results.periods import period_bounds

ALL_MODELS = (
    Scheme,
    Service,
    ServiceTargetGroup,
    Provider,
    Office,
    ProviderLanguage,
    ProviderFeature,
    Authorization,
    Result,
    TermsVersion,
    Term,
    FollowUp,
    FollowUpService,
    Finding,
)
LATEST_TWO = ("2025H1", "2025H2")
DISTRICTS = {
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Skärholmen",
    "Hägersten-Älvsjö",
}


@pytest.fixture
def db(app):
    """A session on the shared seeded database."""
    with app.app_context():
        yield get_session()


@pytest.fixture
def empty_app(tmp_path):
    """An app on its own migrated but empty SQLite database."""
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'seed.sqlite'}"}
    )
    with app.app_context():
        upgrade_database()
    yield app
    app.extensions["db_engine"].dispose()


def load_in(app, **options) -> bool:
    """Run the loader in a fresh app context, as the CLI does."""
    with app.app_context():
        return load_seed(**options)


def snapshot(app) -> dict[str, list[dict]]:
    """Return every row of every table, in a stable order."""
    with app.app_context():
        session = get_session()
        return {
            model.__tablename__: sorted(
                (row.model_dump() for row in session.exec(select(model))), key=repr
            )
            for model in ALL_MODELS
        }


def all_rows(session, model: type[SQLModel]) -> list:
    """Return every row of one table."""
    return list(session.exec(select(model)))


def results_by_provider(session) -> dict[int, list[Result]]:
    """Group every result row by its provider."""
    grouped = defaultdict(list)
    for result in all_rows(session, Result):
        grouped[result.provider_id].append(result)
    return grouped


def is_authorized_today(session, provider: Provider) -> bool:
    """Tell whether the provider holds any authorization in force today."""
    rows = session.exec(select(Authorization).where(Authorization.provider_id == provider.id))
    return any(is_in_force(a, today()) for a in rows)


def test_catalog_has_three_schemes_with_six_to_eight_services(db):
    schemes = all_rows(db, Scheme)
    services = all_rows(db, Service)
    assert len(schemes) == 3
    assert 6 <= len(services) <= 8
    assert {s.scheme_id for s in services} == {s.id for s in schemes}
    groups = all_rows(db, ServiceTargetGroup)
    assert {g.target_group for g in groups} <= TARGET_GROUPS.keys()
    assert {g.service_id for g in groups} == {s.id for s in services}


def test_capacity_bounds_are_ordered_percentages(db):
    for service in all_rows(db, Service):
        if service.capacity_min is not None and service.capacity_max is not None:
            assert 0 <= service.capacity_min < service.capacity_max <= 100


def test_there_are_24_providers_one_of_them_municipal(db):
    providers = all_rows(db, Provider)
    assert len(providers) == 24
    assert sum(p.is_municipal for p in providers) == 1


def test_org_numbers_are_valid_and_unique(db):
    numbers = [p.org_number for p in all_rows(db, Provider)]
    assert all(normalize_org_number(n) == n for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_names_are_searchable_and_slugs_plain(db):
    providers = all_rows(db, Provider)
    assert all(p.search_name == fold_for_search(p.name) for p in providers)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p.slug) for p in providers)
    initials = {p.name[0] for p in providers}
    assert {"Å", "Ä", "Ö"} <= initials


def test_every_provider_has_offices_languages_and_known_features(db):
    offices = all_rows(db, Office)
    languages = all_rows(db, ProviderLanguage)
    provider_ids = {p.id for p in all_rows(db, Provider)}
    assert {o.provider_id for o in offices} == provider_ids
    assert {o.district for o in offices} <= DISTRICTS
    swedish = {lang.provider_id for lang in languages if lang.language == "sv"}
    assert swedish == provider_ids
    assert all(re.fullmatch(r"[a-z]{2}", lang.language) for lang in languages)
    assert {f.feature for f in all_rows(db, ProviderFeature)} <= FEATURES.keys()


def test_municipal_provider_is_authorized_for_every_service(db):
    municipal = db.exec(select(Provider).where(Provider.is_municipal)).one()
    rows = db.exec(select(Authorization).where(Authorization.provider_id == municipal.id))
    active = {a.service_id for a in rows if is_in_force(a, today())}
    assert active == {s.id for s in all_rows(db, Service)}


def test_private_providers_are_authorized_for_one_to_five_services(db):
    services_of = defaultdict(set)
    for authorization in all_rows(db, Authorization):
        services_of[authorization.provider_id].add(authorization.service_id)
    for provider in all_rows(db, Provider):
        if not provider.is_municipal:
            assert 1 <= len(services_of[provider.id]) <= 5, provider.slug


def test_a_newly_authorized_provider_has_no_results(db):
    results = results_by_provider(db)
    without = [p for p in all_rows(db, Provider) if p.id not in results]
    assert [p.slug for p in without] == ["framtidsvagen-jobbmatchning"]
    assert is_authorized_today(db, without[0])


def test_a_provider_deauthorized_last_year_keeps_its_results(db):
    provider = db.exec(select(Provider).where(Provider.slug == "linjen-rekrytering")).one()
    rows = db.exec(select(Authorization).where(Authorization.provider_id == provider.id)).all()
    assert rows
    assert all(a.valid_until is not None and a.valid_until.year == 2025 for a in rows)
    assert all(a.end_reason in END_REASONS for a in rows)
    assert not is_authorized_today(db, provider)
    assert results_by_provider(db)[provider.id]


def test_results_are_consistent_and_within_authorized_periods(db):
    authorizations = defaultdict(list)
    for authorization in all_rows(db, Authorization):
        authorizations[authorization.provider_id, authorization.service_id].append(authorization)
    for result in all_rows(db, Result):
        assert result.in_work + result.in_studies <= result.completed
        if result.survey_respondents is not None:
            assert result.survey_satisfied <= result.survey_respondents
        first, last = period_bounds(result.period)
        assert any(
            a.valid_from <= last and (a.valid_until is None or a.valid_until > first)
            for a in authorizations[result.provider_id, result.service_id]
        )


def test_overall_share_in_work_or_studies_is_about_forty_percent(db):
    results = all_rows(db, Result)
    successes = sum(r.in_work + r.in_studies for r in results)
    completed = sum(r.completed for r in results)
    assert 0.35 <= successes / completed <= 0.45


def test_some_authorized_provider_is_too_small_to_show(app, db):
    minimum = app.config["MIN_GROUP_SIZE"]
    small = []
    for provider_id, results in results_by_provider(db).items():
        pooled = sum(r.completed for r in results if r.period in LATEST_TWO)
        provider = db.get(Provider, provider_id)
        if 0 < pooled < minimum and is_authorized_today(db, provider):
            small.append(provider.slug)
    assert small


def test_the_shared_database_is_already_up_to_date(app):
    assert load_in(app) is False


def test_loading_twice_changes_nothing(empty_app):
    assert load_in(empty_app) is True
    first = snapshot(empty_app)
    assert load_in(empty_app) is False
    assert snapshot(empty_app) == first


def test_only_if_empty_leaves_existing_data_alone(empty_app):
    assert load_in(empty_app, only_if_empty=True) is True
    with empty_app.app_context():
        session = get_session()
        session.delete(session.exec(select(Result).limit(1)).one())
        session.commit()
    before = snapshot(empty_app)
    assert load_in(empty_app, only_if_empty=True) is False
    assert snapshot(empty_app) == before
    assert load_in(empty_app) is True
    assert len(snapshot(empty_app)["result"]) == len(before["result"]) + 1


def test_loading_restores_edited_rows_and_bumps_the_version(empty_app):
    load_in(empty_app)
    with empty_app.app_context():
        session = get_session()
        provider = session.exec(select(Provider).where(Provider.slug == "jobbtorget")).one()
        provider.name = "Ändrat namn"
        session.add(ProviderLanguage(provider_id=provider.id, language="de"))
        session.commit()
    assert load_in(empty_app) is True
    with empty_app.app_context():
        session = get_session()
        provider = session.exec(select(Provider).where(Provider.slug == "jobbtorget")).one()
        languages = session.exec(
            select(ProviderLanguage.language).where(ProviderLanguage.provider_id == provider.id)
        ).all()
        assert provider.name == "Jobbtorget"
        assert provider.version == 2
        assert "de" not in languages


def test_demo_follow_ups_show_every_kind_of_outcome(db):
    """A published site visit with a remark and a demand, a closed remark, a sanction."""
    from sqlalchemy.orm import selectinload

    follow_ups = db.exec(
        select(FollowUp).options(selectinload(FollowUp.findings), selectinload(FollowUp.services))
    ).all()
    published = [f for f in follow_ups if f.published_at is not None]
    verdicts = [{finding.verdict for finding in f.findings} for f in published]
    assert any(
        {"remark", "demand"} <= v and f.kind == "site_visit"
        for f, v in zip(published, verdicts, strict=True)
    )
    assert any(state_of(f) is State.CLOSED and f.outcome == "remark" for f in published)
    assert any(v & {"warning", "reduced_payment"} for v in verdicts)
    assert any(f.published_at is None for f in follow_ups), "one waits for a second person"
    for follow_up in follow_ups:
        assert follow_up.outcome == overall_outcome(f.verdict for f in follow_up.findings)


def test_demo_findings_use_the_terms_in_force_when_held(db):
    from sqlalchemy.orm import selectinload

    versions = db.exec(select(TermsVersion).options(selectinload(TermsVersion.terms))).all()
    services = {s.id: s for s in all_rows(db, Service)}
    terms = {t.id: t for t in all_rows(db, Term)}
    for follow_up in db.exec(
        select(FollowUp).options(selectinload(FollowUp.findings), selectinload(FollowUp.services))
    ):
        schemes = {services[s.service_id].scheme_id for s in follow_up.services}
        for finding in follow_up.findings:
            version = next(v for v in versions if v.id == terms[finding.term_id].version_id)
            assert version.scheme_id in schemes
            in_force = version_in_force(
                [v for v in versions if v.scheme_id == version.scheme_id], follow_up.held_on
            )
            assert in_force.id == version.id
