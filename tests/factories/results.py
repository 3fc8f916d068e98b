"""Half-year results, and the import files that carry them.

Every test app is seeded with the demo providers and services; these factories
add result rows for them. Jobbtorget (212000-9747) has been authorized for
MATCH-1 since 2022 and has results in every published half-year. Every half-year of the
demo results is published for its service; ``publish`` and ``unpublish`` change that.
"""

from sqlmodel import Session, select

from tests.factories import scene
from webapp.catalog.models import Service
from webapp.providers.models import Provider
from webapp.results.models import PublishedPeriod, Result

JOBBTORGET = "jobbtorget"
JOBBTORGET_ORG = "212000-9747"
IMPORT_HEADER = "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier;snitt_dagar"
# The optional columns on how the service is delivered, after the required ones.
DELIVERY_HEADER = (
    "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier;"
    "paborjade;slutade_i_fortid;median_dagar_forsta_motet;antal_forsta_motet"
)


def seeded_provider(session: Session, slug: str = JOBBTORGET) -> Provider:
    """Return one of the demo providers every test database has."""
    return session.exec(select(Provider).where(Provider.slug == slug)).one()


def seeded_service(session: Session, code: str = "MATCH-1") -> Service:
    """Return one of the demo services every test database has."""
    return session.exec(select(Service).where(Service.code == code)).one()


def add_result(
    session: Session,
    *,
    provider_id: int,
    service_id: int,
    period: str = "2025H1",
    completed: int = 40,
    in_work: int = 16,
    in_studies: int = 4,
    average_days: int | None = None,
    survey_respondents: int | None = None,
    survey_satisfied: int | None = None,
    started: int | None = None,
    left_early: int | None = None,
    first_meeting_days: int | None = None,
    first_meeting_people: int | None = None,
) -> Result:
    """Store one half-year result (replacing the seeded one for the same cell), and return it."""
    with scene():
        stored = session.exec(
            select(Result).where(
                Result.provider_id == provider_id,
                Result.service_id == service_id,
                Result.period == period,
            )
        ).first()
        if stored is not None:
            session.delete(stored)
            session.flush()
        row = Result(
            provider_id=provider_id,
            service_id=service_id,
            period=period,
            completed=completed,
            in_work=in_work,
            in_studies=in_studies,
            average_days=average_days,
            survey_respondents=survey_respondents,
            survey_satisfied=survey_satisfied,
            started=started,
            left_early=left_early,
            first_meeting_days=first_meeting_days,
            first_meeting_people=first_meeting_people,
        )
        session.add(row)
        session.flush()
    return row


def add_empty_half_year(session: Session, *, slug: str = JOBBTORGET, period: str = "2025H2"):
    """Store a half-year of MATCH-1 in which nobody finished the service, and return it."""
    return add_result(
        session,
        provider_id=seeded_provider(session, slug).id,
        service_id=seeded_service(session).id,
        period=period,
        completed=0,
        in_work=0,
        in_studies=0,
    )


def import_file(*rows: str, header: str = IMPORT_HEADER) -> str:
    """Return the text of an import file: the header and these rows, semicolon-separated."""
    return "\n".join([header, *rows]) + "\n"


def publish(session: Session, *, service_id: int, period: str) -> PublishedPeriod:
    """Mark a half-year published for a service, as staff would after an import, and return it."""
    with scene():
        row = PublishedPeriod(service_id=service_id, period=period)
        session.add(row)
        session.flush()
    return row


def unpublish(session: Session, *, service_id: int, period: str) -> None:
    """Take a half-year's publication away for a service (as withdrawing it would)."""
    with scene():
        for row in session.exec(
            select(PublishedPeriod).where(
                PublishedPeriod.service_id == service_id, PublishedPeriod.period == period
            )
        ):
            session.delete(row)
        session.flush()


def stored_cell(session: Session, *, slug: str, code: str, period: str) -> Result:
    """Return the stored result of one provider, service and half-year."""
    statement = (
        select(Result)
        .join(Provider, Provider.id == Result.provider_id)
        .join(Service, Service.id == Result.service_id)
        .where(Provider.slug == slug, Service.code == code, Result.period == period)
    )
    return session.exec(statement).one()


def set_delivery(session: Session, *, slug: str, code: str, period: str, **values) -> Result:
    """Change how the service was delivered in one stored half-year, as a later import would."""
    with scene(session) as writer:
        row = writer.get(Result, stored_cell(session, slug=slug, code=code, period=period).id)
        for name, value in values.items():
            setattr(row, name, value)
        writer.add(row)
    return row
