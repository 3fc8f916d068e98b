"""The follow-up pages' tests run on a frozen day, with helpers to post the forms."""

from datetime import date

import pytest
from sqlmodel import select

from tests.clock import freeze
from tests.factories.staff import staff_account
from tests.integration.web.admin.authorizations.pages import service_ids
from tests.integration.web.admin.provider_pages import provider_id
from webapp.core.db import get_session
from webapp.followups.models import FollowUp, TermsVersion
from webapp.followups.terms import version_in_force

TODAY = date(2026, 11, 22)


@pytest.fixture
def today(time_machine):
    """Freeze the clock at midday on TODAY, before anyone logs in."""
    freeze(time_machine, TODAY)
    return TODAY


@pytest.fixture
def second_admin(app, staff_client, rollback):
    """Return a function giving a client logged in as another admin than staff_client's."""

    def log_in():
        with app.app_context():
            session = get_session()
            user = staff_account(session, role="admin", email="andra.admin@kommun.example")
            session.commit()
            email = user.email
        client = staff_client(None)
        assert client.login(email).status_code == 302
        return client

    return log_in


def term_ids(app, scheme: str = "MATCH", day: date = TODAY) -> dict[str, int]:
    """Map the references of a scheme's terms in force on a day to their ids."""
    from sqlalchemy.orm import selectinload

    from tests.factories.followups import scheme_id

    with app.app_context():
        session = get_session()
        versions = session.exec(
            select(TermsVersion)
            .where(TermsVersion.scheme_id == scheme_id(session, scheme))
            .options(selectinload(TermsVersion.terms))
        ).all()
        version = version_in_force(versions, day)
        return {term.reference: term.id for term in version.terms}


def follow_ups_of(app, slug: str) -> list[FollowUp]:
    """Return a provider's follow-ups, with findings, in the order recorded."""
    from sqlalchemy.orm import selectinload

    with app.app_context():
        statement = (
            select(FollowUp)
            .where(FollowUp.provider_id == provider_id(app, slug))
            .options(selectinload(FollowUp.findings), selectinload(FollowUp.services))
            .order_by(FollowUp.id)
        )
        return list(get_session().exec(statement))


def record_form(app, slug: str = "arbetslust-stockholm", findings=None, **fields) -> dict:
    """Return the record form's data: a site visit today of MATCH-1, with findings.

    findings maps term references (MATCH terms in force then) to (verdict, deadline, note).
    """
    ids = term_ids(app, day=fields.get("_day", TODAY))
    fields.pop("_day", None)
    data = {
        "kind": "site_visit",
        "held_on": TODAY.isoformat(),
        "services": [str(service_ids(app)["MATCH-1"])],
    }
    for reference, (verdict, deadline, note) in (findings or {}).items():
        data[f"verdict_{ids[reference]}"] = verdict
        data[f"deadline_{ids[reference]}"] = deadline
        data[f"note_{ids[reference]}"] = note
    return {**data, **fields}


def record(client, app, slug: str = "arbetslust-stockholm", **kwargs):
    """Post the record form for a provider."""
    return client.post(
        f"/admin/providers/{provider_id(app, slug)}/follow-ups/new",
        record_form(app, slug, **kwargs),
    )
