"""Generated providers and results, to see how the pages cope with many of them."""

from datetime import date

from sqlmodel import Session, select

from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.core.textkeys import fold_for_search
from webapp.providers.models import Office, Provider, ProviderFeature, ProviderLanguage
from webapp.results.models import PublishedPeriod, Result

DISTRICTS = ("Bromma", "Farsta", "Rinkeby-Kista", "Skärholmen", "Södermalm", "Östermalm")
LANGUAGES = ("sv", "en", "ar", "so", "fa", "ti", "uk", "pl")


def half_years(count: int, last: str = "2025H2") -> list[str]:
    """Return count consecutive half-years ending with last."""
    year, half = int(last[:4]), int(last[-1])
    periods = []
    for _ in range(count):
        periods.append(f"{year}H{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return periods[::-1]


def add_generated_providers(engine, how_many: int, *, periods: int = 6) -> None:
    """Add authorized providers with offices, languages, features and results."""
    with Session(engine) as session:
        services = session.exec(select(Service)).all()
        all_periods = half_years(periods)
        for number in range(how_many):
            name = f"Genererad anordnare {number:04d}"
            provider = Provider(
                org_number=f"9{number:05d}-{number % 10000:04d}",
                name=name,
                search_name=fold_for_search(name),
                slug=f"genererad-{number:04d}",
                offices=[Office(street_address=f"Gatan {number}", district=DISTRICTS[number % 6])],
                languages=[
                    ProviderLanguage(language="sv"),
                    ProviderLanguage(language=LANGUAGES[1 + number % 7]),
                ],
                features=[ProviderFeature(feature="childcare")] if number % 3 == 0 else [],
            )
            session.add(provider)
            session.flush()
            service = services[number % len(services)]
            session.add(
                Authorization(
                    provider_id=provider.id,
                    service_id=service.id,
                    decision_date=date(2014, 12, 1),
                    valid_from=date(2015, 1, 1),
                    decision_reference=f"GEN {number}",
                )
            )
            session.add_all(
                Result(
                    provider_id=provider.id,
                    service_id=service.id,
                    period=period,
                    completed=20 + number % 30,
                    in_work=5 + number % 9,
                    in_studies=2 + number % 4,
                    average_days=150,
                    survey_respondents=10,
                    survey_satisfied=7,
                )
                for period in all_periods
            )
        # Their half-years are published for every service, as staff would after importing.
        published = {
            tuple(row)
            for row in session.exec(select(PublishedPeriod.service_id, PublishedPeriod.period))
        }
        session.add_all(
            PublishedPeriod(service_id=service.id, period=period)
            for service in services
            for period in all_periods
            if (service.id, period) not in published
        )
        session.commit()
