"""What is published: providers on public record, the catalogue, periods, spans and standing."""

from datetime import date

from tests.factories.results import seeded_provider, seeded_service
from webapp.results.public_record import (
    get_public_provider,
    list_authorization_spans,
    list_provider_identities,
    list_public_providers,
    list_results,
    load_catalog,
    standing,
)
from webapp.results.windows import list_published_periods


def test_every_provider_with_an_authorization_is_on_public_record(session):
    identities = list_provider_identities(session)
    providers = list_public_providers(session)
    assert (
        [i.id for i in identities] == [p.id for p in providers] == sorted(p.id for p in providers)
    )
    slugs = {identity.slug for identity in identities}
    # Still authorized, no longer, and not yet: all on record.
    assert {"jobbtorget", "linjen-rekrytering", "framtidsvagen-jobbmatchning"} <= slugs
    jobbtorget = next(i for i in identities if i.slug == "jobbtorget")
    assert (jobbtorget.name, jobbtorget.org_number) == ("Jobbtorget", "212000-9747")


def test_one_public_provider_by_slug(session):
    assert get_public_provider(session, slug="jobbtorget").org_number == "212000-9747"
    assert get_public_provider(session, slug="no-such-provider") is None


def test_authorization_spans_of_one_provider_or_service(session):
    linjen, match_1 = seeded_provider(session, "linjen-rekrytering"), seeded_service(session)
    spans = list_authorization_spans(session, provider_id=linjen.id)
    assert {(s.service_id, s.valid_from, s.valid_until) for s in spans} == {
        (match_1.id, date(2022, 9, 1), date(2025, 4, 1)),
        (seeded_service(session, "MATCH-2").id, date(2022, 9, 1), date(2025, 4, 1)),
    }
    one = list_authorization_spans(session, provider_id=linjen.id, service_id=match_1.id)
    assert [s.service_id for s in one] == [match_1.id]
    everyone = list_authorization_spans(session, service_id=match_1.id)
    assert len(everyone) > 1 and {s.service_id for s in everyone} == {match_1.id}


def test_results_of_one_provider_or_service_in_stored_order(session):
    provider, service = seeded_provider(session), seeded_service(session)
    mine = list_results(session, provider_id=provider.id)
    assert len(mine) == 42 and {row.provider_id for row in mine} == {provider.id}
    assert [row.id for row in mine] == sorted(row.id for row in mine)
    one = list_results(session, provider_id=provider.id, service_id=service.id)
    assert [row.period for row in one] == [f"{y}H{h}" for y in (2023, 2024, 2025) for h in (1, 2)]


def test_published_periods_are_every_half_year_published_for_any_service(session):
    assert list_published_periods(session) == [
        "2023H1",
        "2023H2",
        "2024H1",
        "2024H2",
        "2025H1",
        "2025H2",
    ]


def test_catalog_looks_services_up_by_code_and_id_in_display_order(session):
    catalog = load_catalog(session)
    codes = [service.code for service in catalog.services]
    assert codes[:2] == ["MATCH-1", "MATCH-2"] and len(codes) == 7
    match_1 = catalog.by_code["MATCH-1"]
    assert catalog.by_id[match_1.id] is match_1
    assert list(catalog.by_id) == [service.id for service in catalog.services]
    scheme = catalog.scheme_of(match_1)
    assert catalog.scheme_by_code(scheme.code) is scheme
    assert catalog.scheme_by_code("NOPE") is None


def test_standing_today_with_its_dates(session):
    def standing_of(slug: str, today: date):
        return standing(get_public_provider(session, slug=slug), today)

    assert standing_of("jobbtorget", date(2026, 11, 22)) == ("authorized", {})
    assert standing_of("linjen-rekrytering", date(2026, 11, 22)) == (
        "ended",
        {"ended_on": "2025-04-01"},
    )
    assert standing_of("framtidsvagen-jobbmatchning", date(2026, 8, 1)) == (
        "not_yet",
        {"starts_on": "2026-09-01"},
    )
